package generators

import (
	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
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
	return []objects.Object{operatorInstallPolicy(p, o.Policy, "Installs the OpenShift Virtualization operator (kubevirt-hyperconverged).",
		objects.OperatorSubscription{Name: Subscription, Namespace: o.Namespace,
			Channel: o.Channel, Source: o.Source, SourceNamespace: o.SourceNamespace,
			// With versions pinned, OLM's first install plan is approved
			// only for a CSV in versions or equal to startingCSV
			// (config-policy-controller controllers/operatorpolicy_controller.go
			// getApprovedCSVs); startingCSV makes OLM resolve to it, not
			// to the channel head. Validation keeps it among versions.
			StartingCSV: o.StartingCSV, Config: subscriptionConfig(o.Config)},
		operatorGroup(o), string(o.UpgradeApproval), o.Versions)}
}

// operatorInstallPolicy is the Policy that installs one OLM operator into
// its own namespace: a ConfigurationPolicy makes the namespace, then
// (extraDependencies) an OperatorPolicy subscribes to the package. A nil
// OperatorGroup adopts the one in the namespace (see operatorGroup).
func operatorInstallPolicy(p *plan.Plan, name, description string, sub objects.OperatorSubscription, og *objects.OperatorGroup, upgradeApproval string, versions []string) *objects.Policy {
	nsPolicy := name + "-namespace"
	op := &objects.OperatorPolicy{
		TypeMeta:   objects.TypeMeta{APIVersion: objects.OperatorPolicyAPIVersion, Kind: "OperatorPolicy"},
		ObjectMeta: objects.ObjectMeta{Name: name},
		Spec: objects.OperatorPolicySpec{
			RemediationAction: string(p.Fleet.Spec.Virtualization.RemediationAction),
			Severity:          severity,
			ComplianceType:    musthave,
			Subscription:      sub,
			OperatorGroup:     og,
			UpgradeApproval:   upgradeApproval,
			Versions:          versions,
			// Keep everything if the policy is ever flipped to mustnothave:
			// removing the operator's CRDs would delete every object of them (every VM, every bridge).
			RemovalBehavior: &objects.OperatorRemovalPolicy{OperatorGroups: "Keep", Subscriptions: "Keep",
				ClusterServiceVersions: "Keep", CustomResourceDefinitions: "Keep"},
		},
	}
	return policy(p, name, description, nil,
		objects.PolicyTemplate{ObjectDefinition: configurationPolicy(p, nsPolicy, objects.NewNamespace(sub.Namespace))},
		objects.PolicyTemplate{ObjectDefinition: op, ExtraDependencies: []objects.PolicyDependency{{
			APIVersion: objects.ConfigurationPolicyAPIVersion, Kind: "ConfigurationPolicy", Name: nsPolicy, Compliance: compliant}}},
	)
}

// operatorGroup is omitted unless the fleet names one: with none, the
// policy adopts the OperatorGroup already in the namespace, whatever its
// name; a named one that differs from an existing one is a mismatch the
// policy never recovers from (operatorpolicy_controller.go
// handleOpGroup: mismatchCond("OperatorGroup")). On a fresh cluster the
// controller then creates <namespace>-<random> for all namespaces
// (buildOperatorGroup), the one install mode HCO's CSV supports
// (hyperconverged-cluster-operator tools/csv-merger/csv-merger.go,
// InstallModes: only AllNamespaces is supported).
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
		out.Tolerations = append(out.Tolerations, objects.Toleration{Key: t.Key, Operator: string(t.Operator),
			Value: t.Value, Effect: string(t.Effect), TolerationSeconds: t.TolerationSeconds})
	}
	return out
}
