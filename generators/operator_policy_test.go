package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

func TestOperatorPolicy(t *testing.T) {
	keep := &objects.OperatorRemovalPolicy{OperatorGroups: "Keep", Subscriptions: "Keep", ClusterServiceVersions: "Keep", CustomResourceDefinitions: "Keep"}
	for _, tc := range []struct {
		name     string
		operator v1alpha1.Operator
		want     objects.OperatorPolicySpec
	}{
		{"defaults", v1alpha1.Operator{}, objects.OperatorPolicySpec{
			RemediationAction: "enforce", Severity: "high", ComplianceType: "musthave",
			Subscription: objects.OperatorSubscription{Name: generators.Subscription, Namespace: "openshift-cnv",
				Channel: "stable", Source: "redhat-operators", SourceNamespace: "openshift-marketplace"},
			OperatorGroup:   &objects.OperatorGroup{Name: "openshift-cnv-og", Namespace: "openshift-cnv", TargetNamespaces: []string{"openshift-cnv"}},
			UpgradeApproval: "Automatic", RemovalBehavior: keep,
		}},
		{"pinned, from a mirror", v1alpha1.Operator{Channel: "stable-4.18", Source: "mirror", SourceNamespace: "mirrors",
			Namespace: "cnv", UpgradeApproval: "None", Versions: []string{"kubevirt-hyperconverged-operator.v4.18.3"}},
			objects.OperatorPolicySpec{
				RemediationAction: "enforce", Severity: "high", ComplianceType: "musthave",
				Subscription: objects.OperatorSubscription{Name: generators.Subscription, Namespace: "cnv",
					Channel: "stable-4.18", Source: "mirror", SourceNamespace: "mirrors"},
				OperatorGroup:   &objects.OperatorGroup{Name: "cnv-og", Namespace: "cnv", TargetNamespaces: []string{"cnv"}},
				UpgradeApproval: "None", Versions: []string{"kubevirt-hyperconverged-operator.v4.18.3"}, RemovalBehavior: keep,
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			f.Spec.Virtualization.Operator = tc.operator
			f.Default()
			objs := generators.OperatorPolicy(plan.Build(f))
			if len(objs) != 1 {
				t.Fatalf("%d objects, want one Policy", len(objs))
			}
			pol := objs[0].(*objects.Policy)
			ns := pol.Spec.PolicyTemplates[0].ObjectDefinition.(*objects.ConfigurationPolicy)
			op := pol.Spec.PolicyTemplates[1].ObjectDefinition.(*objects.OperatorPolicy)
			if diff := cmp.Diff(tc.want, op.Spec); diff != "" {
				t.Errorf("OperatorPolicy spec (-want +got):\n%s", diff)
			}
			// The subscription waits for its namespace.
			if diff := cmp.Diff(tc.want.Subscription.Namespace, ns.Spec.ObjectTemplates[0].ObjectDefinition.(*objects.Namespace).Name); diff != "" {
				t.Errorf("namespace (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]objects.PolicyDependency{{APIVersion: objects.ConfigurationPolicyAPIVersion, Kind: "ConfigurationPolicy",
				Name: ns.Name, Compliance: "Compliant"}}, pol.Spec.PolicyTemplates[1].ExtraDependencies); diff != "" {
				t.Errorf("extraDependencies (-want +got):\n%s", diff)
			}
		})
	}
}
