package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	kubevirtv1 "kubevirt.io/api/core/v1"
	cdiv1 "kubevirt.io/containerized-data-importer-api/pkg/apis/core/v1beta1"

	"vmfleet.dev/vmfleet/api/v1alpha1"
)

func TestVirtualMachinePerCluster(t *testing.T) {
	type want struct {
		eviction, access, class, nad string
	}
	for _, tc := range []struct {
		name    string
		mutate  func(*v1alpha1.VMFleet)
		cluster string
		want    want
	}{
		{"RWX cluster live-migrates", nil, "east", want{"LiveMigrate", "ReadWriteMany", "ceph", "vlan10"}},
		{"RWO cluster does not", nil, "west", want{"None", "ReadWriteOnce", "lvms", "vlan10-west"}},
		{"the disk's access mode beats the cluster's", func(f *v1alpha1.VMFleet) { f.Spec.VMs[0].Disk.AccessMode = v1alpha1.ReadWriteOnce },
			"east", want{"None", "ReadWriteOnce", "ceph", "vlan10"}},
		{"an explicit strategy beats the derived one", func(f *v1alpha1.VMFleet) { f.Spec.VMs[0].EvictionStrategy = "LiveMigrateIfPossible" },
			"west", want{"LiveMigrateIfPossible", "ReadWriteOnce", "lvms", "vlan10-west"}},
		{"a NAD in a global namespace is named with it", func(f *v1alpha1.VMFleet) { f.Spec.Networks[0].Namespace = "default" },
			"east", want{"LiveMigrate", "ReadWriteMany", "ceph", "default/vlan10"}},
		{"an existing NAD of the VM's namespace is named alone", func(f *v1alpha1.VMFleet) {
			f.Spec.Clusters[1].Networks = nil
			f.Spec.Clusters[1].ExistingNetworks = map[string]string{"vlan10": "apps/theirs"}
		}, "west", want{"None", "ReadWriteOnce", "lvms", "theirs"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			if tc.mutate != nil {
				tc.mutate(f)
			}
			vm := vmOn(t, f, tc.cluster)
			dv := vm.Spec.DataVolumeTemplates[0].Spec.Storage
			got := want{string(*vm.Spec.Template.Spec.EvictionStrategy), string(dv.AccessModes[0]), *dv.StorageClassName,
				vm.Spec.Template.Spec.Networks[1].Multus.NetworkName}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if vm.Spec.RunStrategy == nil || *vm.Spec.RunStrategy != kubevirtv1.RunStrategyAlways || vm.Spec.Running != nil {
				t.Errorf("want runStrategy Always and never running, got %v / %v", vm.Spec.RunStrategy, vm.Spec.Running)
			}
		})
	}
}

func TestDiskSources(t *testing.T) {
	ns := "apps"
	for _, tc := range []struct {
		name   string
		source v1alpha1.DiskSource
		want   cdiv1.DataVolumeSpec
	}{
		{"dataSource", v1alpha1.DiskSource{DataSource: &v1alpha1.ObjectRef{Name: "rhel9"}},
			cdiv1.DataVolumeSpec{SourceRef: &cdiv1.DataVolumeSourceRef{Kind: "DataSource", Name: "rhel9", Namespace: &ns}}},
		{"registry", v1alpha1.DiskSource{Registry: &v1alpha1.URLSource{URL: "docker://quay.io/x:1"}},
			cdiv1.DataVolumeSpec{Source: &cdiv1.DataVolumeSource{Registry: &cdiv1.DataVolumeSourceRegistry{URL: ptr("docker://quay.io/x:1")}}}},
		{"http", v1alpha1.DiskSource{HTTP: &v1alpha1.URLSource{URL: "https://m/x.qcow2", CertConfigMap: "ca"}},
			cdiv1.DataVolumeSpec{Source: &cdiv1.DataVolumeSource{HTTP: &cdiv1.DataVolumeSourceHTTP{URL: "https://m/x.qcow2", CertConfigMap: "ca"}}}},
		{"s3", v1alpha1.DiskSource{S3: &v1alpha1.URLSource{URL: "https://s3.example.com/b/x", SecretRef: "creds"}},
			cdiv1.DataVolumeSpec{Source: &cdiv1.DataVolumeSource{S3: &cdiv1.DataVolumeSourceS3{URL: "https://s3.example.com/b/x", SecretRef: "creds"}}}},
		{"pvc", v1alpha1.DiskSource{PVC: &v1alpha1.ObjectRef{Name: "golden", Namespace: "images"}},
			cdiv1.DataVolumeSpec{Source: &cdiv1.DataVolumeSource{PVC: &cdiv1.DataVolumeSourcePVC{Name: "golden", Namespace: "images"}}}},
		{"blank", v1alpha1.DiskSource{Blank: &v1alpha1.Blank{}},
			cdiv1.DataVolumeSpec{Source: &cdiv1.DataVolumeSource{Blank: &cdiv1.DataVolumeBlankImage{}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			f.Spec.VMs[0].Disk.Source = tc.source
			got := vmOn(t, f, "east").Spec.DataVolumeTemplates[0].Spec
			got.Storage = nil
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
