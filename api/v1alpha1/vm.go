package v1alpha1

// VM is one virtual machine, run on one or more clusters. Two clusters make
// the classic HA pair: two VMs, one per cluster, since a VM never migrates
// between clusters.
type VM struct {
	// Name of the VirtualMachine.
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	// +kubebuilder:validation:MaxLength=63
	Name string `json:"name"`
	// Namespace of the VirtualMachine.
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	// +kubebuilder:validation:MaxLength=63
	Namespace string `json:"namespace"`
	// Clusters that run this VM; empty means every fleet cluster.
	// +optional
	Clusters []string `json:"clusters,omitempty"`
	// Instancetype (a VirtualMachineClusterInstancetype such as u1.large);
	// or give cpu and memory.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	Instancetype string `json:"instancetype,omitempty"`
	// Preference (a VirtualMachineClusterPreference such as rhel.9).
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	Preference string `json:"preference,omitempty"`
	// OS of the guest: "linux" or "windows". Default: windows when the
	// preference is a windows.* one, else linux. A Windows VM gets what
	// KubeVirt's windows preferences set (EFI with secure boot, SMM, a
	// persistent TPM, the Hyper-V enlightenments and timers, a SATA disk bus,
	// an hour to shut down) and sysprep instead of cloud-init.
	// +optional
	OS OS `json:"os,omitempty"`
	// Sysprep answers the Windows setup: a Secret or ConfigMap in the VM's
	// namespace holding autounattend.xml or unattend.xml, delivered from
	// the hub like cloud-init Secrets.
	// +optional
	Sysprep *Sysprep `json:"sysprep,omitempty"`
	// VirtioDrivers is a container image holding the virtio-win drivers
	// (e.g. registry.redhat.io/container-native-virtualization/virtio-win-rhel9),
	// attached as a CD-ROM; with it a Windows VM uses the virtio disk bus and
	// network model, without it SATA and e1000e, which Windows setup drives
	// out of the box.
	// +optional
	VirtioDrivers string `json:"virtioDrivers,omitempty"`
	// CPU when no instancetype is given.
	// +optional
	CPU *CPU `json:"cpu,omitempty"`
	// CPUModel of the guest with an instancetype (with cpu, give cpu.model):
	// a named model every node has, so the VM may migrate to any of them.
	// Default: the cluster's defaultCPUModel, else KubeVirt's host-model.
	// +optional
	CPUModel string `json:"cpuModel,omitempty"`
	// Memory of the guest, a quantity such as 8Gi, when no instancetype is given.
	// +optional
	// +kubebuilder:validation:Pattern=`^(\+?([0-9]*[1-9][0-9]*(\.[0-9]*)?|[0-9]*\.[0-9]*[1-9][0-9]*)([KMGTPE]i|[numkMGTPE]|[eE][-+]?[0-9]+)?)?$`
	Memory string `json:"memory,omitempty"`
	// Disk is the root disk.
	Disk Disk `json:"disk"`
	// DataDisks are more disks, blank unless a source is given.
	// +optional
	DataDisks []DataDisk `json:"dataDisks,omitempty"`
	// CloudInit configures the guest at first boot.
	// +optional
	CloudInit *CloudInit `json:"cloudInit,omitempty"`
	// Networks are fleet networks the VM joins besides the pod network.
	// +optional
	Networks []string `json:"networks,omitempty"`
	// Addresses are static guest addresses on those networks, per cluster
	// where they differ, delivered as cloud-init network data.
	// +optional
	Addresses []StaticAddress `json:"addresses,omitempty"`
	// RunStrategy overrides the fleet default.
	// +optional
	RunStrategy RunStrategy `json:"runStrategy,omitempty"`
	// PowerOwner says who owns the VM's power state: "git" (runStrategy in
	// the fleet is the truth; Argo CD undoes a virtctl stop) or "operators"
	// (runStrategy is set on create, then ignored, so virtctl stop, start and
	// restart stick). Default: spec.defaults.powerOwner.
	// +optional
	PowerOwner PowerOwner `json:"powerOwner,omitempty"`
	// State of the VM on every cluster it runs on: "present", "retired" (the
	// VM is halted and no longer protected from pruning: the first step of a
	// decommission) or "absent" (the VM leaves git and Argo CD deletes it).
	// Default: present.
	// +optional
	State VMState `json:"state,omitempty"`
	// ClusterStates overrides state on some clusters: cluster name to
	// present, retired or absent, to decommission the VM from one cluster.
	// +optional
	ClusterStates map[string]VMState `json:"clusterStates,omitempty"`
	// Disks says what happens to the VM's disks when Argo CD deletes an absent
	// VM: "Keep" (the DataVolumes and PVCs stay, orphaned) or "Delete".
	// Default: Keep.
	// +optional
	Disks DiskRetention `json:"disks,omitempty"`
	// EvictionStrategy overrides the fleet and cluster default.
	// +optional
	EvictionStrategy EvictionStrategy `json:"evictionStrategy,omitempty"`
	// NodeSelector adds to the cluster's node selector.
	// +optional
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`
	// Replicas makes N VMs of this one on each of its clusters, named
	// <name>-0 to <name>-N-1, each with its own disks and, from each static
	// address as the first of a pool, its own address (<name>-i takes the
	// i-th next one). Unset: one VM, named <name>.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=1000
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`
	// RetiredReplicas retires the highest replicas: they are halted and no
	// longer protected from pruning, the first step of a scale-down; the
	// next render lowers replicas by as many. Default: 0.
	// +kubebuilder:validation:Minimum=0
	// +optional
	RetiredReplicas *int32 `json:"retiredReplicas,omitempty"`
	// ClusterOverrides sets, per cluster name, what differs for this VM on
	// that cluster: the asymmetric HA pair (a bigger primary, its own
	// cloud-init, a standby that stays halted, other nodes).
	// +optional
	ClusterOverrides map[string]VMOverride `json:"clusterOverrides,omitempty"`
	// Labels for the VM and its pods.
	// +optional
	Labels map[string]string `json:"labels,omitempty"`
	// Snapshots protects the VM with scheduled VirtualMachineSnapshots.
	// Default: spec.defaults.snapshots.
	// +optional
	Snapshots *SnapshotPolicy `json:"snapshots,omitempty"`
	// GuestMetrics overrides observability.guestMetrics.nodeExporter for this VM.
	// +optional
	GuestMetrics *bool `json:"guestMetrics,omitempty"`
}

