package plan_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/plan"
)

func ptr[T any](v T) *T { return &v }

func fleet() *v1alpha1.VMFleet {
	f := &v1alpha1.VMFleet{
		Metadata: v1alpha1.ObjectMeta{Name: "demo"},
		Spec: v1alpha1.Spec{
			Networks: []v1alpha1.Network{
				{Name: "pay", Namespace: "tenant-payments", Bridge: "br-pay", Uplink: "ens4", VLAN: ptr(int32(142))},
				{Name: "store", Type: v1alpha1.NetworkLocalnet, Bridge: "br-ex"},
				{Name: "overlay", Type: v1alpha1.NetworkLayer2},
			},
			Clusters: []v1alpha1.Cluster{
				{Name: "a"},
				{Name: "b", Networks: map[string]string{"pay": "pay-b"}, Bridges: map[string]v1alpha1.ClusterBridge{"br-pay": {Uplink: "eno2"}}},
				{Name: "c", ExistingNetworks: map[string]string{"pay": "tenant-app/theirs"}},
			},
			VMs: []v1alpha1.VM{
				{Name: "app", Namespace: "tenant-app", Networks: []string{"pay", "store", "overlay"}},
				{Name: "db", Namespace: "tenant-payments", Clusters: []string{"a"}, Networks: []string{"pay"}},
			},
		},
	}
	f.Default()
	return f
}

func TestDeliveries(t *testing.T) {
	p := plan.Build(fleet())
	type nad struct {
		Network, Name string
		Namespaces    []string
	}
	got := map[string][]nad{}
	bridges := map[string][]plan.Bridge{}
	for _, c := range p.Clusters {
		for _, d := range c.NADs {
			got[c.Spec.Name] = append(got[c.Spec.Name], nad{d.Network.Name, d.Name, d.Namespaces})
		}
		for _, b := range c.Bridges {
			bridges[c.Spec.Name] = append(bridges[c.Spec.Name], *b)
		}
	}
	want := map[string][]nad{
		// Both VM namespaces and the network's own get the bridge NAD.
		"a": {{"pay", "pay", []string{"tenant-app", "tenant-payments"}}, {"store", "store", []string{"tenant-app"}}, {"overlay", "overlay", []string{"tenant-app"}}},
		// Renamed, still delivered.
		"b": {{"pay", "pay-b", []string{"tenant-app", "tenant-payments"}}, {"store", "store", []string{"tenant-app"}}, {"overlay", "overlay", []string{"tenant-app"}}},
		// The existing NAD stops delivery of pay on c only.
		"c": {{"store", "store", []string{"tenant-app"}}, {"overlay", "overlay", []string{"tenant-app"}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NADs (-want +got):\n%s", diff)
	}
	wantBridges := map[string][]plan.Bridge{
		"a": {{Name: "br-ex", OVS: true, Localnets: []string{"store"}, Networks: []int{1}},
			{Name: "br-pay", Create: true, Uplink: "ens4", Networks: []int{0}}},
		"b": {{Name: "br-ex", OVS: true, Localnets: []string{"store"}, Networks: []int{1}},
			{Name: "br-pay", Create: true, Uplink: "eno2", Networks: []int{0}}},
		"c": {{Name: "br-ex", OVS: true, Localnets: []string{"store"}, Networks: []int{1}}},
	}
	if diff := cmp.Diff(wantBridges, bridges); diff != "" {
		t.Errorf("bridges (-want +got):\n%s", diff)
	}
}

func TestAttachments(t *testing.T) {
	p := plan.Build(fleet())
	names := func(cluster string) []string {
		var out []string
		for _, a := range p.Cluster(cluster).Instances[0].Networks {
			out = append(out, a.NetworkName)
		}
		return out
	}
	// Never <other-ns>/<nad>: the VM attaches the copy in its own namespace.
	if diff := cmp.Diff([]string{"pay", "store", "overlay"}, names("a")); diff != "" {
		t.Errorf("a (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"pay-b", "store", "overlay"}, names("b")); diff != "" {
		t.Errorf("b (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"theirs", "store", "overlay"}, names("c")); diff != "" {
		t.Errorf("c (-want +got):\n%s", diff)
	}
}

func TestStaticAddressMACs(t *testing.T) {
	f := fleet()
	f.Spec.VMs[0].Addresses = []v1alpha1.StaticAddress{{Network: "pay", Address: "10.42.0.5/24", Clusters: map[string]string{"b": "10.42.0.6/24"}}}
	p, q := plan.Build(f), plan.Build(f)
	a, b := p.Cluster("a").Instances[0], p.Cluster("b").Instances[0]
	if a.Networks[0].Address != "10.42.0.5/24" || a.Networks[0].AddressFrom != "spec.vms[0].addresses[0].address" {
		t.Errorf("a: %+v", a.Networks[0])
	}
	if b.Networks[0].Address != "10.42.0.6/24" || b.Networks[0].AddressFrom != "spec.vms[0].addresses[0].clusters.b" {
		t.Errorf("b: %+v", b.Networks[0])
	}
	if a.PodMAC == "" || a.PodMAC == b.PodMAC || a.Networks[0].MAC == a.Networks[1].MAC {
		t.Errorf("MACs must differ per interface and per cluster: %s %s %s", a.PodMAC, b.PodMAC, a.Networks[0].MAC)
	}
	if q.Cluster("a").Instances[0].Networks[1].MAC != a.Networks[1].MAC {
		t.Errorf("MACs must be stable")
	}
	// db has no address: untouched.
	if db := p.Cluster("a").Instances[1]; db.PodMAC != "" || db.Networks[0].MAC != "" {
		t.Errorf("db got MACs")
	}
}
