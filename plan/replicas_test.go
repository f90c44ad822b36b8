package plan_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/plan"
)

// Three replicas on east, two on west, the highest of east retired: names
// <vm>-<i>, each replica on the clusters counting more than i, static
// addresses counted up from the one given.
func TestReplicas(t *testing.T) {
	f := &v1alpha1.VMFleet{APIVersion: v1alpha1.APIVersion, Kind: v1alpha1.Kind, Metadata: v1alpha1.ObjectMeta{Name: "demo"},
		Spec: v1alpha1.Spec{
			GitOps:   v1alpha1.GitOps{RepoURL: "https://git.example/fleet", Path: "fleets/demo"},
			Networks: []v1alpha1.Network{{Name: "vlan10", Bridge: "br10", Uplink: "ens4", Subnet: "10.42.0.0/24"}},
			Clusters: []v1alpha1.Cluster{{Name: "east"}, {Name: "west"}},
			VMs: []v1alpha1.VM{{Name: "web", Namespace: "apps", Instancetype: "u1.small", Replicas: ptr(int32(2)),
				Disk:             v1alpha1.Disk{Size: "10Gi", Source: v1alpha1.DiskSource{Blank: &v1alpha1.Blank{}}},
				Networks:         []string{"vlan10"},
				Addresses:        []v1alpha1.StaticAddress{{Network: "vlan10", Address: "10.42.0.10/24", Clusters: map[string]string{"west": "10.42.0.50/24"}}},
				ClusterOverrides: map[string]v1alpha1.VMOverride{"east": {Replicas: ptr(int32(3)), RetiredReplicas: ptr(int32(1))}},
			}},
		}}
	f.Default()
	p := plan.Build(f)
	type inst struct{ Name, State, Root, Address string }
	got := map[string][]inst{}
	for _, c := range p.Clusters {
		for _, in := range c.Instances {
			got[c.Spec.Name] = append(got[c.Spec.Name], inst{in.VM.Spec.Name, string(in.State), in.Disks[0].Volume, in.Networks[0].Address})
		}
	}
	want := map[string][]inst{
		"east": {{"web-0", "present", "web-0-root", "10.42.0.10/24"}, {"web-1", "present", "web-1-root", "10.42.0.11/24"},
			{"web-2", "retired", "web-2-root", "10.42.0.12/24"}},
		"west": {{"web-0", "present", "web-0-root", "10.42.0.50/24"}, {"web-1", "present", "web-1-root", "10.42.0.51/24"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("instances (-want +got):\n%s", diff)
	}
	for _, vm := range p.VMs {
		if vm.Index != 0 || vm.Template != "web" {
			t.Errorf("%s: index %d template %q: findings must point at spec.vms[0]", vm.Spec.Name, vm.Index, vm.Template)
		}
	}
	if f.Spec.VMs[0].Name != "web" || f.Spec.VMs[0].Addresses[0].Address != "10.42.0.10/24" {
		t.Errorf("the fleet's own VM must stay as written: %+v", f.Spec.VMs[0])
	}
}
