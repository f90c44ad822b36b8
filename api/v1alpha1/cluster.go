package v1alpha1

// Defaults apply to every VM unless a cluster or the VM says otherwise.
type Defaults struct {
	Storage `json:",inline"`
	// RunStrategy of the VMs. Default: Always.
	// +optional
	RunStrategy RunStrategy `json:"runStrategy,omitempty"`
	// EvictionStrategy of the VMs. Default: LiveMigrate where every disk is
	// ReadWriteMany on that cluster, None elsewhere.
	// +optional
	EvictionStrategy EvictionStrategy `json:"evictionStrategy,omitempty"`
}

// Storage is how a VM's disks are provisioned.
type Storage struct {
	// StorageClass of the disks; empty uses the cluster's default class.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	StorageClass string `json:"storageClass,omitempty"`
	// AccessMode of the disks. Live migration needs ReadWriteMany.
	// +optional
	AccessMode AccessMode `json:"accessMode,omitempty"`
	// VolumeMode of the disks; empty lets the storage profile decide.
	// +optional
	VolumeMode VolumeMode `json:"volumeMode,omitempty"`
}

// Cluster is one managed cluster of the fleet: its name (the ManagedCluster
// name, which is also its overlay folder) and what differs there.
type Cluster struct {
	// Name of the managed cluster.
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	// +kubebuilder:validation:MaxLength=63
	Name    string `json:"name"`
	Storage `json:",inline"`
	// EvictionStrategy for VMs on this cluster.
	// +optional
	EvictionStrategy EvictionStrategy `json:"evictionStrategy,omitempty"`
	// Networks maps a fleet network to the name of a NetworkAttachmentDefinition
	// this cluster already has; vmfleet then does not deliver that network here.
	// +optional
	Networks map[string]string `json:"networks,omitempty"`
	// NodeSelector for the VMs on this cluster.
	// +optional
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`
}