// VMOverride is what one cluster changes of a VM; unset fields keep the VM's.
type VMOverride struct {
	// Instancetype on this cluster (the VM must be sized by instancetype).
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	Instancetype string `json:"instancetype,omitempty"`
	// CloudInitSecretRef names the cloud-init user data Secret on this cluster.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	CloudInitSecretRef string `json:"cloudInitSecretRef,omitempty"`
	// RunStrategy on this cluster.
	// +optional
	RunStrategy RunStrategy `json:"runStrategy,omitempty"`
	// NodeSelector on this cluster, added to (and winning over) the
	// cluster's and the VM's.
	// +optional
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`
	// Replicas on this cluster (the VM must set replicas).
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=1000
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`
	// RetiredReplicas on this cluster.
	// +kubebuilder:validation:Minimum=0
	// +optional
	RetiredReplicas *int32 `json:"retiredReplicas,omitempty"`
}

// Sysprep names where a Windows guest's answer file lives: exactly one field.
//
// +kubebuilder:validation:MinProperties=1
// +kubebuilder:validation:MaxProperties=1
type Sysprep struct {
	// SecretRef names a Secret (answer files often hold the administrator password).
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	SecretRef string `json:"secretRef,omitempty"`
	// ConfigMapRef names a ConfigMap.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	ConfigMapRef string `json:"configMapRef,omitempty"`
}

// CPU topology of the guest.
type CPU struct {
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=4294967295
	Cores uint32 `json:"cores"`
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=4294967295
	// +optional
	Sockets uint32 `json:"sockets,omitempty"`
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=4294967295
	// +optional
	Threads uint32 `json:"threads,omitempty"`
	// Model such as Haswell-noTSX-IBRS: a named model every node of the
	// cluster has is a baseline that lets any node host the VM after a
	// migration. host-model (KubeVirt's default) is no baseline: it copies
	// the first node's CPU, so the VM can only move to nodes as new.
	// +optional
	Model string `json:"model,omitempty"`
}

// Disk is the root disk, imported by CDI, or an ephemeral container disk.
type Disk struct {
	// Size, a quantity such as 40Gi; not used by a container disk.
	// +optional
	// +kubebuilder:validation:Pattern=`^(\+?([0-9]*[1-9][0-9]*(\.[0-9]*)?|[0-9]*\.[0-9]*[1-9][0-9]*)([KMGTPE]i|[numkMGTPE]|[eE][-+]?[0-9]+)?)?$`
	Size string `json:"size,omitempty"`
	// Source of the disk image.
	Source DiskSource `json:"source"`
	// Storage overrides for this disk.
	Storage `json:",inline"`
}

