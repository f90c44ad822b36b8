package generators_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	kubevirtv1 "kubevirt.io/api/core/v1"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/plan"
)

func ptr[T any](v T) *T { return &v }

// base is a small fleet: two clusters (RWX and RWO), one network, one VM.
func base() *v1alpha1.VMFleet {
	f := &v1alpha1.VMFleet{
		APIVersion: v1alpha1.APIVersion, Kind: v1alpha1.Kind,
		Metadata: v1alpha1.ObjectMeta{Name: "demo"},
		Spec: v1alpha1.Spec{
			GitOps:   v1alpha1.GitOps{RepoURL: "https://git.example/fleet", Path: "fleets/demo"},
			Networks: []v1alpha1.Network{{Name: "vlan10", Namespace: "net", Bridge: "br10", Uplink: "ens4", VLAN: ptr(int32(10))}},
			Clusters: []v1alpha1.Cluster{
				{Name: "east", Storage: v1alpha1.Storage{StorageClass: "ceph", AccessMode: v1alpha1.ReadWriteMany}},
				{Name: "west", Storage: v1alpha1.Storage{StorageClass: "lvms", AccessMode: v1alpha1.ReadWriteOnce},
					Networks: map[string]string{"vlan10": "vlan10-west"}},
			},
			VMs: []v1alpha1.VM{{Name: "app", Namespace: "apps", Instancetype: "u1.small",
				Disk:     v1alpha1.Disk{Size: "10Gi", Source: v1alpha1.DiskSource{Blank: &v1alpha1.Blank{}}},
				Networks: []string{"vlan10"}}},
		},
	}
	f.Default()
	return f
}

func vmOn(t *testing.T, f *v1alpha1.VMFleet, cluster string) *kubevirtv1.VirtualMachine {
	t.Helper()
	p := plan.Build(f)
	c := p.Cluster(cluster)
	if c == nil || len(c.Instances) == 0 {
		t.Fatalf("no instance on %s", cluster)
	}
	return generators.VirtualMachine(p, c.Instances[0]).VirtualMachine
}

func cmpSortSlices() cmp.Option {
	return cmp.Transformer("sortOuter", func(in [][]string) [][]string {
		out := append([][]string(nil), in...)
		sort.Slice(out, func(i, j int) bool { return strings.Join(out[i], ",") < strings.Join(out[j], ",") })
		return out
	})
}
