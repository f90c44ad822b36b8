package v1alpha1

// GitOps is the Argo CD side of the fleet.
type GitOps struct {
	// RepoURL of the git repository that holds the rendered tree.
	// +kubebuilder:validation:MinLength=1
	RepoURL string `json:"repoURL"`
	// TargetRevision to sync. Default: main.
	// +optional
	TargetRevision string `json:"targetRevision,omitempty"`
	// Path of the rendered tree in the repository (the folder holding
	// hub/, base/ and overlays/); with delivery plugin, the folder holding the fleet file.
	// +kubebuilder:validation:Pattern=`^(\./?|([^/.][^/]*|\.[^/.][^/]*)(/([^/.][^/]*|\.[^/.][^/]*|\.\.[^/]+))*/?)$`
	Path string `json:"path"`
	// ArgoNamespace is where Argo CD runs on the hub. Default: openshift-gitops.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$`
	// +kubebuilder:validation:MaxLength=63
	ArgoNamespace string `json:"argoNamespace,omitempty"`
	// Project of the generated Applications: an existing Argo CD AppProject.
	// Default: an AppProject vmfleet emits for the fleet, named like the
	// ApplicationSet, that allows exactly the fleet's clusters, namespaces,
	// kinds and repository.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	Project string `json:"project,omitempty"`
	// ApplicationSet name. Default: the fleet's name.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$`
	// +kubebuilder:validation:MaxLength=63
	ApplicationSet string `json:"applicationSet,omitempty"`
	// Namespace is the Applications' destination namespace. Default: the VMs'
	// namespace when they share one, else "default".
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$`
	// +kubebuilder:validation:MaxLength=63
	Namespace string `json:"namespace,omitempty"`
	// Generator chooses how the ApplicationSet finds clusters: "clusters"
	// (Argo CD cluster secrets selected by label) or "placement" (ACM
	// clusterDecisionResource over a Placement, with a GitOpsCluster).
	// Default: clusters.
	// +optional
	Generator Generator `json:"generator,omitempty"`
	// Delivery chooses what Argo CD syncs: "overlays" (the rendered
	// overlays/<cluster> folders) or "plugin" (the vmfleet config-management
	// plugin renders the cluster at sync time). Default: overlays.
	// +optional
	Delivery Delivery `json:"delivery,omitempty"`
	// Plugin is the ConfigManagementPlugin used with delivery plugin, as Argo CD
	// names it: <name>-<version> when its plugin.yaml has a version. Default:
	// vmfleet-v1, the plugin of examples/argocd/install.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	Plugin string `json:"plugin,omitempty"`
	// HubApplication makes hub/ carry an Argo CD Application, in
	// argoNamespace, that syncs hub/ itself: apply it once and Argo CD keeps
	// the hub objects in step with git (app of apps). Default: false.
	// +optional
	HubApplication bool `json:"hubApplication,omitempty"`
	// AutoSync turns on automated sync with prune and self-heal. Default: true.
	// +optional
	AutoSync *bool `json:"autoSync,omitempty"`
}
