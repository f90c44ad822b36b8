package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/plan"
)

// The import knobs ride in the HyperConverged policy: the fleet's value,
// and a hub template choosing a cluster's own where it differs.
func TestHyperConvergedImportSettings(t *testing.T) {
	f := base()
	h := &f.Spec.Virtualization.HyperConverged
	h.StorageWorkloads = &v1alpha1.StorageWorkloads{Limits: v1alpha1.ResourceAmounts{CPU: "2", Memory: "2Gi"}}
	h.ScratchSpaceStorageClass = "local-nvme"
	f.Spec.Clusters[1].StorageWorkloads = &v1alpha1.StorageWorkloads{Limits: v1alpha1.ResourceAmounts{CPU: "4"}}
	objs := generators.HyperConvergedPolicy(plan.Build(f))
	hco := objectTemplates(t, objs[0])[0].(*generators.HyperConverged)
	if hco.Spec.ScratchSpaceStorageClass != "local-nvme" {
		t.Errorf("scratchSpaceStorageClass: %q", hco.Spec.ScratchSpaceStorageClass)
	}
	want := &generators.HCOResourceRequirements{StorageWorkloads: &generators.HCOResources{Limits: map[string]string{
		"cpu":    `{{hub if eq .ManagedClusterName "west" hub}}4{{hub else hub}}2{{hub end hub}}`,
		"memory": "2Gi",
	}}}
	if diff := cmp.Diff(want, hco.Spec.ResourceRequirements); diff != "" {
		t.Errorf("resourceRequirements (-want +got):\n%s", diff)
	}
	// Unset everywhere: nothing of ours in the CR, CDI's defaults stay.
	f = base()
	hco = objectTemplates(t, generators.HyperConvergedPolicy(plan.Build(f))[0])[0].(*generators.HyperConverged)
	if hco.Spec.ResourceRequirements != nil || hco.Spec.ScratchSpaceStorageClass != "" {
		t.Errorf("unset, yet %+v %q", hco.Spec.ResourceRequirements, hco.Spec.ScratchSpaceStorageClass)
	}
}
