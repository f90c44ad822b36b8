// Package validate catches, before anything reaches git, the mistakes that
// otherwise surface on a cluster days later: the seed's failure modes
// (live migration on RWO disks, networks missing where a VM runs,
// plain-text secrets) and references between parts of the fleet.
//
// Rules of one field (required, enums, patterns, ranges, quantities, DNS
// names) are not here: they are markers on the API types, and decode
// checks the fleet against the JSON Schema generated from them. What is
// here spans fields, or is beyond a JSON Schema (label keys, CIDRs, a
// quantity's magnitude, secrets in text).
package validate

import (
	"fmt"
	"strconv"
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/plan"
)

// Spec checks a defaulted fleet and returns its findings (unsorted,
// without file and line: the caller locates them). When the findings hold
// no error, plan.Build may be trusted with the fleet.
func Spec(f *v1alpha1.VMFleet) diag.List {
	v := &validator{f: f}
	v.gitops()
	v.virtualization()
	v.operator()
	v.ownership()
	v.clusters()
	v.networks()
	v.vms()
	v.dayTwo()
	v.workloads()
	v.images()
	v.mirrors()
	v.snapshots()
	v.rollout()
	return v.out
}

// Plan checks each VM as it will run on each cluster, and the hub objects'
// names: the rules that need resolved instances (storage, eviction,
// networks per cluster). The plan must come from a fleet Spec found no
// error in.
func Plan(p *plan.Plan) diag.List {
	// The per-instance rules and the derived names are most of the time on
	// a large fleet and only read the plan: the names are checked on
	// another CPU meanwhile, each into its own list, joined in this order.
	names := &validator{f: p.Fleet}
	done := make(chan struct{})
	go func() {
		defer close(done)
		names.derivedNames(p)
	}()
	v := &validator{f: p.Fleet}
	v.instances(p)
	<-done
	v.out = append(v.out, names.out...)
	v.dayTwoPlan(p)
	v.workloadsPlan(p)
	v.catalogNames(p)
	v.replicasPlan(p)
	v.imagesPlan(p)
	v.disconnectedPlan(p)
	v.snapshotsPlan(p)
	return v.out
}

type validator struct {
	f   *v1alpha1.VMFleet
	out diag.List
	// clusterSet holds the cluster names, made on first use by hasCluster.
	clusterSet map[string]bool
}

// errorf and warnf clip the values they echo (diag.Newf): a fleet's names
// and URLs may be hostile.
func (v *validator) errorf(path diag.Path, rule diag.Rule, format string, args ...any) {
	v.out = append(v.out, diag.Newf(diag.Error, path, rule, format, args...))
}

func (v *validator) warnf(path diag.Path, rule diag.Rule, format string, args ...any) {
	v.out = append(v.out, diag.Newf(diag.Warning, path, rule, format, args...))
}

func indexPath(path diag.Path, i int) diag.Path { return path.Index(i) }

// suggest returns "; did you mean "x"?" for the closest candidate, or the
// list of what is defined, so a typo names its fix.
func suggest(name string, candidates []string) string {
	if best := diag.Suggest(name, candidates); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	if len(candidates) == 0 {
		return " (none are defined)"
	}
	return " (defined: " + quoteList(candidates) + ")"
}

// maxListed is how many values quoteList shows before "and N more".
const maxListed = 10

func quoteList(values []string) string {
	q := make([]string, 0, min(len(values), maxListed+1))
	for i, a := range values {
		if i == maxListed {
			q = append(q, fmt.Sprintf("and %d more", len(values)-maxListed))
			break
		}
		q = append(q, strconv.Quote(diag.Clip(a, diag.MaxValue)))
	}
	return strings.Join(q, ", ")
}
