package plan

import (
	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
)

// ClusterValue is a HyperConverged field the fleet sets and a cluster may
// override: the value on one cluster and the field path that chose it.
func (p *Plan) clusterValue(c *Cluster, fleet string, fleetPath diag.Path, cluster func(*Cluster) string, name string) Setting {
	if c != nil {
		if v := cluster(c); v != "" {
			return Setting{v, diag.Path("spec.clusters").Index(c.Index).Child(name)}
		}
	}
	if fleet != "" {
		return Setting{fleet, fleetPath}
	}
	return Setting{}
}

// VMStateStorageClass is the class of the persistent TPM/EFI state PVCs on
// cluster c (HyperConverged spec.vmStateStorageClass); "" leaves KubeVirt's
// choice: the default virt or Kubernetes class, ReadWriteOnce (kubevirt
// v1.6.0 pkg/storage/backend-storage/backend-storage.go getStorageClass,
// getAccessMode).
func (p *Plan) VMStateStorageClass(c *Cluster) Setting {
	return p.clusterValue(c, p.Fleet.Spec.Virtualization.HyperConverged.VMStateStorageClass,
		"spec.virtualization.hyperconverged.vmStateStorageClass", func(c *Cluster) string { return c.Spec.VMStateStorageClass }, "vmStateStorageClass")
}

// DefaultCPUModel is the CPU model of VMs naming none on cluster c
// (HyperConverged spec.defaultCPUModel); "" leaves KubeVirt's host-model.
func (p *Plan) DefaultCPUModel(c *Cluster) Setting {
	return p.clusterValue(c, p.Fleet.Spec.Virtualization.HyperConverged.DefaultCPUModel,
		"spec.virtualization.hyperconverged.defaultCPUModel", func(c *Cluster) string { return c.Spec.DefaultCPUModel }, "defaultCPUModel")
}

// CPUModel is the model instance in runs with: its own, else the
// cluster's default, else "" (host-model).
func (p *Plan) CPUModel(in *Instance) Setting {
	s := in.VM.Spec
	switch {
	case s.CPU != nil && s.CPU.Model != "":
		return Setting{s.CPU.Model, diag.Path("spec.vms").Index(in.VM.Index).Child("cpu").Child("model")}
	case s.CPUModel != "":
		return Setting{s.CPUModel, diag.Path("spec.vms").Index(in.VM.Index).Child("cpuModel")}
	}
	return p.DefaultCPUModel(in.Cluster)
}

// ScratchSpaceStorageClass is where CDI converts images on cluster c
// (HyperConverged spec.scratchSpaceStorageClass); "" leaves CDI's choice.
func (p *Plan) ScratchSpaceStorageClass(c *Cluster) Setting {
	return p.clusterValue(c, p.Fleet.Spec.Virtualization.HyperConverged.ScratchSpaceStorageClass,
		"spec.virtualization.hyperconverged.scratchSpaceStorageClass", func(c *Cluster) string { return c.Spec.ScratchSpaceStorageClass }, "scratchSpaceStorageClass")
}

// StorageWorkload is one quantity of the storage pods' resources on
// cluster c (leaf: requests.cpu, requests.memory, limits.cpu,
// limits.memory); "" leaves CDI's default.
func (p *Plan) StorageWorkload(c *Cluster, leaf string) Setting {
	get := func(s *v1alpha1.StorageWorkloads) string {
		if s == nil {
			return ""
		}
		for _, l := range v1alpha1.StorageWorkloadLeaves {
			if l.Path == leaf {
				return l.Get(s)
			}
		}
		return ""
	}
	return p.clusterValue(c, get(p.Fleet.Spec.Virtualization.HyperConverged.StorageWorkloads),
		diag.Path("spec.virtualization.hyperconverged.storageWorkloads."+leaf), func(c *Cluster) string { return get(c.Spec.StorageWorkloads) }, "storageWorkloads."+leaf)
}
