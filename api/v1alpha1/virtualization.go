package v1alpha1

// Virtualization is the OpenShift Virtualization baseline every selected
// cluster gets: the operator, then its HyperConverged CR.
type Virtualization struct {
	// PolicyNamespace on the hub for the Policies, PolicySet and Placement.
	// Default: policies-virt; for a tenant fleet (managedBy set), policies-<fleet>.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$`
	// +kubebuilder:validation:MaxLength=63
	PolicyNamespace string `json:"policyNamespace,omitempty"`
	// ManagedBy names the fleet that manages the CNV baseline of these
	// clusters: the operator, HyperConverged, its health check, NMState,
	// user-workload monitoring and the hub allowlist. Empty (or this fleet's
	// own name): this fleet manages it. Another name makes this a tenant
	// fleet: it emits no baseline object, and its hub objects carry its name.
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$`
	// +kubebuilder:validation:MaxLength=63
	// +optional
	ManagedBy string `json:"managedBy,omitempty"`
	// RemediationAction of the policies. Default: enforce.
	// +optional
	RemediationAction RemediationAction `json:"remediationAction,omitempty"`
	// PolicySet groups the baseline policies. Default: cnv-baseline.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	PolicySet string `json:"policySet,omitempty"`
	// KubeVirtVersion the clusters run, as major.minor (e.g. "1.6"). It decides
	// what a resize needs. Default: inferred from operator.versions, else the
	// current KubeVirt.
	// +kubebuilder:validation:Pattern=`^(v?[0-9]+\.[0-9]+(\.[0-9]+)?)?$`
	// +optional
	KubeVirtVersion string `json:"kubevirtVersion,omitempty"`
	// Operator is the CNV operator install (an OperatorPolicy).
	// +optional
	Operator Operator `json:"operator,omitempty"`
	// HyperConverged is the CR that deploys the virtualization stack.
	// +optional
	HyperConverged HyperConverged `json:"hyperconverged,omitempty"`
	// AllowMigrationTraffic delivers a NetworkPolicy in the operator
	// namespace that lets virt-handler pods reach each other on the
	// migration ports (TCP 49152-49153), for spokes with default-deny policies.
	// +optional
	AllowMigrationTraffic bool `json:"allowMigrationTraffic,omitempty"`
}

// Operator is the OLM subscription of the kubevirt-hyperconverged operator.
type Operator struct {
	// Policy name. Default: cnv-operator.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	Policy string `json:"policy,omitempty"`
	// Channel. Default: stable.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	Channel string `json:"channel,omitempty"`
	// Source catalog. Default: redhat-operators.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	Source string `json:"source,omitempty"`
	// SourceNamespace of the catalog. Default: openshift-marketplace.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$`
	// +kubebuilder:validation:MaxLength=63
	SourceNamespace string `json:"sourceNamespace,omitempty"`
	// Namespace the operator runs in. Default: openshift-cnv.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$`
	// +kubebuilder:validation:MaxLength=63
	Namespace string `json:"namespace,omitempty"`
	// UpgradeApproval: Automatic or None. Default: Automatic.
	// +optional
	UpgradeApproval UpgradeApproval `json:"upgradeApproval,omitempty"`
	// Versions (CSV names) the operator may run; empty allows any. OLM's
	// first install plan is approved only for a CSV listed here or equal to
	// startingCSV, so pinned versions need a start.
	// +optional
	// +kubebuilder:validation:items:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// +kubebuilder:validation:items:MaxLength=253
	Versions []string `json:"versions,omitempty"`
	// StartingCSV is the CSV OLM installs first; it must be one of
	// versions. Default: the only entry of versions when there is one; with
	// several, it must be given.
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	// +optional
	StartingCSV string `json:"startingCSV,omitempty"`
	// OperatorGroup to create in the operator namespace. Default: none, so
	// an OperatorGroup already there is adopted (a named one would clash
	// with it and never install) and, on a fresh cluster, the policy
	// creates one for all namespaces.
	// +optional
	OperatorGroup *OperatorGroup `json:"operatorGroup,omitempty"`
	// Config of the Subscription: where the operator pods run.
	// +optional
	Config *SubscriptionConfig `json:"config,omitempty"`
}

// OperatorGroup is an OLM OperatorGroup.
type OperatorGroup struct {
	// Name of the OperatorGroup.
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	// +kubebuilder:validation:MaxLength=63
	Name string `json:"name"`
	// TargetNamespaces; empty means all namespaces.
	// +kubebuilder:validation:items:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	// +kubebuilder:validation:items:MaxLength=63
	// +optional
	TargetNamespaces []string `json:"targetNamespaces,omitempty"`
}

