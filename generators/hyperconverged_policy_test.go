package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

func TestHyperConvergedPolicy(t *testing.T) {
	p := plan.Build(base())
	op := generators.OperatorPolicy(p)[0].(*objects.Policy)
	hco := generators.HyperConvergedPolicy(p)[0].(*objects.Policy)
	if diff := cmp.Diff([]objects.PolicyDependency{{APIVersion: objects.PolicyAPIVersion, Kind: "Policy",
		Name: op.Name, Namespace: "policies-virt", Compliance: "Compliant"}}, hco.Spec.Dependencies); diff != "" {
		t.Errorf("HyperConverged policy must wait for the operator policy (-want +got):\n%s", diff)
	}
	cr := hco.Spec.PolicyTemplates[0].ObjectDefinition.(*objects.ConfigurationPolicy).Spec.ObjectTemplates[0].ObjectDefinition.(*generators.HyperConverged)
	if cr.APIVersion != "hco.kubevirt.io/v1beta1" || cr.Name != "kubevirt-hyperconverged" || !*cr.Spec.EnableCommonBootImageImport {
		t.Errorf("HyperConverged: got %s %s %v", cr.APIVersion, cr.Name, cr.Spec.EnableCommonBootImageImport)
	}
	operator := op.Spec.PolicyTemplates[1]
	if diff := cmp.Diff("cnv-operator-namespace", operator.ExtraDependencies[0].Name); diff != "" {
		t.Errorf("OperatorPolicy must wait for its namespace: %s", diff)
	}
}
