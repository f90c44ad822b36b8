package validate

import (
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/plan"
)

// workloads checks what a guest's kind asks for: Windows (sysprep, not
// cloud-init; a bus its setup drives), ephemeral disks, replicas, the
// VM's per-cluster overrides, and the HyperConverged values a cluster may
// override.
func (v *validator) workloads() {
	names := map[string]bool{}
	for i := range v.f.Spec.VMs {
		names[v.f.Spec.VMs[i].Name] = true
	}
	for i := range v.f.Spec.VMs {
		vm := &v.f.Spec.VMs[i]
		p := indexPath("spec.vms", i)
		v.overrides(p, vm)
		v.replicas(p, vm, names)
		v.windowsGuest(p, vm)
		v.ephemeral(p, vm)
		if vm.CPUModel != "" && vm.CPU != nil {
			v.errorf(p+".cpuModel", diag.RuleCPUModel, "with cpu, give the model as cpu.model")
		}
	}
	v.perClusterHCO("vmStateStorageClass", v.f.Spec.Virtualization.HyperConverged.VMStateStorageClass,
		func(c *v1alpha1.Cluster) string { return c.VMStateStorageClass })
	v.perClusterHCO("defaultCPUModel", v.f.Spec.Virtualization.HyperConverged.DefaultCPUModel,
		func(c *v1alpha1.Cluster) string { return c.DefaultCPUModel })
	v.importSettings()
}

func (v *validator) windowsGuest(p diag.Path, vm *v1alpha1.VM) {
	win := vm.OS == v1alpha1.OSWindows
	if sp := vm.Sysprep; sp != nil {
		if !win {
			v.errorf(p+".sysprep", diag.RuleSysprepLinux, "sysprep answers Windows setup, and vm %q is %s: use cloudInit, or set os: windows", vm.Name, vm.OS)
		}
	}
	if vm.VirtioDrivers != "" && !win {
		v.errorf(p+".virtioDrivers", diag.RuleVirtioDriversLinux, "the virtio-win drivers are for Windows guests, and vm %q is %s", vm.Name, vm.OS)
	}
	if !win {
		return
	}
	if vm.CloudInit != nil {
		v.warnf(p+".cloudInit", diag.RuleCloudInitWindows, "vm %q is Windows, which reads no cloud-init unless its image carries cloudbase-init: configure it with sysprep (a Secret or ConfigMap holding autounattend.xml)", vm.Name)
	}
	if pref := vm.Preference; pref != "" && !strings.HasPrefix(pref, "windows.") {
		v.errorf(p+".preference", diag.RulePreferenceOS, "preference %q is not a Windows one but vm %q is Windows: use a windows.* preference (e.g. windows.2k22), or none", pref, vm.Name)
	}
	if strings.HasSuffix(vm.Preference, ".virtio") && vm.VirtioDrivers == "" {
		v.warnf(p+".virtioDrivers", diag.RuleVirtioDrivers, "preference %q expects virtio disks, which Windows setup cannot see without drivers: vmfleet keeps the SATA bus until virtioDrivers names a virtio-win image", vm.Preference)
	}
}

// ephemeral: a container disk is a root disk; an emptyDisk has no source.
func (v *validator) ephemeral(p diag.Path, vm *v1alpha1.VM) {
	root := vm.Disk.Source.ContainerDisk
	if root != nil {
		if root.Image == "" {
			v.errorf(p+".disk.source.containerDisk.image", diag.RuleRequired, "must not be empty")
		} else if strings.Contains(root.Image, "://") {
			v.errorf(p+".disk.source.containerDisk.image", diag.RuleContainerDiskImage, "%q: give the image without a scheme, e.g. quay.io/containerdisks/fedora:41", root.Image)
		}
		if st := vm.Disk.Storage; st != (v1alpha1.Storage{}) {
			v.errorf(p+".disk", diag.RuleContainerDiskStorage, "a container disk has no PVC: drop storageClass, accessMode and volumeMode")
		}
	}
	for j, d := range vm.DataDisks {
		dp := p.Child("dataDisks").Index(j)
		if d.Source != nil && d.Source.ContainerDisk != nil {
			v.errorf(dp+".source.containerDisk", diag.RuleContainerDiskData, "a container disk is a root disk only; make scratch space with ephemeral: true")
		}
		switch {
		case d.Ephemeral && d.Source != nil:
			v.errorf(dp+".source", diag.RuleEphemeralSource, "an ephemeral disk starts empty at every boot: drop source, or ephemeral")
		case root != nil && !d.Ephemeral:
			v.warnf(dp, diag.RuleEphemeralVMPersistentDisk, "vm %q boots from a container disk, reset at every start, but data disk %q is a DataVolume that keeps its content: nothing in the image mounts it again after a restart unless the image does; make the disk ephemeral: true, or give the VM a persistent root disk", vm.Name, d.Name)
		}
	}
}

