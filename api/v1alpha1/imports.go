package v1alpha1

// StorageWorkloads are the CPU and memory of CDI's importer, uploader and
// clone pods (HyperConverged spec.resourceRequirements.storageWorkloads,
// passed on to the CDI CR's podResourceRequirements). CDI's defaults are
// small; a qcow2 conversion is CPU-bound, so raising the limits is the fix
// for slow imports.
type StorageWorkloads struct {
	// Requests of each storage pod.
	// +optional
	Requests ResourceAmounts `json:"requests,omitempty"`
	// Limits of each storage pod.
	// +optional
	Limits ResourceAmounts `json:"limits,omitempty"`
}

// ResourceAmounts are a CPU and a memory quantity.
type ResourceAmounts struct {
	// CPU, a quantity such as 2 or 500m.
	// +optional
	// +kubebuilder:validation:Pattern=`^(\+?([0-9]*[1-9][0-9]*(\.[0-9]*)?|[0-9]*\.[0-9]*[1-9][0-9]*)([KMGTPE]i|[numkMGTPE]|[eE][-+]?[0-9]+)?)?$`
	CPU string `json:"cpu,omitempty"`
	// Memory, a quantity such as 2Gi.
	// +optional
	// +kubebuilder:validation:Pattern=`^(\+?([0-9]*[1-9][0-9]*(\.[0-9]*)?|[0-9]*\.[0-9]*[1-9][0-9]*)([KMGTPE]i|[numkMGTPE]|[eE][-+]?[0-9]+)?)?$`
	Memory string `json:"memory,omitempty"`
}

// StorageWorkloadLeaves name each quantity of StorageWorkloads, as the
// field path below storageWorkloads, with a getter.
var StorageWorkloadLeaves = []struct {
	Path string
	Get  func(*StorageWorkloads) string
}{
	{"requests.cpu", func(s *StorageWorkloads) string { return s.Requests.CPU }},
	{"requests.memory", func(s *StorageWorkloads) string { return s.Requests.Memory }},
	{"limits.cpu", func(s *StorageWorkloads) string { return s.Limits.CPU }},
	{"limits.memory", func(s *StorageWorkloads) string { return s.Limits.Memory }},
}
