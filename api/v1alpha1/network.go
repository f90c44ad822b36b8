package v1alpha1

// Network is a secondary network, delivered to clusters as a
// NetworkAttachmentDefinition by an OCM policy.
type Network struct {
	// Name of the network and of its NetworkAttachmentDefinition.
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	// +kubebuilder:validation:MaxLength=63
	Name string `json:"name"`
	// Namespace of the NetworkAttachmentDefinition; VMs on other namespaces
	// reference it as namespace/name.
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	// +kubebuilder:validation:MaxLength=63
	Namespace string `json:"namespace"`
	// Type of CNI plugin. Only bridge (a Linux bridge) today.
	// +optional
	Type NetworkType `json:"type,omitempty"`
	// Bridge is the host bridge device, e.g. br-payments.
	// +kubebuilder:validation:MaxLength=15
	// +kubebuilder:validation:MinLength=1
	Bridge string `json:"bridge"`
	// VLAN tag, 1-4094.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=4094
	// +optional
	VLAN *int32 `json:"vlan,omitempty"`
	// MTU of the interfaces.
	// +kubebuilder:validation:Minimum=576
	// +kubebuilder:validation:Maximum=65535
	// +optional
	MTU *int32 `json:"mtu,omitempty"`
	// IPAM config; none leaves addressing to the guest (DHCP on the VLAN or static).
	// +optional
	IPAM *IPAM `json:"ipam,omitempty"`
	// CNIVersion of the config. Default: 0.3.1.
	// +optional
	CNIVersion string `json:"cniVersion,omitempty"`
	// Clusters the network reaches; empty means every fleet cluster.
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
