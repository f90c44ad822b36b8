package generators

import (
	"vmfleet.dev/vmfleet/api/v1alpha1"
)

// ovnConfig is the OVN-Kubernetes secondary network configuration
// (ovn-org/ovn-kubernetes go-controller/pkg/cni/types NetConf). NADs of one
// network in several namespaces share its name, which OVN-Kubernetes reads
// as one network; netAttachDefName names each NAD itself.
type ovnConfig struct {
	CNIVersion       string `json:"cniVersion"`
	Name             string `json:"name"`
	Type             string `json:"type"`
	Topology         string `json:"topology"`
	NetAttachDefName string `json:"netAttachDefName"`
	// VLANID is valid on localnet only.
	VLANID *int32 `json:"vlanID,omitempty"`
	MTU    *int32 `json:"mtu,omitempty"`
}

// OVNCNIType is OVN-Kubernetes' CNI plugin for secondary networks.
const OVNCNIType = "ovn-k8s-cni-overlay"

// localnetNAD is a localnet network's config. The localnet's physical
// network is the config's name (ovn-kubernetes physNetName for a secondary
// network), so the NNCP's ovn.bridge-mappings entry maps that name onto the
// bridge. No subnets: OVN then does no IPAM and the guest owns its address.
func localnetNAD(n *v1alpha1.Network, namespace, name string) any {
	return ovnConfig{CNIVersion: n.CNIVersion, Name: n.Name, Type: OVNCNIType, Topology: string(v1alpha1.NetworkLocalnet),
		NetAttachDefName: namespace + "/" + name, VLANID: n.VLAN, MTU: n.MTU}
}
