package validate

import (
	"fmt"
	"strconv"
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/internal/plan"
)

// replicas checks vms[].replicas and retiredReplicas, the VM's and each
// cluster's: counts in range, names that fit and clash with no other VM
// (names holds every VM name of the fleet).
func (v *validator) replicas(p string, vm *v1alpha1.VM, names map[string]bool) {
	v.replicaCounts(p, vm.Replicas, vm.RetiredReplicas)
	for _, c := range sortedKeys(vm.ClusterOverrides) {
		o := vm.ClusterOverrides[c]
		cp := p + ".clusterOverrides." + c
		if vm.Replicas == nil && (o.Replicas != nil || o.RetiredReplicas != nil) {
			v.errorf(cp, "replicas", "vm %q sets no replicas: give it replicas before a count per cluster (its VMs are then named %s-0, %s-1, …)", vm.Name, vm.Name, vm.Name)
		}
		v.replicaCounts(cp, o.Replicas, o.RetiredReplicas)
	}
	if vm.Replicas == nil {
		return
	}
	most := int(*vm.Replicas)
	for _, o := range vm.ClusterOverrides {
		if o.Replicas != nil && int(*o.Replicas) > most {
			most = int(*o.Replicas)
		}
	}
	// Walk the other names, not the replicas: a count is bounded only
	// after replicaCounts has said so.
	for _, other := range sortedKeys(names) {
		n, ok := strings.CutPrefix(other, vm.Name+"-")
		r, err := strconv.Atoi(n)
		if ok && err == nil && r >= 0 && r < most && strconv.Itoa(r) == n {
			v.errorf(p+".replicas", "duplicate", "replica %q of vm %q has the name of another vm", other, vm.Name)
		}
	}
	if last := fmt.Sprintf("%s-%d", vm.Name, most-1); len(last) > 63 {
		v.errorf(p+".name", "replica-name", "replica %q of vm %q is %d characters long; a VM name has at most 63: shorten the name", last, vm.Name, len(last))
	}
}

// maxReplicas bounds one VM's count: each replica is a VM of its own in
// the tree, so a typo of a few digits must not expand into millions.
const maxReplicas = 1000

func (v *validator) replicaCounts(p string, replicas, retired *int32) {
	if replicas != nil && *replicas < 1 {
		v.errorf(p+".replicas", "range", "%d must be at least 1", *replicas)
	}
	if replicas != nil && *replicas > maxReplicas {
		v.errorf(p+".replicas", "range", "%d is more than %d replicas of one VM", *replicas, maxReplicas)
	}
	if retired != nil && *retired < 0 {
		v.errorf(p+".retiredReplicas", "range", "%d must be 0 or more", *retired)
	}
}

// replicasPlan: a cluster cannot retire more replicas than it runs.
func (v *validator) replicasPlan(p *plan.Plan) {
	for i := range v.f.Spec.VMs {
		vm := &v.f.Spec.VMs[i]
		if vm.Replicas == nil {
			continue
		}
		for _, c := range p.Clusters {
			n, retired := plan.Replicas(vm, c.Spec.Name)
			if retired > n {
				path := indexPath("spec.vms", i) + ".retiredReplicas"
				if o, ok := vm.ClusterOverrides[c.Spec.Name]; ok && (o.RetiredReplicas != nil || o.Replicas != nil) {
					path = indexPath("spec.vms", i) + ".clusterOverrides." + c.Spec.Name
				}
				v.errorf(path, "retired-replicas", "vm %q retires %d replicas on cluster %q, which runs %d", vm.Name, retired, c.Spec.Name, n)
			}
		}
	}
}