// DataDisk is an additional disk.
type DataDisk struct {
	// Name of the disk, unique within the VM.
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	// +kubebuilder:validation:MaxLength=63
	Name string `json:"name"`
	// Size, a quantity such as 100Gi.
	// +kubebuilder:validation:Pattern=`^\+?([0-9]*[1-9][0-9]*(\.[0-9]*)?|[0-9]*\.[0-9]*[1-9][0-9]*)([KMGTPE]i|[numkMGTPE]|[eE][-+]?[0-9]+)?$`
	Size string `json:"size"`
	// Source; default blank.
	// +optional
	Source *DiskSource `json:"source,omitempty"`
	// Ephemeral makes the disk an emptyDisk: scratch space that lives as
	// long as the VM instance, no DataVolume. Size is its capacity.
	// +optional
	Ephemeral bool `json:"ephemeral,omitempty"`
	// Storage overrides for this disk.
	Storage `json:",inline"`
}

// DiskSource says where a disk's content comes from: exactly one field.
//
// +kubebuilder:validation:MinProperties=1
// +kubebuilder:validation:MaxProperties=1
type DiskSource struct {
	// DataSource clones a golden image (sourceRef kind DataSource).
	// +optional
	DataSource *ObjectRef `json:"dataSource,omitempty"`
	// Image clones a golden image of the fleet (spec.images) by name.
	// +optional
	// +kubebuilder:validation:Pattern=`^[a-z]([-a-z0-9]*[a-z0-9])?$`
	// +kubebuilder:validation:MaxLength=52
	Image string `json:"image,omitempty"`
	// Registry pulls a containerdisk image, e.g. docker://quay.io/containerdisks/fedora:41.
	// +optional
	Registry *URLSource `json:"registry,omitempty"`
	// HTTP downloads a qcow2/raw/iso image.
	// +optional
	HTTP *URLSource `json:"http,omitempty"`
	// S3 pulls an image from a bucket: the url is the endpoint's
	// (https:// or http://) with the bucket and the key in the path,
	// https://ENDPOINT/BUCKET/KEY, and secretRef names the Secret with
	// accessKeyId and secretKey (delivered from the hub with the VM).
	// +optional
	S3 *URLSource `json:"s3,omitempty"`
	// PVC clones an existing PersistentVolumeClaim.
	// +optional
	PVC *ObjectRef `json:"pvc,omitempty"`
	// Blank makes an empty disk.
	// +optional
	Blank *Blank `json:"blank,omitempty"`
	// ContainerDisk boots the root disk from a container image that lives
	// as long as the VM instance: no DataVolume, nothing kept across a
	// restart (the seed's ephemeral storage). Root disk only.
	// +optional
	ContainerDisk *ContainerDisk `json:"containerDisk,omitempty"`
}

// ContainerDisk is a disk image in a container image (KubeVirt containerDisk).
type ContainerDisk struct {
	// Image, e.g. quay.io/containerdisks/fedora:41.
	Image string `json:"image"`
	// ImagePullSecret names a Secret in the VM's namespace for the registry.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	ImagePullSecret string `json:"imagePullSecret,omitempty"`
}

// Blank is an empty disk; it has no settings.
type Blank struct{}

// ObjectRef names a namespaced object.
type ObjectRef struct {
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// +kubebuilder:validation:MaxLength=253
	Name string `json:"name"`
	// Namespace; default the VM's.
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$`
	// +kubebuilder:validation:MaxLength=63
	// +optional
	Namespace string `json:"namespace,omitempty"`
}

// URLSource is an image at a URL, with optional credentials from a Secret.
type URLSource struct {
	URL string `json:"url"`
	// SecretRef names a Secret with the credentials (accessKeyId/secretKey).
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	SecretRef string `json:"secretRef,omitempty"`
	// CertConfigMap names a ConfigMap with a CA bundle.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	CertConfigMap string `json:"certConfigMap,omitempty"`
}

// CloudInit is first-boot configuration. Secrets never go to git in plain
// text: user data with credentials belongs in a Secret.
type CloudInit struct {
	// SecretRef names a Secret whose userdata key holds the cloud-config.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	SecretRef string `json:"secretRef,omitempty"`
	// NetworkDataSecretRef names a Secret whose networkdata key holds the network config.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	NetworkDataSecretRef string `json:"networkDataSecretRef,omitempty"`
	// UserData inline, for configuration that holds no secret; vmfleet
	// rejects passwords, keys and tokens here.
	// +optional
	UserData string `json:"userData,omitempty"`
}
