package validate

import (
	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
)

// operator: what makes an OperatorPolicy install on a real cluster.
func (v *validator) operator() {
	o := v.f.Spec.Virtualization.Operator
	const p diag.Path = "spec.virtualization.operator"
	switch {
	case len(o.Versions) > 1 && o.StartingCSV == "":
		// getApprovedCSVs (config-policy-controller
		// controllers/operatorpolicy_controller.go) approves the first
		// install plan only for a CSV in versions or equal to startingCSV,
		// and without startingCSV OLM resolves the channel head.
		v.errorf(p+".startingCSV", diag.RuleStartingCSV,
			"versions pins %d CSVs but startingCSV is not set: OLM would install the channel head, which the policy approves only if it is listed, so the operator may never install; set startingCSV to the one to install first (one of %s)",
			len(o.Versions), quoteList(o.Versions))
	case len(o.Versions) > 0 && o.StartingCSV != "" && !contains(o.Versions, o.StartingCSV):
		v.errorf(p+".startingCSV", diag.RuleStartingCSV,
			"%q is not one of versions (%s): OLM would install it and the policy would never approve it", o.StartingCSV, quoteList(o.Versions))
	}
	if c := o.Config; c != nil {
		v.labels(p+".config.nodeSelector", c.NodeSelector)
		for i, t := range c.Tolerations {
			tp := indexPath(p+".config.tolerations", i)
			if t.Operator == v1alpha1.TolerationExists && t.Value != "" {
				v.errorf(tp+".value", diag.RuleToleration, "must be empty with operator Exists")
			}
			if t.Key == "" && t.Operator != v1alpha1.TolerationExists {
				v.errorf(tp+".operator", diag.RuleToleration, "a toleration without a key must have operator Exists")
			}
		}
	}
}

// ownership: one fleet owns the baseline; a tenant must leave its parts alone.
func (v *validator) ownership() {
	z := v.f.Spec.Virtualization
	if z.ManagedBy == "" {
		return
	}
	o := v.f.Spec.Observability
	if len(o.ExtraMetrics) > 0 {
		v.errorf("spec.observability.extraMetrics", diag.RuleBaselineOwner,
			"the hub allowlist is one ConfigMap per hub and fleet %q manages it (spec.virtualization.managedBy): add these series to that fleet", z.ManagedBy)
	}
	if o.AllKubevirtSeries {
		v.errorf("spec.observability.allKubevirtSeries", diag.RuleBaselineOwner,
			"the hub allowlist is one ConfigMap per hub and fleet %q manages it (spec.virtualization.managedBy): set it on that fleet", z.ManagedBy)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
