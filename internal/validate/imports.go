package validate

import (
	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
)

// importSettings: the import knobs of the HyperConverged CR, each
// quantity's magnitude checked and, like every per-cluster HyperConverged
// value, needing the fleet's where only some clusters set their own.
func (v *validator) importSettings() {
	h := v.f.Spec.Virtualization.HyperConverged
	v.perClusterHCO("scratchSpaceStorageClass", h.ScratchSpaceStorageClass,
		func(c *v1alpha1.Cluster) string { return c.ScratchSpaceStorageClass })
	for _, l := range v1alpha1.StorageWorkloadLeaves {
		get := func(s *v1alpha1.StorageWorkloads) string {
			if s == nil {
				return ""
			}
			return l.Get(s)
		}
		v.perClusterHCO("storageWorkloads."+l.Path, get(h.StorageWorkloads),
			func(c *v1alpha1.Cluster) string { return get(c.StorageWorkloads) })
		v.quantity(diag.Path("spec.virtualization.hyperconverged.storageWorkloads."+l.Path), get(h.StorageWorkloads))
		for i := range v.f.Spec.Clusters {
			v.quantity(indexPath("spec.clusters", i)+diag.Path(".storageWorkloads."+l.Path), get(v.f.Spec.Clusters[i].StorageWorkloads))
		}
	}
}
