package generators_test

import (
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

func TestPolicySet(t *testing.T) {
	p := plan.Build(base())
	// vlan10 goes to both clusters under two names: two NAD policies, each
	// with a placement of its own; NMState and the bridge (same uplink on
	// both) reach every cluster and join the PolicySet.
	set := generators.PolicySet(p)
	ps := set[0].(*objects.PolicySet)
	if diff := cmp.Diff([]string{"cnv-operator", "cnv-hyperconverged", "cnv-health", "nmstate-operator", "nmstate", "nncp-br10"}, ps.Spec.Policies); diff != "" {
		t.Errorf("PolicySet (-want +got):\n%s", diff)
	}
	var placed [][]string
	for _, o := range set[3:] {
		if pl, ok := o.(*objects.Placement); ok {
			placed = append(placed, pl.Spec.Predicates[0].RequiredClusterSelector.LabelSelector.MatchExpressions[0].Values)
		}
	}
	sort.Slice(placed, func(i, j int) bool { return placed[i][0] < placed[j][0] }) // names end in content hashes
	if diff := cmp.Diff([][]string{{"east"}, {"west"}}, placed); diff != "" {
		t.Errorf("network placements (-want +got):\n%s", diff)
	}
}
