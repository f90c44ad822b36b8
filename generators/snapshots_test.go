package generators_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	snapshotv1 "kubevirt.io/api/snapshot/v1beta1"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// A VM with a snapshot policy gets, on each of its clusters, a CronJob in
// its namespace and the account it runs as, allowed only snapshots; the
// snapshot it creates names the VM and is labelled for pruning.
func TestSnapshots(t *testing.T) {
	f := base()
	f.Spec.VMs[0].Snapshots = &v1alpha1.SnapshotPolicy{Schedule: "0 1 * * *", Keep: ptr(int32(3))}
	f.Default()
	p := plan.Build(f)
	objs := generators.Snapshots(p, p.Cluster("east"))
	want := []string{"ServiceAccount/apps/vmfleet-snapshots", "Role/apps/vmfleet-snapshots", "RoleBinding/apps/vmfleet-snapshots", "CronJob/apps/app-snapshots"}
	if diff := cmp.Diff(want, kinds(objs)); diff != "" {
		t.Fatalf("objects (-want +got):\n%s", diff)
	}
	role := objs[1].(*objects.Role)
	if diff := cmp.Diff([]objects.PolicyRule{{APIGroups: []string{"snapshot.kubevirt.io"}, Resources: []string{"virtualmachinesnapshots"},
		Verbs: []string{"create", "get", "list", "delete"}}}, role.Rules); diff != "" {
		t.Errorf("role (-want +got):\n%s", diff)
	}
	cj := objs[3].(*objects.CronJob)
	if cj.Spec.Schedule != "0 1 * * *" || cj.Spec.ConcurrencyPolicy != "Forbid" {
		t.Errorf("cronjob spec: %+v", cj.Spec)
	}
	c := cj.Spec.JobTemplate.Spec.Template.Spec.Containers[0]
	if c.Image != v1alpha1.DefaultSnapshotImage || !strings.Contains(c.Command[2], "oc create -f -") {
		t.Errorf("container: %+v", c)
	}
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	if env["VM"] != "app" || env["KEEP"] != "3" {
		t.Errorf("env: %v", env)
	}
	var snap snapshotv1.VirtualMachineSnapshot
	if err := json.Unmarshal([]byte(env["SNAPSHOT"]), &snap); err != nil {
		t.Fatal(err)
	}
	if snap.GenerateName != "app-" || snap.Namespace != "apps" || snap.Labels[generators.LabelSnapshotVM] != "app" ||
		snap.Spec.Source.Kind != "VirtualMachine" || snap.Spec.Source.Name != "app" || *snap.Spec.Source.APIGroup != "kubevirt.io" {
		t.Errorf("snapshot: %+v", snap)
	}
	if strings.Contains(env["SNAPSHOT"], "status") || strings.Contains(env["SNAPSHOT"], "creationTimestamp") {
		t.Errorf("snapshot manifest carries empty fields: %s", env["SNAPSHOT"])
	}
	// Without a policy, nothing.
	if objs := generators.Snapshots(plan.Build(base()), plan.Build(base()).Cluster("east")); len(objs) != 0 {
		t.Errorf("no policy, yet %v", kinds(objs))
	}
}
