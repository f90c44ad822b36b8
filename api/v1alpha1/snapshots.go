package v1alpha1

// DefaultSnapshotKeep is how many snapshots of a VM a schedule keeps.
const DefaultSnapshotKeep = 7

// DefaultSnapshotImage runs the snapshot job: an image with the oc client.
const DefaultSnapshotImage = "registry.redhat.io/openshift4/ose-cli:latest"

// SnapshotPolicy protects a VM with scheduled VirtualMachineSnapshots: a
// CronJob in the VM's namespace creates one on the schedule and deletes all
// but the newest keep. A snapshot is a CSI VolumeSnapshot of each disk, so
// the cluster's storage must support them (clusters[].volumeSnapshotClass).
type SnapshotPolicy struct {
	// Schedule is a cron expression, e.g. "0 1 * * *".
	// +kubebuilder:validation:MinLength=1
	Schedule string `json:"schedule"`
	// Keep is how many snapshots stay. Default: 7.
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=100
	// +optional
	Keep *int32 `json:"keep,omitempty"`
	// Image of the job, with the oc client. Default:
	// registry.redhat.io/openshift4/ose-cli:latest.
	// +optional
	Image string `json:"image,omitempty"`
}

func (f *VMFleet) defaultSnapshots() {
	fill := func(s *SnapshotPolicy) {
		if s == nil {
			return
		}
		if s.Keep == nil {
			s.Keep = ptr(int32(DefaultSnapshotKeep))
		}
		setDefault(&s.Image, DefaultSnapshotImage)
	}
	fill(f.Spec.Defaults.Snapshots)
	for i := range f.Spec.VMs {
		fill(f.Spec.VMs[i].Snapshots)
	}
}
