package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/plan"
)

// An s3 source's credentials Secret (and CA bundle) reach the VM's
// namespace with it: CDI's importer reads accessKeyId and secretKey from a
// Secret of the DataVolume's namespace (containerized-data-importer
// pkg/controller/import-controller.go), so without the copy the import
// pod never starts.
func TestDependenciesS3Credentials(t *testing.T) {
	f := base()
	vm := &f.Spec.VMs[0]
	vm.Disk.Source = v1alpha1.DiskSource{S3: &v1alpha1.URLSource{URL: "https://s3.example.com/images/rhel9.qcow2",
		SecretRef: "s3-creds", CertConfigMap: "s3-ca"}}
	objs := generators.Dependencies(plan.Build(f))
	if len(objs) == 0 {
		t.Fatal("no dependency policy for a VM with an s3 source")
	}
	want := []string{"Namespace//apps", "Secret/apps/s3-creds", "ConfigMap/apps/s3-ca"}
	if diff := cmp.Diff(want, kinds(objectTemplates(t, objs[0]))); diff != "" {
		t.Errorf("object templates (-want +got):\n%s", diff)
	}
}
