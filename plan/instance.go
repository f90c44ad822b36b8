package plan

import (
	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
)

// Instance resolves vm on cluster c; c nil gives the base instance.
// Precedence, most specific first: disk, cluster, fleet defaults.
func (p *Plan) Instance(vm *VM, c *Cluster) *Instance {

	var cs *v1alpha1.Cluster
	if c != nil {
		cs = c.Spec
	}
	vmPath := diag.Path("spec.vms").Index(vm.Index)
	in := &Instance{VM: vm, Cluster: c, GuestMetrics: vm.Spec.GuestMetrics != nil && *vm.Spec.GuestMetrics,
		State: vm.Spec.State, PowerOwner: vm.Spec.PowerOwner, Windows: vm.Spec.OS == v1alpha1.OSWindows}
	if c != nil {
		in.State = vm.State(c.Spec.Name)
	}
	if in.State == v1alpha1.StateAbsent {
		// The base of a VM absent by default but present on some cluster.
		in.State = v1alpha1.StatePresent
	}
	if in.State == v1alpha1.StateRetired {
		// A retired VM is halted by git, whoever owned its power before.
		in.PowerOwner = v1alpha1.PowerOwnerGit
	}

	root := vm.Spec.Disk
	if root.Source.ContainerDisk != nil {
		in.Disks = append(in.Disks, Disk{Name: "rootdisk", Source: root.Source, Path: vmPath.Child("disk"), Ephemeral: true})
	} else {
		in.Disks = append(in.Disks, p.disk(cs, "rootdisk", RootVolumeName(vm.Spec), root.Size, root.Source, root.Storage, vmPath.Child("disk")))
	}
	for i, d := range vm.Spec.DataDisks {
		path := vmPath.Child("dataDisks").Index(i)
		if d.Ephemeral {
			in.Disks = append(in.Disks, Disk{Name: d.Name, Size: d.Size, Path: path, Ephemeral: true})
			continue
		}
		src := v1alpha1.DiskSource{Blank: &v1alpha1.Blank{}}
		if d.Source != nil {
			src = *d.Source
		}
		in.Disks = append(in.Disks, p.disk(cs, d.Name, DataVolumeName(vm.Spec, d.Name), d.Size, src, d.Storage, path))
	}

	if p.NodePull(c) {
		for i := range in.Disks {
			in.Disks[i].NodePull = in.Disks[i].Source.Registry != nil
		}
	}

	in.Eviction = p.eviction(vm, cs, in.Disks)
	if in.Windows && in.Eviction.From == "" && p.VMStateStorageClass(c).Value == "" {
		// The persistent TPM/EFI state PVC is ReadWriteOnce without a
		// vmStateStorageClass (plan.VMStateStorageClass), which blocks
		// the migration the derived default would ask for.
		in.Eviction = Setting{Value: string(v1alpha1.EvictionNone)}
	}

	var ov v1alpha1.VMOverride
	var ovPath diag.Path
	if cs != nil {
		ov = vm.Spec.ClusterOverrides[cs.Name]
		ovPath = vmPath.Child("clusterOverrides").Child(cs.Name)
	}
	in.Instancetype = override(vm.Spec.Instancetype, vmPath.Child("instancetype"), ov.Instancetype, ovPath.Child("instancetype"))
	in.RunStrategy = override(string(vm.Spec.RunStrategy), vmPath.Child("runStrategy"), string(ov.RunStrategy), ovPath.Child("runStrategy"))
	if ci := vm.Spec.CloudInit; ci != nil {
		in.CloudInitSecret = override(ci.SecretRef, vmPath.Child("cloudInit").Child("secretRef"), ov.CloudInitSecretRef, ovPath.Child("cloudInitSecretRef"))
	}

	if cs != nil || len(vm.Spec.NodeSelector) > 0 {
		in.NodeSelector = map[string]string{}
		if cs != nil {
			for k, v := range cs.NodeSelector {
				in.NodeSelector[k] = v
			}
		}
		for k, v := range vm.Spec.NodeSelector {
			in.NodeSelector[k] = v
		}
		for k, v := range ov.NodeSelector {
			in.NodeSelector[k] = v
		}
		if len(in.NodeSelector) == 0 {
			in.NodeSelector = nil
		}
	}

	in.Networks = p.attachments(vm, c)
	if c != nil && hasAddress(in.Networks) {
		// Network data replaces the guest's own network config, so it
		// lists every interface, each matched by a MAC set here.
		in.PodMAC = mac(c.Spec.Name, vm.Spec.Namespace, vm.Spec.Name, "")
		for i := range in.Networks {
			in.Networks[i].MAC = mac(c.Spec.Name, vm.Spec.Namespace, vm.Spec.Name, in.Networks[i].Name)
		}
	}

	return in
}

