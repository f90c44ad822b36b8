package validate

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation"

	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/plan"
)

// derivedNames checks every name vmfleet derives (plan.Names) as the
// cluster will: its syntax and length, and that no two objects of one kind
// share it where it must be unique. A fleet of valid names can still
// derive an invalid one: a guest-metrics Service <vm>-metrics for a VM
// named 1app (a Service name is a DNS-1035 label), a data disk named root
// whose DataVolume is the root disk's, a network whose policy outgrows the
// replicated-policy limit.
func (v *validator) derivedNames(p *plan.Plan) {
	ns := v.f.Spec.Virtualization.PolicyNamespace
	seen := map[string]plan.Name{}
	for _, n := range p.Names() {
		v.derivedName(n, ns)
		key := n.Scope + "\x00" + n.Kind + "\x00" + n.Namespace + "\x00" + n.Value
		if first, dup := seen[key]; dup {
			where := ""
			if n.Namespace != "" {
				where = fmt.Sprintf(" in namespace %q", n.Namespace)
			}
			v.errorf(n.From, diag.RuleNameCollision, "%s %q, %s, is also %s (%s)%s: one of them would overwrite the other; rename one", n.Kind, n.Value, n.Of, first.Of, first.From, where)
			continue
		}
		seen[key] = n
	}
	if z := v.f.Spec.Virtualization; p.OwnsBaseline() {
		// The PolicySet's Placement and PlacementBinding carry its name, as
		// do those of each policy placed on its own.
		if first, dup := seen["hub\x00Policy\x00\x00"+z.PolicySet]; dup {
			v.errorf("spec.virtualization.policySet", diag.RuleNameCollision, "PolicySet %q has the name of %s (%s), and the Placement and PlacementBinding of each are named after it: rename one", z.PolicySet, first.Of, first.From)
		}
	}
}

func (v *validator) derivedName(n plan.Name, policyNamespace string) {
	var errs []string
	switch n.Rule {
	case plan.DNS1123Label:
		errs = validation.IsDNS1123Label(n.Value)
	case plan.DNS1035Label:
		errs = validation.IsDNS1035Label(n.Value)
	case plan.DNS1123Subdomain:
		errs = validation.IsDNS1123Subdomain(n.Value)
	case plan.ReplicatedPolicy:
		if total := len(policyNamespace) + n.Length; total > 62 {
			variant := ""
			if n.Length > len(n.Value) {
				variant = fmt.Sprintf(" (%d with the -<hash> of a variant)", n.Length)
			}
			fix := "the policy namespace"
			if n.From != "spec.virtualization.policyNamespace" {
				fix = fmt.Sprintf("it by %d characters, or the policy namespace", total-62)
			}
			v.errorf(n.From, diag.RulePolicyName, "policy %q, %s%s, and its namespace %q are %d characters together; OCM names the policy's replicas <namespace>.<name>, a label of at most 63, so it allows 62: shorten %s",
				n.Value, n.Of, variant, policyNamespace, total, fix)
		}
		errs = validation.IsDNS1123Subdomain(n.Value)
	}
	if len(errs) > 0 {
		v.errorf(n.From, diag.RuleDerivedName, "%s %q, %s, is not a name the cluster accepts: %s", n.Kind, n.Value, n.Of, errs[0])
	}
}
