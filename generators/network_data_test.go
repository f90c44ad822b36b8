package generators_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/plan"
)

func TestNetworkData(t *testing.T) {
	f := base()
	f.Spec.Networks[0].Subnet = "10.10.0.0/24"
	f.Spec.VMs[0].Addresses = []v1alpha1.StaticAddress{{Network: "vlan10", Address: "10.10.0.5/24",
		Clusters: map[string]string{"west": "10.10.0.6/24"}}}
	p := plan.Build(f)
	east, west := p.Cluster("east").Instances[0], p.Cluster("west").Instances[0]
	vm := generators.VirtualMachine(p, east).VirtualMachine
	ifaces := vm.Spec.Template.Spec.Domain.Devices.Interfaces
	want := "ethernets:\n" +
		"  default:\n    dhcp4: true\n    match:\n      macaddress: " + ifaces[0].MacAddress + "\n" +
		"  vlan10:\n    addresses:\n    - 10.10.0.5/24\n    match:\n      macaddress: " + ifaces[1].MacAddress + "\n" +
		"version: 2\n"
	var got string
	for _, v := range vm.Spec.Template.Spec.Volumes {
		if v.CloudInitNoCloud != nil {
			got = v.CloudInitNoCloud.NetworkData
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("network data (-want +got):\n%s", diff)
	}
	for _, i := range ifaces {
		if !strings.HasPrefix(i.MacAddress, "02:") {
			t.Errorf("interface %s: MAC %q is not locally administered", i.Name, i.MacAddress)
		}
	}
	if !strings.Contains(generators.NetworkData(west), "10.10.0.6/24") {
		t.Errorf("west has its own address:\n%s", generators.NetworkData(west))
	}
	if generators.NetworkData(west) == generators.NetworkData(east) {
		t.Errorf("the two clusters' VMs must differ (address and MACs)")
	}
	// The base instance is cluster-independent: no address, no MAC.
	base := p.Instance(p.VMs[0], nil)
	if generators.NetworkData(base) != "" || base.PodMAC != "" {
		t.Errorf("base instance carries network data")
	}
	// Without static addresses nothing changes: no MACs, no network data.
	f2 := plan.Build(func() *v1alpha1.VMFleet { g := f; g.Spec.VMs[0].Addresses = nil; return g }())
	if in := f2.Cluster("east").Instances[0]; generators.NetworkData(in) != "" || in.Networks[0].MAC != "" {
		t.Errorf("DHCP-only instance got network data or MACs")
	}
}
