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
	nsPolicy := o.Policy + "-namespace"
	op := &objects.OperatorPolicy{
		TypeMeta:   objects.TypeMeta{APIVersion: objects.OperatorPolicyAPIVersion, Kind: "OperatorPolicy"},
		ObjectMeta: objects.ObjectMeta{Name: o.Policy},
		Spec: objects.OperatorPolicySpec{
			RemediationAction: string(p.Fleet.Spec.Virtualization.RemediationAction),
			Severity:          severity,
			ComplianceType:    musthave,
			Subscription: objects.OperatorSubscription{Name: Subscription, Namespace: o.Namespace,
				Channel: o.Channel, Source: o.Source, SourceNamespace: o.SourceNamespace},
			OperatorGroup:   &objects.OperatorGroup{Name: o.Namespace + "-og", Namespace: o.Namespace, TargetNamespaces: []string{o.Namespace}},
			UpgradeApproval: string(o.UpgradeApproval),
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
