package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

func TestPolicySet(t *testing.T) {
	p := plan.Build(base())
	// vlan10 is mapped on west, so it is delivered to east only: a policy
	// with a placement of its own, outside the PolicySet.
	set := generators.PolicySet(p)
	ps := set[0].(*objects.PolicySet)
	if diff := cmp.Diff([]string{"cnv-operator", "cnv-hyperconverged"}, ps.Spec.Policies); diff != "" {
		t.Errorf("PolicySet (-want +got):\n%s", diff)
	}
	own := set[3].(*objects.Placement)
	if diff := cmp.Diff([]string{"east"}, own.Spec.Predicates[0].RequiredClusterSelector.LabelSelector.MatchExpressions[0].Values); diff != "" {
		t.Errorf("network placement (-want +got):\n%s", diff)
	}
}
