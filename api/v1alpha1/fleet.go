package v1alpha1

// VMFleet declares virtual machines, the clusters that run them, and the
// virtualization baseline those clusters need.
//
// +kubebuilder:object:root=true
// +kubebuilder:resource:path=vmfleets,singular=vmfleet,scope=Namespaced
type VMFleet struct {
	APIVersion string     `json:"apiVersion"`
	Kind       string     `json:"kind"`
	Metadata   ObjectMeta `json:"metadata"`
	Spec       Spec       `json:"spec"`
}

// ObjectMeta is the part of Kubernetes object metadata a fleet uses.
type ObjectMeta struct {
	// Name of the fleet; the default name of its ApplicationSet.
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	// +kubebuilder:validation:MaxLength=63
	Name        string            `json:"name"`
	Namespace   string            `json:"namespace,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// Spec is the whole fleet.
type Spec struct {
	// GitOps says where the rendered tree lives and how Argo CD delivers it.
	GitOps GitOps `json:"gitops"`
	// ClusterSelector picks the managed clusters that run virtual machines;
	// it drives the policy Placement and the ApplicationSet.
	// +optional
	ClusterSelector ClusterSelector `json:"clusterSelector,omitempty"`
	// ClusterSets the hub Placements select from; each gets a
	// ManagedClusterSetBinding. Default: [default].
	// +optional
	// +kubebuilder:validation:items:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	// +kubebuilder:validation:items:MaxLength=63
	ClusterSets []string `json:"clusterSets,omitempty"`
	// Virtualization is the CNV baseline delivered as OCM policies.
	// +optional
	Virtualization Virtualization `json:"virtualization,omitempty"`
	// Dependencies says where on the hub the VMs' Secrets and ConfigMaps are.
	// +optional
	Dependencies Dependencies `json:"dependencies,omitempty"`
	// Networks are secondary networks, delivered as NetworkAttachmentDefinitions.
	// +optional
	Networks []Network `json:"networks,omitempty"`
	// Observability wires VM metrics into ACM observability.
	// +optional
	Observability Observability `json:"observability,omitempty"`
	// Defaults apply to every VM on every cluster unless overridden.
	// +optional
	Defaults Defaults `json:"defaults,omitempty"`
	// Clusters are the managed clusters of the fleet and what differs on each.
	// +kubebuilder:validation:MinItems=1
	Clusters []Cluster `json:"clusters"`
	// VMs are the virtual machines.
	VMs []VM `json:"vms,omitempty"`
	// Images are golden OS images every cluster keeps up to date.
	// +optional
	Images []GoldenImage `json:"images,omitempty"`
	// Mirrors are registry mirrors, for disconnected clusters.
	// +optional
	Mirrors []Mirror `json:"mirrors,omitempty"`
	// Rollout stages changes across the clusters (canary first, then the
	// rest). Default: every cluster at once.
	// +optional
	Rollout *Rollout `json:"rollout,omitempty"`
}

// ClusterSelector selects managed clusters by label.
type ClusterSelector struct {
	// MatchLabels every selected cluster carries. Default: {virt: enabled}.
	// +optional
	MatchLabels map[string]string `json:"matchLabels,omitempty"`
	// TolerationSeconds is how long a cluster that is unreachable or
	// unavailable keeps its Placement decisions (so its policies and its
	// Argo CD Application) before it is dropped. Default: 600.
	// +kubebuilder:validation:Minimum=0
	// +optional
	TolerationSeconds *int64 `json:"tolerationSeconds,omitempty"`
}
