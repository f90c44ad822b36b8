package generators

import (
	"sort"

	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// Namespaces are the VM namespaces a cluster needs (also those of VMs
// decommissioned there). They sync first and are
// never pruned or deleted by Argo CD: they hold the VMs' disks.
func Namespaces(p *plan.Plan, c *plan.Cluster) []objects.Object {
	seen := map[string]bool{}
	var names []string
	add := func(ns string) {
		if !seen[ns] {
			seen[ns] = true
			names = append(names, ns)
		}
	}
	for _, in := range c.Instances {
		add(in.VM.Spec.Namespace)
	}
	// The namespace of a VM absent here stays: it carries Prune=false (it
	// may hold the VM's kept disks), so dropping it from git would leave the
	// Application OutOfSync.
	for _, vm := range c.Absent {
		add(vm.Spec.Namespace)
	}
	sort.Strings(names)
	out := make([]objects.Object, 0, len(names))
	for _, n := range names {
		ns := objects.NewNamespace(n)
		ns.Labels = commonLabels(p)
		ns.Annotations = map[string]string{ArgoSyncOptions: KeepOnPruneOrDelete, ArgoSyncWave: "-1"}
		out = append(out, ns)
	}
	return out
}
