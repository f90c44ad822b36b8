package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

func TestHubNamespaces(t *testing.T) {
	f := base()
	if diff := cmp.Diff([]string{"Namespace//policies-virt"}, kinds(generators.HubNamespaces(plan.Build(f)))); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	f.Spec.Dependencies.HubNamespace = "vm-secrets"
	objs := generators.HubNamespaces(plan.Build(f))
	if diff := cmp.Diff([]string{"Namespace//policies-virt", "Namespace//vm-secrets"}, kinds(objs)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	f.Spec.Dependencies.HubNamespace = "openshift-gitops"
	if diff := cmp.Diff([]string{"Namespace//policies-virt"}, kinds(generators.HubNamespaces(plan.Build(f)))); diff != "" {
		t.Errorf("Argo CD's namespace comes with OpenShift GitOps (-want +got):\n%s", diff)
	}
	// Argo CD's and ACM observability's namespaces are installed with them, never by a fleet.
	for _, o := range objs {
		ns := o.(*objects.Namespace)
		if ns.Name == "openshift-gitops" || ns.Name == generators.ObservabilityNamespace {
			t.Errorf("creates %s", ns.Name)
		}
		// Several fleets may write one namespace: its content names none.
		if _, ok := ns.Labels[generators.LabelPartOf]; ok {
			t.Errorf("namespace %s names a fleet: %v", ns.Name, ns.Labels)
		}
	}
}
