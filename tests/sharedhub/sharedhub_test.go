// Package sharedhub checks that fleets sharing one hub never fight: the
// platform fleet and its tenants (examples/shared-hub-*) are rendered
// together, and no object identity (apiVersion, kind, namespace, name) may
// be written by two fleets with different content.
package sharedhub

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"vmfleet.dev/vmfleet/render"
	"vmfleet.dev/vmfleet/tests/internal/testutil"
)

var trio = []string{"shared-hub-platform", "shared-hub-payments", "shared-hub-analytics"}

// baselineKinds are written only by the fleet that manages the baseline.
var baselineKinds = []string{"OperatorPolicy", "PolicySet"}

type written struct {
	fleet, content string
}

// clashes renders every fleet's hub objects and returns, sorted, each
// identity two fleets write with different content.
func clashes(t *testing.T, fleets []*render.Fleet) (out []string, perFleet map[string]map[string]string) {
	t.Helper()
	seen := map[string]written{}
	perFleet = map[string]map[string]string{}
	for _, f := range fleets {
		objs := testutil.Objects(t, testutil.HubStream(t, f))
		perFleet[f.Name()] = objs
		for id, content := range objs {
			prev, ok := seen[id]
			switch {
			case !ok:
				seen[id] = written{f.Name(), content}
			case prev.content != content:
				out = append(out, fmt.Sprintf("%s: written by %s and %s with different content", id, prev.fleet, f.Name()))
			}
		}
	}
	sort.Strings(out)
	return out, perFleet
}

func load(t *testing.T, example string) *render.Fleet {
	return testutil.Load(t, filepath.Join(testutil.Root(), "examples", example, "fleet.yaml"))
}

func TestSharedHub(t *testing.T) {
	var fleets []*render.Fleet
	for _, e := range trio {
		fleets = append(fleets, load(t, e))
	}
	bad, perFleet := clashes(t, fleets)
	for _, b := range bad {
		t.Error(b)
	}
	shared := 0
	count := map[string]int{}
	for _, objs := range perFleet {
		for id := range objs {
			count[id]++
		}
	}
	for _, n := range count {
		if n > 1 {
			shared++
		}
	}
	t.Logf("%d identities written in all, %d of them by more than one fleet (same content)", len(count), shared)

	// The tenants write no baseline object, and every tenant Policy and
	// Placement carries the tenant's name.
	for _, f := range fleets[1:] {
		for id := range perFleet[f.Name()] {
			parts := strings.Split(id, "/")
			kind, name := parts[len(parts)-3], parts[len(parts)-1]
			for _, k := range baselineKinds {
				if kind == k {
					t.Errorf("tenant %s writes baseline object %s", f.Name(), id)
				}
			}
			if id == "v1/ConfigMap/open-cluster-management-observability/observability-metrics-custom-allowlist" {
				t.Errorf("tenant %s writes the hub allowlist", f.Name())
			}
			if (kind == "Policy" || kind == "Placement" || kind == "PlacementBinding") && !strings.HasPrefix(name, f.Name()) {
				t.Errorf("tenant %s: %s is not named after the fleet", f.Name(), id)
			}
		}
	}
	if _, ok := perFleet["platform"]["policy.open-cluster-management.io/v1beta1/PolicySet/policies-virt/cnv-baseline"]; !ok {
		t.Errorf("the platform fleet writes no cnv-baseline PolicySet")
	}
}

// Negative control: a tenant that forgets managedBy becomes a second owner
// of the baseline, and the check must name what the two fleets fight over.
func TestSharedHubCatchesTwoOwners(t *testing.T) {
	file := filepath.Join(testutil.Root(), "examples", "shared-hub-payments", "fleet.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	owner := strings.Replace(string(data), "managedBy: platform", "managedBy: \"\"", 1)
	second, findings := render.Load("second-owner.yaml", []byte(owner))
	if second == nil {
		t.Fatalf("fleet does not load: %v", findings)
	}
	bad, _ := clashes(t, []*render.Fleet{load(t, "shared-hub-platform"), second})
	want := "policy.open-cluster-management.io/v1/Policy/policies-virt/cnv-operator: written by platform and payments with different content"
	found := false
	for _, b := range bad {
		found = found || b == want
	}
	if !found {
		t.Errorf("two owners of the baseline: want the clash %q, got %q", want, bad)
	}
}
