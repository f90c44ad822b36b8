package generators

import (
	"vmfleet.dev/vmfleet/plan"
)

// Labels and annotations vmfleet puts on what it generates.
const (
	LabelManagedBy = "app.kubernetes.io/managed-by"
	LabelPartOf    = "app.kubernetes.io/part-of"
	LabelVM        = "vmfleet.dev/vm"
	ManagedBy      = "vmfleet"

	// Argo CD must never prune or delete a VM on its own: its DataVolumes
	// (the disks) are owned by the VM and would go with it.
	ArgoSyncOptions     = "argocd.argoproj.io/sync-options"
	KeepOnPruneOrDelete = "Prune=false,Delete=false"
	ArgoSyncWave        = "argocd.argoproj.io/sync-wave"
	// A retired VM keeps Delete=false but drops Prune=false: Argo CD decides
	// whether to prune from the annotation of the *live* object
	// (argoproj/argo-cd gitops-engine/pkg/sync/sync_context.go pruneObject,
	// isPruningDisabled(liveObj, ...)), so the live VM must lose Prune=false
	// in a sync before it leaves git, or the prune is "ignored (no prune)"
	// and the Application stays OutOfSync.
	KeepOnDelete = "Delete=false"
	// LabelState marks a retired VM, so the next render knows it may leave git.
	LabelState = "vmfleet.dev/state"
)

func commonLabels(p *plan.Plan) map[string]string {
	return map[string]string{LabelManagedBy: ManagedBy, LabelPartOf: p.Fleet.Metadata.Name}
}

func merge(maps ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range maps {
		for k, v := range m {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
