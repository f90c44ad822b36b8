package v1alpha1

// Dependencies are the Secrets and ConfigMaps the VMs reference (cloud-init
// user and network data, registry/http/s3 credentials, CA bundles). They
// never go to git: they live in a namespace on the hub, and a policy per VM
// copies them (policy hub templates) to the clusters that run the VM.
type Dependencies struct {
	// HubNamespace on the hub that holds the Secrets and ConfigMaps, under
	// the names the VMs reference. Default: the policy namespace, the only
	// one hub templates may read without a service account; another
	// namespace gets a ServiceAccount in the policy namespace allowed to
	// read it (hubTemplateOptions.serviceAccountName).
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$`
	// +kubebuilder:validation:MaxLength=63
	// +optional
	HubNamespace string `json:"hubNamespace,omitempty"`
}
