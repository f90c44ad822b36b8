package v1alpha1

// Virtualization is the OpenShift Virtualization baseline every selected
// cluster gets: the operator, then its HyperConverged CR.
type Virtualization struct {
	// PolicyNamespace on the hub for the Policies, PolicySet and Placement.
	// Default: policies-virt.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$`
	// +kubebuilder:validation:MaxLength=63
	PolicyNamespace string `json:"policyNamespace,omitempty"`
	// RemediationAction of the policies. Default: enforce.
	// +optional
	RemediationAction RemediationAction `json:"remediationAction,omitempty"`
	// PolicySet groups the baseline policies. Default: cnv-baseline.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	PolicySet string `json:"policySet,omitempty"`
	// Operator is the CNV operator install (an OperatorPolicy).
	// +optional
	Operator Operator `json:"operator,omitempty"`
	// HyperConverged is the CR that deploys the virtualization stack.
	// +optional
	HyperConverged HyperConverged `json:"hyperconverged,omitempty"`
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
	// Versions (CSV names) the operator may run; empty allows any.
	// +optional
	// +kubebuilder:validation:items:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`
	// +kubebuilder:validation:items:MaxLength=253
	Versions []string `json:"versions,omitempty"`
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
	// Network is the name of a NetworkAttachmentDefinition dedicated to migration traffic.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	Network string `json:"network,omitempty"`
}
