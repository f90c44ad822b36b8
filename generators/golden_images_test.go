package generators_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	cdiv1 "kubevirt.io/containerized-data-importer-api/pkg/apis/core/v1beta1"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

func withImages(f *v1alpha1.VMFleet, imgs ...v1alpha1.GoldenImage) *v1alpha1.VMFleet {
	f.Spec.Images = imgs
	f.Default()
	return f
}

func goldenHCO(t *testing.T, pol objects.Object) *generators.GoldenImagesHyperConverged {
	t.Helper()
	return objectTemplates(t, pol)[0].(*generators.GoldenImagesHyperConverged)
}

// One set of images on every cluster: one policy, after the HyperConverged
// policy, in the baseline PolicySet; each template names its DataSource
// and imports in the cluster's storage class.
func TestGoldenImagesOneSet(t *testing.T) {
	f := withImages(base(), v1alpha1.GoldenImage{Name: "fedora41", Registry: "docker://quay.io/containerdisks/fedora:41", Size: "30Gi"})
	f.Spec.Clusters[1].StorageClass = "ceph" // both clusters alike
	p := plan.Build(f)
	objs := generators.GoldenImages(p)
	if diff := cmp.Diff([]string{"Policy/policies-virt/golden-images"}, kinds(objs)); diff != "" {
		t.Fatalf("objects (-want +got):\n%s", diff)
	}
	pol := objs[0].(*objects.Policy)
	if got := pol.Spec.Dependencies; len(got) != 1 || got[0].Name != "cnv-hyperconverged" {
		t.Errorf("dependencies: %+v", got)
	}
	h := goldenHCO(t, pol)
	if h.Name != "kubevirt-hyperconverged" || h.Namespace != "openshift-cnv" || h.APIVersion != "hco.kubevirt.io/v1beta1" {
		t.Errorf("HyperConverged identity: %+v %+v", h.TypeMeta, h.ObjectMeta)
	}
	d := h.Spec.DataImportCronTemplates
	if len(d) != 1 || d[0].Metadata.Name != "fedora41-image-cron" || d[0].Spec.ManagedDataSource != "fedora41" ||
		d[0].Spec.Schedule != "0 */12 * * *" || d[0].Spec.GarbageCollect != "Outdated" {
		t.Fatalf("template: %+v", d)
	}
	r := d[0].Spec.Template.Spec.Source.Registry
	if *r.URL != "docker://quay.io/containerdisks/fedora:41" || r.PullMethod != nil {
		t.Errorf("registry source: %+v", r)
	}
	if sc := d[0].Spec.Template.Spec.Storage.StorageClassName; sc == nil || *sc != "ceph" {
		t.Errorf("storage class: %v", sc)
	}
	var set *objects.PolicySet
	for _, o := range generators.PolicySet(p) {
		if s, ok := o.(*objects.PolicySet); ok {
			set = s
		}
	}
	if set == nil || !contains(set.Spec.Policies, "golden-images") {
		t.Errorf("golden-images is not in the PolicySet: %+v", set)
	}
}

// Clusters that keep different images, or pull them differently (node
// pull where mirrors are in play), get a policy each, placed on them.
func TestGoldenImagesPerClusterSets(t *testing.T) {
	f := withImages(base(),
		v1alpha1.GoldenImage{Name: "fedora41", Registry: "docker://quay.io/containerdisks/fedora:41", Size: "30Gi", StorageClass: "fast"},
		v1alpha1.GoldenImage{Name: "tools", Registry: "docker://quay.io/containerdisks/centos-stream:9", Size: "20Gi", Clusters: []string{"east"}})
	f.Spec.Mirrors = []v1alpha1.Mirror{{Source: "quay.io/containerdisks", Mirrors: []string{"mirror.lab/containerdisks"}, Clusters: []string{"west"}}}
	p := plan.Build(f)
	objs := generators.GoldenImages(p)
	if len(objs) != 2 {
		t.Fatalf("want two policies, got %v", kinds(objs))
	}
	byName := map[string][]generators.DataImportCronTemplate{}
	for _, o := range objs {
		_, n := o.Meta()
		byName[n] = goldenHCO(t, o).Spec.DataImportCronTemplates
	}
	var east, west []generators.DataImportCronTemplate
	for _, d := range byName {
		if len(d) == 2 {
			east = d
		} else {
			west = d
		}
	}
	if len(east) != 2 || len(west) != 1 {
		t.Fatalf("templates per policy: %v", byName)
	}
	if east[0].Spec.Template.Spec.Source.Registry.PullMethod != nil {
		t.Errorf("east has no mirrors, yet pulls by node")
	}
	if pm := west[0].Spec.Template.Spec.Source.Registry.PullMethod; pm == nil || *pm != cdiv1.RegistryPullNode {
		t.Errorf("west pulls through mirrors, want pullMethod node, got %v", pm)
	}
	if sc := west[0].Spec.Template.Spec.Storage.StorageClassName; *sc != "fast" {
		t.Errorf("the image's own class wins: %s", *sc)
	}
	// Neither reaches every cluster: each has its own Placement.
	placements := 0
	for _, o := range generators.PolicySet(p) {
		if pl, ok := o.(*objects.Placement); ok && strings.HasPrefix(pl.Name, "golden-images-") {
			placements++
		}
	}
	if placements != 2 {
		t.Errorf("want a Placement per golden-images policy, got %d", placements)
	}
}

// A VM's image source clones the DataSource in the golden-image namespace;
// a registry disk on a mirrored cluster is pulled by the node, on the
// others as CDI does by default.
func TestImageSourceAndNodePull(t *testing.T) {
	f := withImages(base(), v1alpha1.GoldenImage{Name: "fedora41", Registry: "docker://quay.io/containerdisks/fedora:41", Size: "30Gi"})
	f.Spec.VMs[0].Disk.Source = v1alpha1.DiskSource{Image: "fedora41"}
	f.Spec.VMs[0].DataDisks = []v1alpha1.DataDisk{{Name: "tools", Size: "5Gi",
		Source: &v1alpha1.DiskSource{Registry: &v1alpha1.URLSource{URL: "docker://quay.io/containerdisks/tools:1"}}}}
	f.Spec.Mirrors = []v1alpha1.Mirror{{Source: "quay.io", Mirrors: []string{"mirror.lab"}, Clusters: []string{"west"}}}
	for _, tc := range []struct {
		cluster string
		node    bool
	}{{"east", false}, {"west", true}} {
		vm := vmOn(t, f, tc.cluster)
		ref := vm.Spec.DataVolumeTemplates[0].Spec.SourceRef
		if ref == nil || ref.Kind != "DataSource" || ref.Name != "fedora41" || *ref.Namespace != "openshift-virtualization-os-images" {
			t.Errorf("%s: root sourceRef %+v", tc.cluster, ref)
		}
		pm := vm.Spec.DataVolumeTemplates[1].Spec.Source.Registry.PullMethod
		if got := pm != nil && *pm == cdiv1.RegistryPullNode; got != tc.node {
			t.Errorf("%s: node pull %v, want %v", tc.cluster, got, tc.node)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
