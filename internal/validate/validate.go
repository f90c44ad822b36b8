// Package validate catches, before anything reaches git, the mistakes that
// otherwise surface on a cluster days later: the seed's failure modes
// (live migration on RWO disks, networks missing where a VM runs,
// plain-text secrets) and names that Kubernetes or the output tree reject.
package validate

import (
	"fmt"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/internal/diag"
	"vmfleet.dev/vmfleet/internal/plan"
)

// Fleet checks a defaulted fleet and returns its findings (unsorted,
// without file and line: the caller locates them). When the findings hold
// no error, plan.Build may be trusted with the fleet.
func Fleet(f *v1alpha1.VMFleet) diag.List {
	l, _ := FleetPlan(f)
	return l
}

// FleetPlan is Fleet, and also returns the plan it resolved for the
// per-cluster rules (nil when an earlier rule found an error), so the
// caller need not resolve the fleet a second time.
func FleetPlan(f *v1alpha1.VMFleet) (diag.List, *plan.Plan) {
	v := &validator{f: f}
	v.metadata()
	v.gitops()
	v.virtualization()
	v.operator()
	v.ownership()
	v.dependencies()
	v.clusters()
	v.networks()
	v.observability()
	v.defaults()
	v.vms()
	v.dayTwo()
	v.workloads()
	var p *plan.Plan
	if !v.out.HasErrors() {
		// Per-cluster rules need resolved instances; resolving trusts the
		// references checked above, so it runs only on a clean fleet.
		p = plan.Build(f)
		v.instances(p)
		v.hubNames(p)
		v.dayTwoPlan(p)
		v.workloadsPlan(p)
		v.catalogNames(p)
		v.replicasPlan(p)
	}
	return v.out, p
}

type validator struct {
	f   *v1alpha1.VMFleet
	out diag.List
	// clusterSet holds the cluster names, made on first use by hasCluster.
	clusterSet map[string]bool
}

func (v *validator) errorf(path, rule, format string, args ...any) {
	v.out = append(v.out, diag.Finding{Severity: diag.Error, Path: path, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

func (v *validator) warnf(path, rule, format string, args ...any) {
	v.out = append(v.out, diag.Finding{Severity: diag.Warning, Path: path, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

// oneOf checks an enum field; empty means "not set" and passes.
func (v *validator) oneOf(path, value string, allowed ...string) {
	if value == "" {
		return
	}
	for _, a := range allowed {
		if value == a {
			return
		}
	}
	v.errorf(path, "enum", "%q is not one of %s", value, quoteList(allowed))
}

func quoteList(values []string) string {
	s := ""
	for i, a := range values {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%q", a)
	}
	return s
}
