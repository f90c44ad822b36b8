package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// NMState is installed like the CNV baseline: operator policy (namespace,
// then the OperatorPolicy), then the CR policy once the operator is Compliant.
func TestNMStatePolicies(t *testing.T) {
	p := plan.Build(base())
	objs := generators.NMStatePolicies(p)
	if len(objs) != 2 {
		t.Fatalf("want operator and CR policies, got %d", len(objs))
	}
	op, cr := objs[0].(*objects.Policy), objs[1].(*objects.Policy)
	if op.Name != "nmstate-operator" || cr.Name != "nmstate" {
		t.Fatalf("policies %q, %q", op.Name, cr.Name)
	}
	ns := op.Spec.PolicyTemplates[0].ObjectDefinition.(*objects.ConfigurationPolicy).Spec.ObjectTemplates[0].ObjectDefinition.(*objects.Namespace)
	if ns.Name != "openshift-nmstate" {
		t.Errorf("namespace %q", ns.Name)
	}
	olm := op.Spec.PolicyTemplates[1]
	sub := olm.ObjectDefinition.(*objects.OperatorPolicy).Spec
	if diff := cmp.Diff(objects.OperatorSubscription{Name: "kubernetes-nmstate-operator", Namespace: "openshift-nmstate",
		Channel: "stable", Source: "redhat-operators", SourceNamespace: "openshift-marketplace"}, sub.Subscription); diff != "" {
		t.Errorf("subscription (-want +got):\n%s", diff)
	}
	if sub.OperatorGroup != nil {
		t.Errorf("operator group %+v: none, so an existing one is adopted", sub.OperatorGroup)
	}
	if olm.ExtraDependencies[0].Name != "nmstate-operator-namespace" {
		t.Errorf("the OperatorPolicy must wait for its namespace: %v", olm.ExtraDependencies)
	}
	if diff := cmp.Diff([]objects.PolicyDependency{{APIVersion: objects.PolicyAPIVersion, Kind: "Policy", Name: "nmstate-operator",
		Namespace: "policies-virt", Compliance: "Compliant"}}, cr.Spec.Dependencies); diff != "" {
		t.Errorf("the CR policy must wait for the operator (-want +got):\n%s", diff)
	}
	state := cr.Spec.PolicyTemplates[0].ObjectDefinition.(*objects.ConfigurationPolicy).Spec.ObjectTemplates[0].ObjectDefinition.(*objects.NMState)
	if state.Name != "nmstate" || state.APIVersion != "nmstate.io/v1" || state.Namespace != "" {
		t.Errorf("NMState CR: %+v", state)
	}
	// Every bridge NAD policy waits for the CR policy.
	for _, o := range generators.NetworkPolicies(p) {
		if deps := o.(*objects.Policy).Spec.Dependencies; len(deps) != 1 || deps[0].Name != "nmstate" {
			t.Errorf("%s: dependencies %v", o.(*objects.Policy).Name, deps)
		}
	}
}
