package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

func TestApplicationSet(t *testing.T) {
	for _, tc := range []struct {
		name      string
		generator string
		delivery  string
		wantKinds []string
		wantPath  string
	}{
		// Both generators need the GitOpsCluster: Argo CD's cluster secrets
		// carry the ManagedCluster labels only when it registered them.
		{"clusters generator, overlays", "clusters", "overlays",
			[]string{"ManagedClusterSetBinding", "Placement", "GitOpsCluster", "ApplicationSet"}, "fleets/demo/overlays/{{name}}"},
		{"ACM placement", "placement", "overlays",
			[]string{"ConfigMap", "ManagedClusterSetBinding", "Placement", "GitOpsCluster", "ApplicationSet"}, "fleets/demo/overlays/{{name}}"},
		{"plugin delivery", "clusters", "plugin",
			[]string{"ManagedClusterSetBinding", "Placement", "GitOpsCluster", "ApplicationSet"}, "fleets/demo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			f.Spec.GitOps.Generator, f.Spec.GitOps.Delivery = v1alpha1.Generator(tc.generator), v1alpha1.Delivery(tc.delivery)
			objs := generators.ApplicationSet(plan.Build(f))
			var kinds []string
			for _, o := range objs {
				_, k := o.GVK()
				kinds = append(kinds, k)
			}
			if diff := cmp.Diff(tc.wantKinds, kinds); diff != "" {
				t.Errorf("kinds (-want +got):\n%s", diff)
			}
			as := objs[len(objs)-1].(*objects.ApplicationSet)
			if as.Spec.Template.Spec.Source.Path != tc.wantPath {
				t.Errorf("path %q, want %q", as.Spec.Template.Spec.Source.Path, tc.wantPath)
			}
			// Clusters outside the fleet are excluded, never sent to a missing overlay.
			sel := as.Spec.Generators[0].Selector.MatchExpressions[0]
			if diff := cmp.Diff(objects.LabelSelectorRequirement{Key: "name", Operator: "In", Values: []string{"east", "west"}}, sel); diff != "" {
				t.Errorf("post-selector (-want +got):\n%s", diff)
			}
		})
	}
}
