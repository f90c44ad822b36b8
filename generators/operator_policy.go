package generators

import (
	"vmfleet.dev/vmfleet/internal/objects"
	"vmfleet.dev/vmfleet/internal/plan"
)

// Subscription is the OLM package of OpenShift Virtualization.
const Subscription = "kubevirt-hyperconverged"

// OperatorPolicy installs the CNV operator: a ConfigurationPolicy makes its
// namespace, then (extraDependencies) an OperatorPolicy subscribes to it.
func OperatorPolicy(p *plan.Plan) []objects.Object {
	o := p.Fleet.Spec.Virtualization.Operator
	return []objects.Object{operatorInstallPolicy(p, o.Policy, "Installs the OpenShift Virtualization operator (kubevirt-hyperconverged).",
		objects.OperatorSubscription{Name: Subscription, Namespace: o.Namespace,
			Channel: o.Channel, Source: o.Source, SourceNamespace: o.SourceNamespace},
		o.UpgradeApproval, o.Versions)}
}

// operatorInstallPolicy is the Policy that installs one OLM operator into
// its own namespace: a ConfigurationPolicy makes the namespace, then
// (extraDependencies) an OperatorPolicy subscribes to the package with an
// OperatorGroup targeting that namespace.
func operatorInstallPolicy(p *plan.Plan, name, description string, sub objects.OperatorSubscription, upgradeApproval string, versions []string) *objects.Policy {
	nsPolicy := name + "-namespace"
	op := &objects.OperatorPolicy{
		TypeMeta:   objects.TypeMeta{APIVersion: objects.OperatorPolicyAPIVersion, Kind: "OperatorPolicy"},
		ObjectMeta: objects.ObjectMeta{Name: name},
		Spec: objects.OperatorPolicySpec{
			RemediationAction: p.Fleet.Spec.Virtualization.RemediationAction,
			Severity:          severity,
			ComplianceType:    musthave,
			Subscription:      sub,
			OperatorGroup:     &objects.OperatorGroup{Name: sub.Namespace + "-og", Namespace: sub.Namespace, TargetNamespaces: []string{sub.Namespace}},
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