// perClusterHCO: one HyperConverged policy serves every cluster, so a
// value set on some clusters only needs the fleet's for the others.
func (v *validator) perClusterHCO(field, fleet string, cluster func(*v1alpha1.Cluster) string) {
	fp := diag.Path("spec.virtualization.hyperconverged").Child(field)
	var set, unset []string
	at := fp
	for i := range v.f.Spec.Clusters {
		c := &v.f.Spec.Clusters[i]
		val := cluster(c)
		if val == "" {
			unset = append(unset, c.Name)
		} else {
			if len(set) == 0 {
				at = diag.Path("spec.clusters").Index(i).Child(field)
			}
			set = append(set, c.Name)
		}
	}
	if v.f.Spec.Virtualization.ManagedBy != "" && (fleet != "" || len(set) > 0) {
		v.errorf(fp, diag.RuleTenantHyperConverged, "fleet %q manages the HyperConverged CR of these clusters (spec.virtualization.managedBy): set %s there", v.f.Spec.Virtualization.ManagedBy, field)
		return
	}
	if fleet == "" && len(set) > 0 && len(unset) > 0 {
		v.errorf(at, diag.RulePerClusterDefault, "%s is set on cluster %s but not on %s, and %s is empty: one HyperConverged policy carries every cluster's value, so give the others' there", field, quoteList(set), quoteList(unset), fp)
	}
}

// workloadsPlan checks per instance: a persistent TPM's state class, and a
// CPU baseline where a VM may migrate between CPU generations.
func (v *validator) workloadsPlan(p *plan.Plan) {
	for _, c := range p.Clusters {
		for _, in := range c.Instances {
			vp := diag.Path("spec.vms").Index(in.VM.Index)
			name := in.VM.Spec.Name
			if in.Windows && p.VMStateStorageClass(c).Value == "" && p.OwnsBaseline() {
				v.warnf(vp+".os", diag.RuleTPMStateClass, "vm %q is Windows, whose persistent TPM and EFI state KubeVirt keeps in a PVC; on cluster %q no vmStateStorageClass is set, so that PVC takes the default storage class with ReadWriteOnce (or fails with no default class), and the VM cannot live-migrate: set spec.virtualization.hyperconverged.vmStateStorageClass (or the cluster's) to a class with ReadWriteMany filesystem volumes", name, c.Spec.Name)
			}
			if in.Windows {
				for _, a := range in.Networks {
					if a.Address != "" {
						v.warnf(a.AddressFrom, diag.RuleStaticAddressWindows, "vm %q is Windows: its static address %s on cluster %q goes in cloud-init network data, which Windows reads only with cloudbase-init; set it in the sysprep answer file, or use DHCP", name, a.Address, c.Spec.Name)
						break
					}
				}
			}
			gens := c.Spec.CPUGenerations
			if len(gens) < 2 || in.Eviction.Value == string(v1alpha1.EvictionNone) || in.Eviction.Value == string(v1alpha1.EvictionExternal) {
				continue
			}
			if m := p.CPUModel(in); m.Value == "" || m.Value == "host-model" {
				v.warnf(vp, diag.RuleCPUBaseline, "vm %q live-migrates on cluster %q, whose nodes are %s, with CPU model host-model (%s): KubeVirt's default, no baseline, it takes the CPU of the node the VM starts on, so the VM cannot move to an older one; set cpuModel (or cpu.model), or the cluster's defaultCPUModel, to a model every node has, e.g. the oldest generation's", name, c.Spec.Name, strings.Join(gens, ", "), from(m))
			}
		}
	}
}

func from(s plan.Setting) string {
	if s.From == "" {
		return "nothing set"
	}
	return "from " + s.From.String()
}
