package v1alpha1

// DefaultImageSchedule is when a golden image is polled for a new version:
// HCO's own common images poll every 12 hours.
const DefaultImageSchedule = "0 */12 * * *"

// GoldenImage is an OS image the fleet declares once: on every cluster it
// names, HyperConverged keeps a DataImportCron that polls the registry on a
// schedule and a DataSource of the image's name in
// openshift-virtualization-os-images pointing at the newest import. A VM
// boots from it with disk.source.image.
type GoldenImage struct {
	// Name of the DataSource VMs clone from (the DataImportCron is
	// <name>-image-cron): a DNS-1035 label, as CDI requires of both.
	// +kubebuilder:validation:Pattern=`^[a-z]([-a-z0-9]*[a-z0-9])?$`
	// +kubebuilder:validation:MaxLength=52
	Name string `json:"name"`
	// Registry is the image's container disk, e.g.
	// docker://quay.io/containerdisks/fedora:41 (a DataImportCron polls
	// registry sources only). On a cluster with mirrors it is pulled by the
	// node (pullMethod node), so through the cluster's mirrors.
	Registry string `json:"registry"`
	// Schedule is a cron expression: when CDI looks for a new version.
	// Default: "0 */12 * * *".
	// +optional
	Schedule string `json:"schedule,omitempty"`
	// Size of each imported version, a quantity such as 30Gi.
	// +kubebuilder:validation:Pattern=`^\+?([0-9]*[1-9][0-9]*(\.[0-9]*)?|[0-9]*\.[0-9]*[1-9][0-9]*)([KMGTPE]i|[numkMGTPE]|[eE][-+]?[0-9]+)?$`
	Size string `json:"size"`
	// StorageClass of the imported versions. Default: the cluster's
	// storageClass, else spec.defaults.storageClass, else the cluster's
	// default class: VM disks of the same class clone it fastest.
	// +optional
	// +kubebuilder:validation:Pattern=`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$`
	// +kubebuilder:validation:MaxLength=253
	StorageClass string `json:"storageClass,omitempty"`
	// Clusters that keep the image; empty means every fleet cluster.
	// +optional
	Clusters []string `json:"clusters,omitempty"`
}

func (f *VMFleet) defaultImages() {
	for i := range f.Spec.Images {
		setDefault(&f.Spec.Images[i].Schedule, DefaultImageSchedule)
	}
}
