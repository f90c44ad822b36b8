package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

func TestNamespaces(t *testing.T) {
	keep := map[string]string{generators.ArgoSyncOptions: generators.KeepOnPruneOrDelete, generators.ArgoSyncWave: "-1"}
	labels := map[string]string{generators.LabelManagedBy: generators.ManagedBy, generators.LabelPartOf: "demo"}
	ns := func(name string) objects.Object {
		return &objects.Namespace{TypeMeta: objects.TypeMeta{APIVersion: "v1", Kind: "Namespace"},
			ObjectMeta: objects.ObjectMeta{Name: name, Labels: labels, Annotations: keep}}
	}
	for _, tc := range []struct {
		name    string
		vms     []v1alpha1.VM
		cluster string
		want    []objects.Object
	}{
		{"one VM", nil, "east", []objects.Object{ns("apps")}},
		{"each namespace once, sorted", []v1alpha1.VM{
			{Name: "b", Namespace: "zeta"}, {Name: "c", Namespace: "apps"}, {Name: "d", Namespace: "zeta"},
		}, "east", []objects.Object{ns("apps"), ns("zeta")}},
		{"only the VMs the cluster runs", []v1alpha1.VM{
			{Name: "b", Namespace: "west-only", Clusters: []string{"west"}},
		}, "east", []objects.Object{ns("apps")}},
		{"the other cluster", []v1alpha1.VM{
			{Name: "b", Namespace: "west-only", Clusters: []string{"west"}},
		}, "west", []objects.Object{ns("apps"), ns("west-only")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			for _, vm := range tc.vms {
				vm.Instancetype = "u1.small"
				vm.Disk = v1alpha1.Disk{Size: "1Gi", Source: v1alpha1.DiskSource{Blank: &v1alpha1.Blank{}}}
				f.Spec.VMs = append(f.Spec.VMs, vm)
			}
			f.Default()
			p := plan.Build(f)
			if diff := cmp.Diff(tc.want, generators.Namespaces(p, p.Cluster(tc.cluster))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
