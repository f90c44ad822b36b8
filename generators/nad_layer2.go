package generators

import (
	"vmfleet.dev/vmfleet/api/v1alpha1"
)

// layer2NAD is a layer2 overlay network's config: a switch spanning the
// cluster's nodes over Geneve, nothing configured on the nodes, no VLAN.
func layer2NAD(n *v1alpha1.Network, namespace, name string) any {
	return ovnConfig{CNIVersion: n.CNIVersion, Name: n.Name, Type: OVNCNIType, Topology: string(v1alpha1.NetworkLayer2),
		NetAttachDefName: namespace + "/" + name, MTU: n.MTU}
}
