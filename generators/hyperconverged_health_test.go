package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

func TestHyperConvergedHealthPolicy(t *testing.T) {
	objs := generators.HyperConvergedHealthPolicy(plan.Build(base()))
	pol := objs[0].(*objects.Policy)
	cp := pol.Spec.PolicyTemplates[0].ObjectDefinition.(*objects.ConfigurationPolicy)
	if pol.Spec.RemediationAction != "inform" || cp.Spec.RemediationAction != "inform" {
		t.Errorf("the health check must only inform: %s / %s", pol.Spec.RemediationAction, cp.Spec.RemediationAction)
	}
	hc := cp.Spec.ObjectTemplates[0].ObjectDefinition.(*generators.HyperConvergedHealth)
	if diff := cmp.Diff([]generators.Condition{{Type: "Available", Status: "True"}}, hc.Status.Conditions); diff != "" {
		t.Errorf("status (-want +got):\n%s", diff)
	}
	if hc.Name != generators.HyperConvergedName || hc.Namespace != "openshift-cnv" || hc.APIVersion != generators.HyperConvergedAPIVersion {
		t.Errorf("checks %s %s/%s", hc.APIVersion, hc.Namespace, hc.Name)
	}
	f := base()
	f.Spec.Virtualization.ManagedBy = "platform"
	if objs := generators.HyperConvergedHealthPolicy(plan.Build(f)); len(objs) != 0 {
		t.Errorf("a tenant fleet emits no baseline health check")
	}
}