// override is the cluster's value where it sets one, else the VM's.
func override(value string, from diag.Path, cluster string, clusterFrom diag.Path) Setting {
	if cluster != "" {
		return Setting{cluster, clusterFrom}
	}
	if value == "" {
		return Setting{}
	}
	return Setting{value, from}
}

func (p *Plan) disk(cs *v1alpha1.Cluster, name, volume, size string, src v1alpha1.DiskSource, own v1alpha1.Storage, path diag.Path) Disk {
	def := p.Fleet.Spec.Defaults.Storage
	d := Disk{Name: name, Volume: volume, Size: size, Source: src, Path: path}
	var cp diag.Path
	if cs != nil {
		cp = p.clusterPath(cs)
	}
	d.StorageClass, d.StorageClassFrom = firstFrom([]string{own.StorageClass, clusterStorage(cs).StorageClass, def.StorageClass},
		[]diag.Path{path + ".storageClass", cp + ".storageClass", "spec.defaults.storageClass"})
	var vm string
	vm, d.VolumeModeFrom = firstFrom([]string{string(own.VolumeMode), string(clusterStorage(cs).VolumeMode), string(def.VolumeMode)},
		[]diag.Path{path + ".volumeMode", cp + ".volumeMode", "spec.defaults.volumeMode"})
	d.VolumeMode = vm
	switch {
	case own.AccessMode != "":
		d.AccessMode = Setting{string(own.AccessMode), path + ".accessMode"}
	case cs != nil && cs.AccessMode != "":
		d.AccessMode = Setting{string(cs.AccessMode), p.clusterPath(cs) + ".accessMode"}
	case def.AccessMode != "":
		d.AccessMode = Setting{string(def.AccessMode), "spec.defaults.accessMode"}
	}
	return d
}

// eviction: an explicit setting wins (VM, then cluster, then defaults);
// otherwise LiveMigrate where every disk is ReadWriteMany, None elsewhere,
// so a default never asks for a migration the storage cannot do.
func (p *Plan) eviction(vm *VM, cs *v1alpha1.Cluster, disks []Disk) Setting {
	switch {
	case vm.Spec.EvictionStrategy != "":
		return Setting{string(vm.Spec.EvictionStrategy), diag.Path("spec.vms").Index(vm.Index).Child("evictionStrategy")}
	case cs != nil && cs.EvictionStrategy != "":
		return Setting{string(cs.EvictionStrategy), p.clusterPath(cs) + ".evictionStrategy"}
	case p.Fleet.Spec.Defaults.EvictionStrategy != "":
		return Setting{string(p.Fleet.Spec.Defaults.EvictionStrategy), "spec.defaults.evictionStrategy"}
	}
	// An ephemeral disk never blocks a migration: a containerDisk or
	// emptyDisk volume makes it a block migration, which copies the disk to
	// the target node; only a PVC without a shared access mode blocks it
	// (kubevirt v1.6.0 pkg/virt-handler/vm.go checkVolumesForMigration).
	for _, d := range disks {
		if d.Ephemeral {
			continue
		}
		if d.AccessMode.Value != string(v1alpha1.ReadWriteMany) {
			return Setting{Value: string(v1alpha1.EvictionNone)}
		}
	}
	return Setting{Value: string(v1alpha1.EvictionLiveMigrate)}
}

func (p *Plan) clusterPath(cs *v1alpha1.Cluster) diag.Path {
	if c := p.clusters[cs.Name]; c != nil {
		return diag.Path("spec.clusters").Index(c.Index)
	}
	return "spec.clusters"
}

func clusterStorage(cs *v1alpha1.Cluster) v1alpha1.Storage {
	if cs == nil {
		return v1alpha1.Storage{}
	}
	return cs.Storage
}

// firstFrom is the first value set, with the path of the field that set it.
func firstFrom(values []string, paths []diag.Path) (string, diag.Path) {
	for i, v := range values {
		if v != "" {
			return v, paths[i]
		}
	}
	return "", ""
}