// SubscriptionConfig is the part of an OLM Subscription's spec.config a
// fleet sets: run the operator on infra nodes.
type SubscriptionConfig struct {
	// NodeSelector for the operator pods.
	// +optional
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`
	// Tolerations of the operator pods, e.g. for tainted infra nodes.
	// +optional
	Tolerations []Toleration `json:"tolerations,omitempty"`
}

// Toleration is a Kubernetes pod toleration.
type Toleration struct {
	// +optional
	Key string `json:"key,omitempty"`
	// +optional
	Operator TolerationOperator `json:"operator,omitempty"`
	// +optional
	Value string `json:"value,omitempty"`
	// +optional
	Effect TaintEffect `json:"effect,omitempty"`
	// +optional
	TolerationSeconds *int64 `json:"tolerationSeconds,omitempty"`
}

// HyperConverged holds the fields of the HyperConverged CR the fleet owns;
// the operator keeps its own defaults for every other field.
type HyperConverged struct {
	// Policy name. Default: cnv-hyperconverged.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	Policy string `json:"policy,omitempty"`
	// CommonBootImageImport makes the golden OS images appear on every
	// cluster (spec.enableCommonBootImageImport). Default: true.
	// +optional
	CommonBootImageImport *bool `json:"commonBootImageImport,omitempty"`
	// LiveMigration limits.
	// +optional
	LiveMigration LiveMigration `json:"liveMigration,omitempty"`
	// VMStateStorageClass is the storage class of the PVCs that keep a VM's
	// persistent TPM and EFI state (spec.vmStateStorageClass); clusters may
	// override it. Unset, KubeVirt uses the default (virt) storage class with
	// ReadWriteOnce, and a Windows VM with it cannot live-migrate.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	VMStateStorageClass string `json:"vmStateStorageClass,omitempty"`
	// DefaultCPUModel is the CPU model of every VM that names none
	// (spec.defaultCPUModel); clusters may override it. Give a named model
	// all nodes have (e.g. Haswell-noTSX-IBRS) so VMs migrate between CPU
	// generations. KubeVirt's default, host-model, is no baseline.
	// +optional
	DefaultCPUModel string `json:"defaultCPUModel,omitempty"`
	// StorageWorkloads are the CPU and memory of CDI's importer pods
	// (spec.resourceRequirements.storageWorkloads); clusters may override each.
	// +optional
	StorageWorkloads *StorageWorkloads `json:"storageWorkloads,omitempty"`
	// ScratchSpaceStorageClass is where CDI converts images
	// (spec.scratchSpaceStorageClass): a fast local class; clusters may
	// override it. Unset, CDI takes the disk's own class.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	ScratchSpaceStorageClass string `json:"scratchSpaceStorageClass,omitempty"`
}

// LiveMigration maps to the HyperConverged spec.liveMigrationConfig.
type LiveMigration struct {
	// +kubebuilder:validation:Minimum=1
	// +optional
	ParallelMigrationsPerCluster *int32 `json:"parallelMigrationsPerCluster,omitempty"`
	// +kubebuilder:validation:Minimum=1
	// +optional
	ParallelOutboundMigrationsPerNode *int32 `json:"parallelOutboundMigrationsPerNode,omitempty"`
	// BandwidthPerMigration is a quantity such as 1Gi (bytes per second).
	// +optional
	// +kubebuilder:validation:Pattern=`^(\+?([0-9]*[1-9][0-9]*(\.[0-9]*)?|[0-9]*\.[0-9]*[1-9][0-9]*)([KMGTPE]i|[numkMGTPE]|[eE][-+]?[0-9]+)?)?$`
	BandwidthPerMigration string `json:"bandwidthPerMigration,omitempty"`
	// CompletionTimeoutPerGiB in seconds.
	// +kubebuilder:validation:Minimum=1
	// +optional
	CompletionTimeoutPerGiB *int64 `json:"completionTimeoutPerGiB,omitempty"`
	// ProgressTimeout in seconds.
	// +kubebuilder:validation:Minimum=1
	// +optional
	ProgressTimeout *int64 `json:"progressTimeout,omitempty"`
	// Network is a fleet network dedicated to migration traffic: vmfleet
	// delivers its NetworkAttachmentDefinition into the operator namespace.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	Network string `json:"network,omitempty"`
}
