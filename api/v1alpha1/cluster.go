package v1alpha1

// Defaults apply to every VM unless a cluster or the VM says otherwise.
type Defaults struct {
	Storage `json:",inline"`
	// RunStrategy of the VMs. Default: Always.
	// +optional
	RunStrategy RunStrategy `json:"runStrategy,omitempty"`
	// PowerOwner of the VMs: "git" or "operators" (see VM.powerOwner).
	// Default: operators.
	// +optional
	PowerOwner PowerOwner `json:"powerOwner,omitempty"`
	// EvictionStrategy of the VMs. Default: LiveMigrate where every disk is
	// ReadWriteMany on that cluster, None elsewhere.
	// +optional
	EvictionStrategy EvictionStrategy `json:"evictionStrategy,omitempty"`
	// Snapshots protects every VM that sets none of its own.
	// +optional
	Snapshots *SnapshotPolicy `json:"snapshots,omitempty"`
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
	// Labels group the cluster for rollout steps (rollout.steps[].matchLabels).
	// They are the fleet's own: the hub objects select clusters by name.
	// +optional
	Labels map[string]string `json:"labels,omitempty"`
	// EvictionStrategy for VMs on this cluster.
	// +optional
	EvictionStrategy EvictionStrategy `json:"evictionStrategy,omitempty"`
	// Networks renames, on this cluster, the NetworkAttachmentDefinition
	// vmfleet delivers for a fleet network (network name to NAD name).
	// +optional
	Networks map[string]string `json:"networks,omitempty"`
	// ExistingNetworks attaches the VMs on this cluster to a
	// NetworkAttachmentDefinition that exists there already ([namespace/]name;
	// the namespace must be the VM's or a global one), so vmfleet delivers no
	// NAD for that network here.
	// +optional
	ExistingNetworks map[string]string `json:"existingNetworks,omitempty"`
	// Bridges says, per node bridge, how it is made on this cluster: its
	// uplink NIC, or that it exists already.
	// +optional
	Bridges map[string]ClusterBridge `json:"bridges,omitempty"`
	// BridgeNodeSelector picks the nodes that get the bridges (the
	// NodeNetworkConfigurationPolicy nodeSelector). Default: every node.
	// +optional
	BridgeNodeSelector map[string]string `json:"bridgeNodeSelector,omitempty"`
	// NodeSelector for the VMs on this cluster.
	// +optional
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`
	// VMStateStorageClass overrides the fleet's
	// virtualization.hyperconverged.vmStateStorageClass on this cluster.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	VMStateStorageClass string `json:"vmStateStorageClass,omitempty"`
	// DefaultCPUModel overrides the fleet's
	// virtualization.hyperconverged.defaultCPUModel on this cluster.
	// +optional
	DefaultCPUModel string `json:"defaultCPUModel,omitempty"`
	// CPUGenerations lists the CPU generations of this cluster's nodes
	// (e.g. [Skylake, IceLake]). More than one means a live migration may
	// move a VM to an older CPU: vmfleet then asks for a baseline model.
	// +optional
	CPUGenerations []string `json:"cpuGenerations,omitempty"`
	// StorageWorkloads overrides, per quantity, the fleet's
	// virtualization.hyperconverged.storageWorkloads on this cluster.
	// +optional
	StorageWorkloads *StorageWorkloads `json:"storageWorkloads,omitempty"`
	// ScratchSpaceStorageClass overrides the fleet's
	// virtualization.hyperconverged.scratchSpaceStorageClass on this cluster.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	ScratchSpaceStorageClass string `json:"scratchSpaceStorageClass,omitempty"`
	// VolumeSnapshotClass names the VolumeSnapshotClass of the cluster's
	// storage (its CSI driver's default class, which KubeVirt's snapshots
	// use): it marks the cluster snapshot-capable. VMs with snapshots run
	// only where it is set.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	VolumeSnapshotClass string `json:"volumeSnapshotClass,omitempty"`
	// Disconnected says the cluster reaches no registry or server outside
	// its mirrors and localHosts: an image or URL from anywhere else is an
	// error, and its mirrors never contact the source (NeverContactSource).
	// +optional
	Disconnected bool `json:"disconnected,omitempty"`
	// LocalHosts are hosts (host or host:port) a disconnected cluster
	// reaches: its own registry, an http or s3 server of the site.
	// +optional
	LocalHosts []string `json:"localHosts,omitempty"`
}
