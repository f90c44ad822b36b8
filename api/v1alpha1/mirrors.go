package v1alpha1

// Mirror is a registry (or repository) mirrored for some clusters:
// delivered as an ImageDigestMirrorSet and an ImageTagMirrorSet, so the
// nodes pull its images from the mirrors. Registry disk sources and golden
// images on those clusters are pulled by the node (CDI pullMethod node),
// since CDI's own importer pod ignores the mirror sets.
type Mirror struct {
	// Source is the registry or repository mirrored, e.g. quay.io/containerdisks.
	// +kubebuilder:validation:MinLength=1
	Source string `json:"source"`
	// Mirrors hold its images, tried in order, e.g. mirror.lab:5000/containerdisks.
	// +kubebuilder:validation:MinItems=1
	Mirrors []string `json:"mirrors"`
	// Clusters that use the mirror; empty means every fleet cluster.
	// +optional
	Clusters []string `json:"clusters,omitempty"`
}
