package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

func operatorPolicy(t *testing.T, f *v1alpha1.VMFleet) *objects.OperatorPolicy {
	t.Helper()
	return generators.OperatorPolicy(plan.Build(f))[0].(*objects.Policy).Spec.PolicyTemplates[1].ObjectDefinition.(*objects.OperatorPolicy)
}

func TestOperatorPolicy(t *testing.T) {
	f := base()
	op := operatorPolicy(t, f)
	if op.Spec.OperatorGroup != nil {
		t.Errorf("no OperatorGroup unless named: an existing one is adopted; got %+v", op.Spec.OperatorGroup)
	}
	if op.Spec.Subscription.StartingCSV != "" || op.Spec.Subscription.Config != nil {
		t.Errorf("nothing pinned, nothing configured: %+v", op.Spec.Subscription)
	}

	f = base()
	o := &f.Spec.Virtualization.Operator
	o.Versions = []string{"kubevirt-hyperconverged-operator.v4.18.3"}
	o.OperatorGroup = &v1alpha1.OperatorGroup{Name: "cnv-group", TargetNamespaces: []string{"openshift-cnv"}}
	o.Source, o.SourceNamespace = "cnv-mirror", "mirror-catalogs"
	o.Config = &v1alpha1.SubscriptionConfig{NodeSelector: map[string]string{"node-role.kubernetes.io/infra": ""},
		Tolerations: []v1alpha1.Toleration{{Key: "node-role.kubernetes.io/infra", Operator: "Exists", Effect: "NoSchedule"}}}
	f.Default()
	op = operatorPolicy(t, f)
	want := objects.OperatorSubscription{Name: "kubevirt-hyperconverged", Namespace: "openshift-cnv", Channel: "stable",
		Source: "cnv-mirror", SourceNamespace: "mirror-catalogs",
		// The one pinned version is where OLM starts: the policy approves it.
		StartingCSV: "kubevirt-hyperconverged-operator.v4.18.3",
		Config: &objects.SubscriptionConfig{NodeSelector: map[string]string{"node-role.kubernetes.io/infra": ""},
			Tolerations: []objects.Toleration{{Key: "node-role.kubernetes.io/infra", Operator: "Exists", Effect: "NoSchedule"}}}}
	if diff := cmp.Diff(want, op.Spec.Subscription); diff != "" {
		t.Errorf("subscription (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(&objects.OperatorGroup{Name: "cnv-group", Namespace: "openshift-cnv", TargetNamespaces: []string{"openshift-cnv"}}, op.Spec.OperatorGroup); diff != "" {
		t.Errorf("operator group (-want +got):\n%s", diff)
	}
	f.Spec.Virtualization.ManagedBy = "platform"
	if objs := generators.OperatorPolicy(plan.Build(f)); len(objs) != 0 {
		t.Errorf("a tenant fleet installs no operator")
	}
}

func TestPlacementTolerations(t *testing.T) {
	for _, pl := range generators.PolicySet(plan.Build(base()))[1:2] {
		want := []objects.Toleration{
			{Key: "cluster.open-cluster-management.io/unavailable", Operator: "Exists", TolerationSeconds: ptr(int64(600))},
			{Key: "cluster.open-cluster-management.io/unreachable", Operator: "Exists", TolerationSeconds: ptr(int64(600))},
		}
		if diff := cmp.Diff(want, pl.(*objects.Placement).Spec.Tolerations); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	}
}
