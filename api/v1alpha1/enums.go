package v1alpha1

// The enums of the API. Each type carries its allowed values as a marker,
// so the CRD and the JSON Schema list exactly the constants below.

// RunStrategy is KubeVirt's spec.runStrategy of a VirtualMachine.
// +kubebuilder:validation:Enum=Always;Halted;Manual;RerunOnFailure;Once
type RunStrategy string

const (
	RunStrategyAlways         RunStrategy = "Always"
	RunStrategyHalted         RunStrategy = "Halted"
	RunStrategyManual         RunStrategy = "Manual"
	RunStrategyRerunOnFailure RunStrategy = "RerunOnFailure"
	RunStrategyOnce           RunStrategy = "Once"
)

// EvictionStrategy is KubeVirt's spec.template.spec.evictionStrategy.
// +kubebuilder:validation:Enum=None;LiveMigrate;LiveMigrateIfPossible;External
type EvictionStrategy string

const (
	EvictionNone                  EvictionStrategy = "None"
	EvictionLiveMigrate           EvictionStrategy = "LiveMigrate"
	EvictionLiveMigrateIfPossible EvictionStrategy = "LiveMigrateIfPossible"
	EvictionExternal              EvictionStrategy = "External"
)

// AccessMode of a disk's PersistentVolumeClaim.
// +kubebuilder:validation:Enum=ReadWriteMany;ReadWriteOnce
type AccessMode string

const (
	ReadWriteMany AccessMode = "ReadWriteMany"
	ReadWriteOnce AccessMode = "ReadWriteOnce"
)

// VolumeMode of a disk's PersistentVolumeClaim.
// +kubebuilder:validation:Enum=Block;Filesystem
type VolumeMode string

const (
	VolumeBlock      VolumeMode = "Block"
	VolumeFilesystem VolumeMode = "Filesystem"
)

// Generator is how the ApplicationSet finds clusters.
// +kubebuilder:validation:Enum=clusters;placement
type Generator string

const (
	GeneratorClusters  Generator = "clusters"
	GeneratorPlacement Generator = "placement"
)

// Delivery is what Argo CD syncs.
// +kubebuilder:validation:Enum=overlays;plugin
type Delivery string

const (
	DeliveryOverlays Delivery = "overlays"
	DeliveryPlugin   Delivery = "plugin"
)

// NetworkType is how a network reaches the VMs (constants in network.go).
// +kubebuilder:validation:Enum=bridge;localnet;layer2
type NetworkType string

// IPAMType is the CNI IP address management plugin.
// +kubebuilder:validation:Enum=whereabouts;host-local;static;dhcp
type IPAMType string

const (
	IPAMWhereabouts IPAMType = "whereabouts"
	IPAMHostLocal   IPAMType = "host-local"
	IPAMStatic      IPAMType = "static"
	IPAMDHCP        IPAMType = "dhcp"
)

// RemediationAction of the OCM policies.
// +kubebuilder:validation:Enum=enforce;inform
type RemediationAction string

const (
	RemediationEnforce RemediationAction = "enforce"
	RemediationInform  RemediationAction = "inform"
)

// UpgradeApproval of the operator's OLM subscription.
// +kubebuilder:validation:Enum=Automatic;None
type UpgradeApproval string

const (
	UpgradeAutomatic UpgradeApproval = "Automatic"
	UpgradeNone      UpgradeApproval = "None"
)

// TolerationOperator of a pod toleration.
// +kubebuilder:validation:Enum=Exists;Equal
type TolerationOperator string

const (
	TolerationExists TolerationOperator = "Exists"
	TolerationEqual  TolerationOperator = "Equal"
)

// TaintEffect a pod toleration tolerates.
// +kubebuilder:validation:Enum=NoSchedule;PreferNoSchedule;NoExecute
type TaintEffect string

const (
	TaintNoSchedule       TaintEffect = "NoSchedule"
	TaintPreferNoSchedule TaintEffect = "PreferNoSchedule"
	TaintNoExecute        TaintEffect = "NoExecute"
)

// PowerOwner says who owns a VM's power state.
// +kubebuilder:validation:Enum=git;operators
type PowerOwner string

const (
	PowerOwnerGit       PowerOwner = "git"
	PowerOwnerOperators PowerOwner = "operators"
)

// VMState is a VM's place in its life: present, retired (halted, the first
// step of a decommission) or absent (it leaves git).
// +kubebuilder:validation:Enum=present;retired;absent
type VMState string

const (
	StatePresent VMState = "present"
	StateRetired VMState = "retired"
	StateAbsent  VMState = "absent"
)

// DiskRetention says what happens to an absent VM's disks.
// +kubebuilder:validation:Enum=Keep;Delete
type DiskRetention string

const (
	DisksKeep   DiskRetention = "Keep"
	DisksDelete DiskRetention = "Delete"
)

// OS of a VM's guest.
// +kubebuilder:validation:Enum=linux;windows
type OS string

const (
	OSLinux   OS = "linux"
	OSWindows OS = "windows"
)
