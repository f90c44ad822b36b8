package plan_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/plan"
)

// The storage class and volume mode name the field that chose them:
// the disk's, else the cluster's, else the fleet default's.
func TestStorageProvenance(t *testing.T) {
	f := instanceFleet()
	f.Spec.Defaults.Storage = v1alpha1.Storage{StorageClass: "standard", VolumeMode: v1alpha1.VolumeFilesystem}
	f.Spec.VMs[0].DataDisks[0].Storage = v1alpha1.Storage{StorageClass: "local", VolumeMode: v1alpha1.VolumeBlock}
	p := plan.Build(f)
	type from struct{ Class, Mode diag.Path }
	var got []from
	for _, c := range p.Clusters {
		for _, d := range c.Instances[0].Disks {
			got = append(got, from{d.StorageClassFrom, d.VolumeModeFrom})
		}
	}
	want := []from{
		{"spec.clusters[0].storageClass", "spec.defaults.volumeMode"},
		{"spec.vms[0].dataDisks[0].storageClass", "spec.vms[0].dataDisks[0].volumeMode"},
		{"spec.clusters[1].storageClass", "spec.defaults.volumeMode"},
		{"spec.vms[0].dataDisks[0].storageClass", "spec.vms[0].dataDisks[0].volumeMode"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
