package generators

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	cdiv1 "kubevirt.io/containerized-data-importer-api/pkg/apis/core/v1beta1"

	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// GoldenImagesPolicy is the base name of the policies that deliver the
// fleet's golden images (one per distinct set of images, golden-images-<hash>
// when clusters differ).
const GoldenImagesPolicy = "golden-images"

// GoldenImagesHyperConverged is the part of the HyperConverged CR that
// holds the fleet's golden images: spec.dataImportCronTemplates only, so
// this policy and the HyperConverged policy each own their fields of the one
// CR. HCO hands the custom templates, with its common ones unless
// enableCommonBootImageImport is false, to SSP, which creates a
// DataImportCron per template in openshift-virtualization-os-images; a
// template named like a common one modifies it instead (its storage, or
// disables it), so validation keeps fleet names off HCO's
// (kubevirt/hyperconverged-cluster-operator docs/cluster-configuration-v1beta1-api.md,
// "Configure custom golden images" and "Modify common golden images").
type GoldenImagesHyperConverged struct {
	objects.TypeMeta   `json:",inline"`
	objects.ObjectMeta `json:"metadata"`
	Spec               GoldenImagesSpec `json:"spec"`
}

type GoldenImagesSpec struct {
	DataImportCronTemplates []DataImportCronTemplate `json:"dataImportCronTemplates"`
}

// DataImportCronTemplate is one entry of HCO's dataImportCronTemplates: a
// DataImportCron's metadata and spec (CDI api core/v1beta1
// DataImportCronSpec). Only the fields vmfleet sets; HCO's mutating webhook
// adds the immediate-bind annotation, retentionPolicy and importsToKeep
// (pkg/webhooks/mutator getDICTPatches), which the musthave policy leaves
// alone.
type DataImportCronTemplate struct {
	Metadata objects.ObjectMeta     `json:"metadata"`
	Spec     DataImportCronSpecPart `json:"spec"`
}

type DataImportCronSpecPart struct {
	// Template is the DataVolume each poll imports; CDI accepts a registry
	// (or pvc) source only, and no sourceRef (pkg/apiserver/webhooks/dataimportcron-validate.go).
	Template          DataImportCronDataVolume `json:"template"`
	Schedule          string                   `json:"schedule"`
	GarbageCollect    string                   `json:"garbageCollect"`
	ManagedDataSource string                   `json:"managedDataSource"`
}

type DataImportCronDataVolume struct {
	Spec cdiv1.DataVolumeSpec `json:"spec"`
}

// goldenImagePolicy is one delivery of a set of golden images.
type goldenImagePolicy struct {
	delivery
	hco *GoldenImagesHyperConverged
}

// goldenImagePolicies groups the clusters that keep the same templates: the
// same images, pulled the same way (node pull where mirrors are in play).
func goldenImagePolicies(p *plan.Plan) []goldenImagePolicy {
	if !p.OwnsBaseline() || len(p.Fleet.Spec.Images) == 0 {
		return nil
	}
	var v variants
	for _, c := range p.Clusters {
		var dicts []DataImportCronTemplate
		for _, img := range p.Images(c) {
			reg := &cdiv1.DataVolumeSourceRegistry{URL: ptr(img.Registry)}
			if p.NodePull(c) {
				// With node pull, CDI (v1.63.0 and later) polls for a new
				// digest with a pod that runs the image itself, so the node
				// pulls it through the mirrors too
				// (pkg/controller/dataimportcron-controller.go
				// updateContainerImageDesiredDigest); pod pull polls the
				// registry from the cron job's own client.
				reg.PullMethod = ptr(cdiv1.RegistryPullNode)
			}
			storage := &cdiv1.StorageSpec{Resources: corev1.VolumeResourceRequirements{
				Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse(img.Size)}}}
			if sc := p.ImageStorageClass(img, c); sc != "" {
				storage.StorageClassName = ptr(sc)
			}
			dicts = append(dicts, DataImportCronTemplate{
				Metadata: objects.ObjectMeta{Name: img.Name + plan.ImageCronSuffix},
				Spec: DataImportCronSpecPart{
					Template: DataImportCronDataVolume{Spec: cdiv1.DataVolumeSpec{
						Source: &cdiv1.DataVolumeSource{Registry: reg}, Storage: storage}},
					Schedule: img.Schedule,
					// Outdated: older imports are deleted once a newer one is ready, as HCO's common images do.
					GarbageCollect:    string(cdiv1.DataImportCronGarbageCollectOutdated),
					ManagedDataSource: img.Name,
				},
			})
		}
		if len(dicts) == 0 {
			continue
		}
		z := p.Fleet.Spec.Virtualization
		v.add(c.Spec.Name, []objects.Object{&GoldenImagesHyperConverged{
			TypeMeta:   objects.TypeMeta{APIVersion: HyperConvergedAPIVersion, Kind: "HyperConverged"},
			ObjectMeta: objects.ObjectMeta{Name: HyperConvergedName, Namespace: z.Operator.Namespace},
			Spec:       GoldenImagesSpec{DataImportCronTemplates: dicts},
		}})
	}
	var out []goldenImagePolicy
	for _, g := range v.named(GoldenImagesPolicy) {
		out = append(out, goldenImagePolicy{delivery{g.name, g.group.clusters}, g.group.objs[0].(*GoldenImagesHyperConverged)})
	}
	return out
}

// GoldenImages delivers the fleet's golden images into each cluster's
// HyperConverged once the HyperConverged policy is Compliant (the CR
// exists). A VM whose disk clones a golden image waits for it by itself:
// KubeVirt creates the DataVolume with a sourceRef to the DataSource, CDI's
// webhook checks only the sourceRef's kind and name
// (pkg/apiserver/webhooks/datavolume-validate.go validateSourceRef), and its
// DataVolume controller does nothing while the DataSource is missing or has
// no source yet (pkg/controller/datavolume/controller-base.go getSourceRefOp),
// so the VM stays Provisioning until the first import is ready, then starts.
func GoldenImages(p *plan.Plan) []objects.Object {
	var out []objects.Object
	z := p.Fleet.Spec.Virtualization
	for _, gp := range goldenImagePolicies(p) {
		out = append(out, policy(p, gp.policy, "Keeps the fleet's golden images up to date (HyperConverged dataImportCronTemplates).",
			[]objects.PolicyDependency{dependsOnPolicy(p, z.HyperConverged.Policy)},
			objects.PolicyTemplate{ObjectDefinition: configurationPolicy(p, gp.policy, gp.hco)}))
	}
	return out
}

// GoldenImageTemplates are the dataImportCronTemplates the fleet's
// golden-images policies hold, by template name: one per distinct form
// (clusters that pull or store an image differently get another).
func GoldenImageTemplates(p *plan.Plan) map[string][]DataImportCronTemplate {
	out := map[string][]DataImportCronTemplate{}
	for _, gp := range goldenImagePolicies(p) {
		for _, d := range gp.hco.Spec.DataImportCronTemplates {
			out[d.Metadata.Name] = append(out[d.Metadata.Name], d)
		}
	}
	return out
}
