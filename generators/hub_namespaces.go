package generators

import (
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// HubNamespaces are the hub namespaces the fleet writes into and nothing
// else creates: the policy namespace and the namespace of the VMs'
// Secrets. Argo CD's namespace (OpenShift GitOps installs it) and
// ACM's observability namespace are never created here. kustomize puts
// Namespaces first, so `kubectl apply -k hub/` works on a fresh hub.
//
// A namespace may be written by several fleets (two tenants sharing a
// policy namespace), so its content names no fleet: the same identity
// always carries the same object. Argo CD never prunes or deletes one:
// it holds the Secrets the VMs read.
func HubNamespaces(p *plan.Plan) []objects.Object {
	names := []string{p.Fleet.Spec.Virtualization.PolicyNamespace}
	if ns := p.Fleet.Spec.Dependencies.HubNamespace; ns != names[0] {
		names = append(names, ns)
	}
	var out []objects.Object
	for _, n := range names {
		if n == p.Fleet.Spec.GitOps.ArgoNamespace || n == ObservabilityNamespace {
			continue // installed with OpenShift GitOps / ACM observability
		}
		ns := objects.NewNamespace(n)
		ns.Labels = map[string]string{LabelManagedBy: ManagedBy}
		ns.Annotations = map[string]string{ArgoSyncOptions: KeepOnPruneOrDelete}
		out = append(out, ns)
	}
	return out
}
