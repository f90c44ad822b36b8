//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	cdiv1 "kubevirt.io/containerized-data-importer-api/pkg/apis/core/v1beta1"
)

// TestCloneGrants (in a file named to run after every dry-run: it applies the grants for real) asks CDI's own clone authorisation (containerized-data-importer-api
// CanServiceAccountClonePVC, what KubeVirt runs as the VM namespace's default ServiceAccount before it
// creates a DataVolume that clones from another namespace) against the API server's RBAC, for every
// clone grant the examples' dependency policies carry: refused before the grant is applied, allowed
// after, and still refused for another PVC of the source namespace when the grant names its PVCs.
func TestCloneGrants(t *testing.T) {
	createSar := func(sar *authorizationv1.SubjectAccessReview) (*authorizationv1.SubjectAccessReview, error) {
		body, _ := json.Marshal(sar)
		r, err := ck.main.do("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", "application/json", body)
		if err != nil {
			return nil, err
		}
		out := &authorizationv1.SubjectAccessReview{}
		return out, json.Unmarshal(r.body, out)
	}
	checked := 0
	for _, fleet := range examples(t) {
		hub, _ := fleetStreams(t, fleet)
		all, _ := expand(hub)
		roles := map[string]object{}
		for _, o := range all {
			if o.kind == "Role" && strings.HasPrefix(o.name, "vmfleet-clone-") {
				roles[o.namespace+"/"+o.name] = o
			}
		}
		for _, rb := range all {
			if rb.kind != "RoleBinding" || !strings.HasPrefix(rb.name, "vmfleet-clone-") {
				continue
			}
			role, ok := roles[rb.namespace+"/"+str(rb.u, "roleRef", "name")]
			if !ok {
				t.Errorf("%s: RoleBinding %s/%s binds a Role the policy does not carry", fleet, rb.namespace, rb.name)
				continue
			}
			subj, _ := list(rb.u, "subjects")[0].(map[string]any)
			saNS, saName := str(subj, "namespace"), str(subj, "name")
			var pvcs []string
			for _, r := range list(role.u, "rules") {
				for _, n := range list(r, "resourceNames") {
					pvcs = append(pvcs, n.(string))
				}
			}
			if len(pvcs) == 0 {
				pvcs = []string{"any-pvc"}
			}
			can := func(pvc string) (bool, string) {
				ok, reason, err := cdiv1.CanServiceAccountClonePVC(createSar, role.namespace, pvc, saNS, saName)
				if err != nil {
					t.Fatalf("CanServiceAccountClonePVC: %v", err)
				}
				return ok, reason
			}
			if ok, _ := can(pvcs[0]); ok {
				t.Errorf("%s: %s:%s may clone from %s before the grant exists: the check cannot fail", rb.origin, saNS, saName, role.namespace)
				continue
			}
			create(t, ck.main, role.u)
			create(t, ck.main, rb.u)
			for _, pvc := range pvcs {
				// The API server's RBAC authorizer sees a new binding through its informers, a moment
				// later; KubeVirt retries the same way.
				if err := waitFor(20*time.Second, func() error {
					if ok, reason := can(pvc); !ok {
						return fmt.Errorf("%s", reason)
					}
					return nil
				}); err != nil {
					t.Errorf("%s: with the grant applied, CDI still refuses %s:%s cloning %s/%s: %v", rb.origin, saNS, saName, role.namespace, pvc, err)
				}
			}
			if len(list(list(role.u, "rules")[0], "resourceNames")) > 0 {
				if ok, _ := can(pvcs[0] + "-other"); ok {
					t.Errorf("%s: the grant lets %s:%s clone any PVC of %s, not only %v", rb.origin, saNS, saName, role.namespace, pvcs)
				}
			}
			checked++
			t.Logf("%s: CDI lets %s:%s clone %s/%v only once the grant is applied", rb.name, saNS, saName, role.namespace, pvcs)
		}
	}
	if checked == 0 {
		t.Fatal("no example carries a clone grant")
	}
}
