package generators

import (
	"vmfleet.dev/vmfleet/api/v1alpha1"
)

// bridgeConfig is the CNI bridge plugin's configuration for a VM network
// (type bridge: the old cnv-bridge name is gone).
type bridgeConfig struct {
	CNIVersion string `json:"cniVersion"`
	Name       string `json:"name"`
	Type       string `json:"type"`
	Bridge     string `json:"bridge"`
	VLAN       *int32 `json:"vlan,omitempty"`
	// PreserveDefaultVlan: the plugin defaults it to true and then keeps the
	// port in VLAN 1 as well as in the network's VLAN, leaking untagged
	// traffic into the VM (containernetworking/plugins
	// plugins/main/bridge/bridge.go, loadNetConf and setupVeth).
	PreserveDefaultVlan *bool  `json:"preserveDefaultVlan,omitempty"`
	MTU                 *int32 `json:"mtu,omitempty"`
	// MacSpoofChk drops frames whose source MAC is not the interface's, as
	// the OpenShift Virtualization bridge example sets it.
	MacSpoofChk bool `json:"macspoofchk"`
	IPAM        any  `json:"ipam"`
}

type ipamConfig struct {
	Type    string   `json:"type"`
	Range   string   `json:"range,omitempty"`
	Subnet  string   `json:"subnet,omitempty"`
	Gateway string   `json:"gateway,omitempty"`
	Exclude []string `json:"exclude,omitempty"`
}

// BridgeResourcePrefix: a NAD annotated k8s.v1.cni.cncf.io/resourceName:
// bridge.network.kubevirt.io/<bridge> makes its pods request that node
// resource, which the bridge marker publishes only on nodes that have the
// bridge; so a VM never lands where the bridge CNI would create an
// unconnected bridge of its own (bridge.go ensureBridge).
const BridgeResourcePrefix = "bridge.network.kubevirt.io/"

// bridgeNAD is a bridge network's CNI config and NAD annotations. No IPAM
// unless the fleet opts in: the guest never gets the pod-side address.
func bridgeNAD(n *v1alpha1.Network) (any, map[string]string) {
	cfg := bridgeConfig{CNIVersion: n.CNIVersion, Name: n.Name, Type: "bridge", Bridge: n.Bridge, VLAN: n.VLAN,
		MTU: n.MTU, MacSpoofChk: true, IPAM: struct{}{}}
	if n.VLAN != nil {
		cfg.PreserveDefaultVlan = new(bool)
	}
	if i := n.IPAM; i != nil {
		ic := ipamConfig{Type: string(i.Type), Gateway: i.Gateway, Exclude: i.Exclude}
		if i.Type == "host-local" {
			ic.Subnet = i.Range // host-local calls its range "subnet"
		} else {
			ic.Range = i.Range
		}
		cfg.IPAM = ic
	}
	return cfg, map[string]string{NADResourceName: BridgeResourcePrefix + n.Bridge}
}

// NADResourceName is the Multus annotation naming a node resource the NAD's pods request.
const NADResourceName = "k8s.v1.cni.cncf.io/resourceName"
