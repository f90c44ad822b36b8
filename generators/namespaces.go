package generators

import (
	"sort"

	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// Namespaces are the VM namespaces a cluster needs. They sync first and are
// never pruned or deleted by Argo CD: they hold the VMs' disks.
func Namespaces(p *plan.Plan, c *plan.Cluster) []objects.Object {
	seen := map[string]bool{}
	var names []string
	for _, in := range c.Instances {
		if ns := in.VM.Spec.Namespace; !seen[ns] {
			seen[ns] = true
			names = append(names, ns)
		}
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
