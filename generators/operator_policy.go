package generators

import (
	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/internal/objects"
	"vmfleet.dev/vmfleet/internal/plan"
)

// Subscription is the OLM package of OpenShift Virtualization.
const Subscription = "kubevirt-hyperconverged"

// OperatorPolicy installs the CNV operator: a ConfigurationPolicy makes its
// namespace, then (extraDependencies) an OperatorPolicy subscribes to it.
func OperatorPolicy(p *plan.Plan) []objects.Object {
	if !p.OwnsBaseline() {
		return nil
	}
	o := p.Fleet.Spec.Virtualization.Operator
	nsPolicy := o.Policy + "-namespace"
	op := &objects.OperatorPolicy{
		TypeMeta:   objects.TypeMeta{APIVersion: objects.OperatorPolicyAPIVersion, Kind: "OperatorPolicy"},
		ObjectMeta: objects.ObjectMeta{Name: o.Policy},
		Spec: objects.OperatorPolicySpec{
			RemediationAction: p.Fleet.Spec.Virtualization.RemediationAction,
			Severity:          severity,
			ComplianceType:    musthave,
			Subscription: objects.OperatorSubscription{Name: Subscription, Namespace: o.Namespace,
				Channel: o.Channel, Source: o.Source, SourceNamespace: o.SourceNamespace,
				// With versions pinned, OLM's first install plan is approved
				// only for a CSV in versions or equal to startingCSV
				// (config-policy-controller controllers/operatorpolicy_controller.go
				// getApprovedCSVs); startingCSV makes OLM resolve to it, not
				// to the channel head. Validation keeps it among versions.
				StartingCSV: o.StartingCSV, Config: subscriptionConfig(o.Config)},
			OperatorGroup:   operatorGroup(o),
			UpgradeApproval: o.UpgradeApproval,
			Versions:        o.Versions,
			// Keep everything if the policy is ever flipped to mustnothave:
			// removing the operator's CRDs would delete every VM.
			RemovalBehavior: &objects.OperatorRemovalPolicy{OperatorGroups: "Keep", Subscriptions: "Keep",
				ClusterServiceVersions: "Keep", CustomResourceDefinitions: "Keep"},
		},
	}
	pol := policy(p, o.Policy, "Installs the OpenShift Virtualization operator (kubevirt-hyperconverged).", nil,
		objects.PolicyTemplate{ObjectDefinition: configurationPolicy(p, nsPolicy, objects.NewNamespace(o.Namespace))},
		objects.PolicyTemplate{ObjectDefinition: op, ExtraDependencies: []objects.PolicyDependency{{
			APIVersion: objects.ConfigurationPolicyAPIVersion, Kind: "ConfigurationPolicy", Name: nsPolicy, Compliance: compliant}}},
	)
	return []objects.Object{pol}
}

// operatorGroup is omitted unless the fleet names one: with none, the
// policy adopts the OperatorGroup already in the namespace, whatever its
// name; a named one that differs from an existing one is a mismatch the
// policy never recovers from (operatorpolicy_controller.go
// handleOpGroup: mismatchCond("OperatorGroup")). On a fresh cluster the
// controller then creates <namespace>-<random> for all namespaces
// (buildOperatorGroup).
func operatorGroup(o v1alpha1.Operator) *objects.OperatorGroup {
	if o.OperatorGroup == nil {
		return nil
	}
	return &objects.OperatorGroup{Name: o.OperatorGroup.Name, Namespace: o.Namespace, TargetNamespaces: o.OperatorGroup.TargetNamespaces}
}

func subscriptionConfig(c *v1alpha1.SubscriptionConfig) *objects.SubscriptionConfig {
	if c == nil || len(c.NodeSelector)+len(c.Tolerations) == 0 {
		return nil
	}
	out := &objects.SubscriptionConfig{NodeSelector: c.NodeSelector}
	for _, t := range c.Tolerations {
		out.Tolerations = append(out.Tolerations, objects.Toleration(t))
	}
	return out
}
