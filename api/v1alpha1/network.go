package v1alpha1

// Network types.
const (
	// NetworkBridge is a Linux bridge on the nodes (CNI bridge plugin).
	NetworkBridge NetworkType = "bridge"
	// NetworkLocalnet is an OVN-Kubernetes localnet: a physical network
	// reached through an OVS bridge mapping on the nodes.
	NetworkLocalnet NetworkType = "localnet"
	// NetworkLayer2 is an OVN-Kubernetes layer2 overlay between the
	// cluster's nodes; nothing is configured on the nodes.
	NetworkLayer2 NetworkType = "layer2"
)

// GlobalNADNamespaces are the namespaces whose NADs a pod of any namespace
// may attach on OpenShift: Multus runs with namespaceIsolation and these
// globalNamespaces (openshift/cluster-network-operator
// bindata/network/multus/multus.yaml, daemon-config.json).
var GlobalNADNamespaces = []string{"default", "openshift-multus", "openshift-sriov-network-operator", "openshift-cnv"}

// IsGlobalNADNamespace reports whether a NAD in ns may be attached from any namespace.
func IsGlobalNADNamespace(ns string) bool {
	for _, g := range GlobalNADNamespaces {
		if ns == g {
			return true
		}
	}
	return false
}

// Network is a secondary network, delivered to clusters as a
// NetworkAttachmentDefinition by an OCM policy, in every namespace whose
// VMs use it, on exactly the clusters those VMs run on.
type Network struct {
	// Name of the network and of its NetworkAttachmentDefinition.
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	// +kubebuilder:validation:MaxLength=63
	Name string `json:"name"`
	// Namespace the network belongs to. A global namespace (default,
	// openshift-multus, openshift-sriov-network-operator, openshift-cnv)
	// holds the one NAD every VM attaches; any other namespace gets the
	// NAD too, and a VM of another namespace gets a copy in its own
	// namespace, since Multus lets a VM attach only those. Empty: only the
	// VMs' namespaces.
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$`
	// +kubebuilder:validation:MaxLength=63
	// +optional
	Namespace string `json:"namespace,omitempty"`
	// Type: bridge (a Linux bridge on the nodes), localnet (OVN-Kubernetes,
	// a physical network through an OVS bridge mapping) or layer2
	// (OVN-Kubernetes overlay). Default: bridge.
	// +optional
	Type NetworkType `json:"type,omitempty"`
	// Bridge on the nodes: the Linux bridge (bridge), or the OVS bridge the
	// localnet maps to (localnet; br-ex is OpenShift's own). Not for layer2.
	// +kubebuilder:validation:MaxLength=15
	// +optional
	Bridge string `json:"bridge,omitempty"`
	// Uplink is the node NIC (or bond) vmfleet makes the bridge's port,
	// e.g. ens4; spec.clusters[].bridges sets it per cluster.
	// +kubebuilder:validation:MaxLength=15
	// +optional
	Uplink string `json:"uplink,omitempty"`
	// VLAN tag, 1-4094 (bridge and localnet).
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=4094
	// +optional
	VLAN *int32 `json:"vlan,omitempty"`
	// MTU of the interfaces.
	// +kubebuilder:validation:Minimum=576
	// +kubebuilder:validation:Maximum=65535
	// +optional
	MTU *int32 `json:"mtu,omitempty"`
	// Subnet of the network in CIDR form, e.g. 10.42.0.0/24. vmfleet checks
	// static guest addresses against it; it is not handed to the CNI (the
	// guest, not the pod, owns its address).
	// +optional
	Subnet string `json:"subnet,omitempty"`
	// IPAM config for the pod side of the attachment. A VM's guest never
	// gets that address, so VM networks need allowIPAM; a live-migration
	// network needs IPAM (virt-handler takes its addresses from it).
	// +optional
	IPAM *IPAM `json:"ipam,omitempty"`
	// AllowIPAM keeps ipam on a network VMs attach, knowing the guest does
	// not get the address (vmfleet warns).
	// +optional
	AllowIPAM bool `json:"allowIPAM,omitempty"`
	// CNIVersion of the config. Default: 0.3.1.
	// +optional
	CNIVersion string `json:"cniVersion,omitempty"`
	// Clusters the network may reach; empty means every fleet cluster.
	// vmfleet delivers it only where a VM that uses it runs.
	// +optional
	Clusters []string `json:"clusters,omitempty"`
}

// IPAM is the CNI IP address management of a network.
type IPAM struct {
	// Type: whereabouts, host-local, static or dhcp.
	Type IPAMType `json:"type"`
	// Range in CIDR form, for whereabouts and host-local.
	// +optional
	Range string `json:"range,omitempty"`
	// Gateway address.
	// +optional
	Gateway string `json:"gateway,omitempty"`
	// Exclude lists CIDRs whereabouts must not hand out.
	// +optional
	Exclude []string `json:"exclude,omitempty"`
}

// ClusterBridge is how one node bridge is made on one cluster.
type ClusterBridge struct {
	// Uplink NIC of the bridge on this cluster's nodes; overrides the network's.
	// +kubebuilder:validation:MaxLength=15
	// +optional
	Uplink string `json:"uplink,omitempty"`
	// Exists says the bridge is on the nodes already: vmfleet does not
	// create it (no NodeNetworkConfigurationPolicy interface for it).
	// +optional
	Exists bool `json:"exists,omitempty"`
}

// StaticAddress is a VM's own address on a secondary network, given to the
// guest as cloud-init network data.
type StaticAddress struct {
	// Network is the fleet network (one of the VM's networks).
	Network string `json:"network"`
	// Address in CIDR form, e.g. 10.42.0.10/24, on every cluster the VM runs on
	// unless clusters says otherwise.
	// +optional
	Address string `json:"address,omitempty"`
	// Clusters maps a cluster to the address the VM has there.
	// +optional
	Clusters map[string]string `json:"clusters,omitempty"`
}
