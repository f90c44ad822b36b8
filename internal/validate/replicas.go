package validate

import (
	"fmt"
	"strconv"
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/plan"
)

// replicas checks vms[].replicas and retiredReplicas, the VM's and each
// cluster's (their range is the schema's): names that fit and clash with
// no other VM (names holds every VM name of the fleet).
func (v *validator) replicas(p diag.Path, vm *v1alpha1.VM, names map[string]bool) {
	for _, c := range sortedKeys(vm.ClusterOverrides) {
		o := vm.ClusterOverrides[c]
		cp := p.Child("clusterOverrides").Child(c)
		if vm.Replicas == nil && (o.Replicas != nil || o.RetiredReplicas != nil) {
			v.errorf(cp, diag.RuleReplicas, "vm %q sets no replicas: give it replicas before a count per cluster (its VMs are then named %s-0, %s-1, …)", vm.Name, vm.Name, vm.Name)
		}
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
	// Walk the other names, not the replicas: a count's bound is the
	// schema's, and a fleet may reach here unchecked by it.
	for _, other := range sortedKeys(names) {
		n, ok := strings.CutPrefix(other, vm.Name+"-")
		r, err := strconv.Atoi(n)
		if ok && err == nil && r >= 0 && r < most && strconv.Itoa(r) == n {
			v.errorf(p+".replicas", diag.RuleDuplicate, "replica %q of vm %q has the name of another vm", other, vm.Name)
		}
	}
	if last := fmt.Sprintf("%s-%d", vm.Name, most-1); len(last) > 63 {
		v.errorf(p+".name", diag.RuleReplicaName, "replica %q of vm %q is %d characters long; a VM name has at most 63: shorten the name", last, vm.Name, len(last))
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
				path := diag.Path("spec.vms").Index(i).Child("retiredReplicas")
				if o, ok := vm.ClusterOverrides[c.Spec.Name]; ok && (o.RetiredReplicas != nil || o.Replicas != nil) {
					path = diag.Path("spec.vms").Index(i).Child("clusterOverrides").Child(c.Spec.Name)
				}
				v.errorf(path, diag.RuleRetiredReplicas, "vm %q retires %d replicas on cluster %q, which runs %d", vm.Name, retired, c.Spec.Name, n)
			}
		}
	}
}
