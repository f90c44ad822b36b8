//go:build e2e

package e2e

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// preinstalled are the hub namespaces that exist before any fleet: OpenShift GitOps installs
// openshift-gitops, ACM's observability its namespace. A fleet creates every other namespace it writes into.
var preinstalled = []string{"openshift-gitops", "open-cluster-management-observability"}

// sharedHub are the fleets of one hub: the platform fleet and two tenants.
var sharedHub = []string{"platform", "payments", "analytics"}

// TestFreshHub applies the shared-hub fleets' hub/ trees, as `vmfleet render` writes them, with `kubectl
// apply --server-side -k` (each fleet its own field manager) to a hub that has no namespace but the
// preinstalled ones: every namespace the trees write into must come from the trees. Server-side apply
// refuses (a conflict) a field another manager set to another value, so the three fleets applying cleanly
// onto one hub, and each finding no difference afterwards, is the real API server's word that they share
// the hub without fighting. Negative control: the lab fleet, a second owner of the baseline, must be refused.
func TestFreshHub(t *testing.T) {
	examples(t)
	c := freshHub
	for _, ns := range []string{"policies-virt", "policies-payments", "policies-analytics", "analytics-secrets"} {
		if _, err := c.do("GET", "/api/v1/namespaces/"+ns, "", nil); err == nil {
			t.Fatalf("namespace %s exists before any apply: the hub is not fresh", ns)
		} else if ae := (*apiError)(nil); !errors.As(err, &ae) || !ae.notFound() {
			t.Fatalf("GET namespace %s: %v", ns, err)
		}
	}
	for _, ns := range preinstalled {
		if err := c.ensureNamespace(ns); err != nil {
			t.Fatal(err)
		}
	}
	trees := map[string]string{}
	for _, fleet := range sharedHub {
		dir := t.TempDir()
		runCLI(t, "render", filepath.Join(env.root, "examples", "shared-hub-"+fleet, "fleet.yaml"), "-o", dir)
		trees[fleet] = filepath.Join(dir, "hub")
	}
	apply := func(fleet, hub string) (string, int) {
		out, code, err := c.kubectl(env, nil, "apply", "--server-side", "--field-manager="+fleet, "-k", hub)
		if err != nil {
			t.Fatalf("kubectl apply -k %s: %v", hub, err)
		}
		return out, code
	}
	for round := 1; round <= 2; round++ {
		for _, fleet := range sharedHub {
			out, code := apply(fleet, trees[fleet])
			if code != 0 {
				t.Fatalf("round %d: kubectl apply --server-side -k of fleet %s's hub/ on the fresh hub: exit %d\n%s", round, fleet, code, out)
			}
			if round == 1 {
				t.Logf("fleet %s: kubectl apply --server-side -k hub/: %d objects", fleet, strings.Count(out, "serverside-applied"))
			}
		}
	}
	for _, fleet := range sharedHub {
		out, code, err := c.kubectl(env, nil, "diff", "--server-side", "--field-manager="+fleet, "-k", trees[fleet])
		if err != nil || code != 0 {
			t.Errorf("kubectl diff --server-side -k of fleet %s's hub/ after all three applied: exit %d, %v\n%s", fleet, code, err, out)
		}
	}

	// The lab fleet owns a baseline too: its cnv-operator Policy differs from the platform's.
	dir := t.TempDir()
	runCLI(t, "render", filepath.Join(env.root, "examples", "lab", "fleet.yaml"), "-o", dir)
	out, code := apply("lab", filepath.Join(dir, "hub"))
	if code == 0 || !strings.Contains(out, "conflict") {
		t.Errorf("a second baseline owner must be refused with a conflict; kubectl apply exit %d:\n%s", code, out)
	} else {
		t.Logf("a second baseline owner is refused, as it must be:\n%s", conflictLines(out))
	}
}

func conflictLines(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "conflict") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
