package generators_test

import (
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

func nncpOf(t *testing.T, pol objects.Object) *objects.NodeNetworkConfigurationPolicy {
	t.Helper()
	cp := pol.(*objects.Policy).Spec.PolicyTemplates[0].ObjectDefinition.(*objects.ConfigurationPolicy)
	return cp.Spec.ObjectTemplates[0].ObjectDefinition.(*objects.NodeNetworkConfigurationPolicy)
}

func TestNNCPLinuxBridge(t *testing.T) {
	f := base()
	f.Spec.Clusters[1].Bridges = map[string]v1alpha1.ClusterBridge{"br10": {Uplink: "eno2"}}
	f.Spec.Clusters[1].BridgeNodeSelector = map[string]string{"node-role.kubernetes.io/worker": ""}
	p := plan.Build(f)
	pols := generators.NNCPPolicies(p)
	if len(pols) != 2 {
		t.Fatalf("want one NNCP policy per variant (uplink ens4 on east, eno2 on west), got %d", len(pols))
	}
	byUplink := map[string]*objects.NodeNetworkConfigurationPolicy{}
	for _, pol := range pols {
		if deps := pol.(*objects.Policy).Spec.Dependencies; len(deps) != 1 || deps[0].Name != generators.NMStatePolicy {
			t.Errorf("NNCP policy must wait for the NMState CR policy: %v", deps)
		}
		n := nncpOf(t, pol)
		byUplink[n.Spec.DesiredState.Interfaces[0].Bridge.Port[0].Name] = n
	}
	east, west := byUplink["ens4"], byUplink["eno2"]
	if east == nil || west == nil {
		t.Fatalf("uplinks: %v", byUplink)
	}
	want := objects.NMStateInterface{Name: "br10", Type: "linux-bridge", State: "up",
		IPv4: &objects.NMStateIP{}, IPv6: &objects.NMStateIP{},
		Bridge: &objects.NMStateBridge{Options: &objects.NMStateBridgeOptions{STP: map[string]bool{"enabled": false}},
			Port: []objects.NMStatePort{{Name: "ens4"}}}}
	if diff := cmp.Diff([]objects.NMStateInterface{want}, east.Spec.DesiredState.Interfaces); diff != "" {
		t.Errorf("east bridge (-want +got):\n%s", diff)
	}
	if east.Name != "br10" || east.APIVersion != "nmstate.io/v1" || east.Spec.DesiredState.OVN != nil || east.Spec.NodeSelector != nil {
		t.Errorf("east NNCP: %+v", east)
	}
	if diff := cmp.Diff(map[string]string{"node-role.kubernetes.io/worker": ""}, west.Spec.NodeSelector); diff != "" {
		t.Errorf("west node selector (-want +got):\n%s", diff)
	}
}

func TestNNCPLocalnet(t *testing.T) {
	for _, tc := range []struct {
		name, bridge, uplink, nncp string
		iface                      bool
	}{
		{"a dedicated OVS bridge is created with its mapping", "br-storage", "ens5", "br-storage", true},
		{"br-ex exists: only the mapping", "br-ex", "", "br-ex-mappings", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			n := &f.Spec.Networks[0]
			n.Type, n.Bridge, n.Uplink = v1alpha1.NetworkLocalnet, tc.bridge, tc.uplink
			f.Spec.Clusters[1].Networks = nil
			pols := generators.NNCPPolicies(plan.Build(f))
			if len(pols) != 1 {
				t.Fatalf("want one NNCP policy, got %d", len(pols))
			}
			nncp := nncpOf(t, pols[0])
			if nncp.Name != tc.nncp {
				t.Errorf("NNCP name %q, want %q", nncp.Name, tc.nncp)
			}
			// The localnet name is the NAD config's name: OVN-Kubernetes
			// reads a secondary network's physical network from it.
			if diff := cmp.Diff(&objects.NMStateOVN{BridgeMappings: []objects.NMStateBridgeMapping{{Localnet: "vlan10", Bridge: tc.bridge, State: "present"}}},
				nncp.Spec.DesiredState.OVN); diff != "" {
				t.Errorf("bridge mappings (-want +got):\n%s", diff)
			}
			if got := len(nncp.Spec.DesiredState.Interfaces) == 1; got != tc.iface {
				t.Fatalf("interfaces: %+v", nncp.Spec.DesiredState.Interfaces)
			}
			if tc.iface {
				i := nncp.Spec.DesiredState.Interfaces[0]
				if i.Type != "ovs-bridge" || !*i.Bridge.AllowExtraPatchPorts || i.Bridge.Port[0].Name != tc.uplink {
					t.Errorf("OVS bridge: %+v %+v", i, i.Bridge)
				}
			}
		})
	}
}

func TestNNCPNotForExistingBridge(t *testing.T) {
	f := base()
	f.Spec.Networks[0].Uplink = ""
	for i := range f.Spec.Clusters {
		f.Spec.Clusters[i].Bridges = map[string]v1alpha1.ClusterBridge{"br10": {Exists: true}}
	}
	p := plan.Build(f)
	if pols := generators.NNCPPolicies(p); len(pols) != 0 {
		t.Errorf("a bridge that exists gets no NNCP, got %d policies", len(pols))
	}
	// Its NADs still wait for NMState, so NMState is installed there.
	if len(generators.NMStatePolicies(p)) != 2 {
		t.Errorf("NMState must run where bridge NADs wait for it")
	}
}

// nncpPolicies makes one NNCP per distinct bridge: bridgeID must tell
// apart bridges that differ in any field (a field it misses would give two
// clusters one NNCP), so a new field of plan.Bridge fails here first.
func TestBridgeID(t *testing.T) {
	if n := reflect.TypeOf(plan.Bridge{}).NumField(); n != 7 {
		t.Fatalf("plan.Bridge has %d fields, bridgeID holds 7: add the new one", n)
	}
	base := plan.Bridge{Name: "br1", OVS: true, Create: true, Uplink: "eth1", Localnets: []string{"a", "b"}, Networks: []int{1, 2}, NodeSelector: map[string]string{"k": "v", "z": "y"}}
	variants := []func(b *plan.Bridge){
		func(b *plan.Bridge) { b.Name = "br2" },
		func(b *plan.Bridge) { b.OVS = false },
		func(b *plan.Bridge) { b.Create = false },
		func(b *plan.Bridge) { b.Uplink = "eth2" },
		func(b *plan.Bridge) { b.Localnets = []string{"a"} },
		func(b *plan.Bridge) { b.Localnets = []string{"ab"} },
		func(b *plan.Bridge) { b.Networks = []int{12} },
		func(b *plan.Bridge) { b.NodeSelector = map[string]string{"k": "v"} },
		func(b *plan.Bridge) { b.NodeSelector = map[string]string{"k": "vz", "": "y"} },
	}
	seen := map[string]bool{generators.BridgeID(&base): true}
	for i, edit := range variants {
		b := base
		edit(&b)
		id := generators.BridgeID(&b)
		if seen[id] {
			t.Errorf("variant %d has the id of another bridge: %q", i, id)
		}
		seen[id] = true
	}
	same := base
	same.NodeSelector = map[string]string{"z": "y", "k": "v"}
	if generators.BridgeID(&same) != generators.BridgeID(&base) {
		t.Error("the same bridge got another id")
	}
}
