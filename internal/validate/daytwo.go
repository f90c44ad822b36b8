package validate

import (
	"sort"
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/plan"
)

// Day-2 rules: who owns a VM's power state, decommission states, and the
// KubeVirt version a resize depends on.

// (The enums of powerOwner, state, disks and clusterStates are the schema's.)

func (v *validator) dayTwo() {
	for i := range v.f.Spec.VMs {
		vm := &v.f.Spec.VMs[i]
		p := indexPath("spec.vms", i)
		names := make([]string, 0, len(vm.ClusterStates))
		for c := range vm.ClusterStates {
			names = append(names, c)
		}
		sort.Strings(names)
		for _, c := range names {
			cp := p.Child("clusterStates").Child(c)
			v.vmCluster(cp, vm, c)
		}
	}
}

// dayTwoPlan checks what needs the resolved fleet.
func (v *validator) dayTwoPlan(p *plan.Plan) {
	// Argo CD deletes pruned objects with one propagation policy per sync,
	// the Application's PrunePropagationPolicy sync option (argoproj/argo-cd
	// controller/sync.go), and every Application of the fleet comes from one
	// template: absent VMs that keep and absent VMs that delete their disks
	// cannot be deleted at the same time.
	var keep, drop diag.Path
	for _, vm := range p.VMs {
		if !absentSomewhere(vm) {
			continue
		}
		path := indexPath("spec.vms", vm.Index).Child("disks")
		if vm.Spec.Disks == v1alpha1.DisksDelete {
			if drop == "" {
				drop = path
			}
		} else if keep == "" {
			keep = path
		}
	}
	if keep != "" && drop != "" {
		v.errorf(drop, diag.RuleDecommissionDisks,
			"absent VMs disagree on their disks (Delete here, Keep at %s): Argo CD deletes every pruned object of an Application with one propagation policy, so decommission them in separate steps",
			keep)
	}

	// Up to KubeVirt 1.4 an instancetype or preference change cannot sync
	// through Argo CD (see plan.KubeVirt.RevisionInSpec).
	if k := p.KubeVirt; k.RevisionInSpec() {
		var named []string
		for _, vm := range p.VMs {
			if vm.Spec.Instancetype != "" || vm.Spec.Preference != "" {
				named = append(named, vm.Spec.Name)
			}
		}
		if len(named) > 0 {
			v.warnf(k.From, diag.RuleResizeKubeVirtVersion,
				"KubeVirt %s pins the instancetype and preference revision in the VM spec: a changed instancetype or preference of %s will not sync (the VM admission rejects a new name with the old revisionName, which Argo CD re-sends); resize after the clusters run KubeVirt 1.5 or later",
				k, strings.Join(named, ", "))
		}
	}
}

func absentSomewhere(vm *plan.VM) bool {
	for _, c := range vm.Clusters {
		if vm.State(c) == v1alpha1.StateAbsent {
			return true
		}
	}
	return false
}
