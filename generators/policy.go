package generators

import (
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

const (
	musthave  = "musthave"
	inform    = "inform"
	compliant = "Compliant"
	severity  = "high"
)

// policy wraps templates in an OCM Policy in the fleet's policy namespace.
func policy(p *plan.Plan, name, description string, deps []objects.PolicyDependency, templates ...objects.PolicyTemplate) *objects.Policy {
	z := p.Fleet.Spec.Virtualization
	return &objects.Policy{
		TypeMeta: objects.TypeMeta{APIVersion: objects.PolicyAPIVersion, Kind: "Policy"},
		ObjectMeta: objects.ObjectMeta{Name: name, Namespace: z.PolicyNamespace, Labels: commonLabels(p),
			Annotations: map[string]string{
				"policy.open-cluster-management.io/standards":   "NIST SP 800-53",
				"policy.open-cluster-management.io/categories":  "CM Configuration Management",
				"policy.open-cluster-management.io/controls":    "CM-2 Baseline Configuration",
				"policy.open-cluster-management.io/description": description,
			}},
		// Argo CD tracks what it syncs with labels and annotations; they
		// must stay on the root policy, not be copied to the replicas
		// (governance-policy-propagator api/v1/policy_types.go CopyPolicyMetadata).
		Spec: objects.PolicySpec{RemediationAction: string(z.RemediationAction), CopyPolicyMetadata: ptr(false), Dependencies: deps, PolicyTemplates: templates},
	}
}

// configurationPolicy makes each object exist (musthave) on the cluster.
// musthave merges: the operator keeps owning every field we leave out.
func configurationPolicy(p *plan.Plan, name string, objs ...objects.Object) *objects.ConfigurationPolicy {
	cp := &objects.ConfigurationPolicy{
		TypeMeta:   objects.TypeMeta{APIVersion: objects.ConfigurationPolicyAPIVersion, Kind: "ConfigurationPolicy"},
		ObjectMeta: objects.ObjectMeta{Name: name},
		Spec: objects.ConfigurationPolicySpec{RemediationAction: string(p.Fleet.Spec.Virtualization.RemediationAction),
			Severity: severity, PruneObjectBehavior: "None"},
	}
	for _, o := range objs {
		cp.Spec.ObjectTemplates = append(cp.Spec.ObjectTemplates, objects.ObjectTemplate{ComplianceType: musthave, ObjectDefinition: o})
	}
	return cp
}

// dependsOnPolicy holds a policy back until another is Compliant.
func dependsOnPolicy(p *plan.Plan, name string) objects.PolicyDependency {
	return objects.PolicyDependency{APIVersion: objects.PolicyAPIVersion, Kind: "Policy", Name: name,
		Namespace: p.Fleet.Spec.Virtualization.PolicyNamespace, Compliance: compliant}
}
