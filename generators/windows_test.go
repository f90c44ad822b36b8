package generators_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	kubevirtv1 "kubevirt.io/api/core/v1"
	instancetypev1beta1 "kubevirt.io/api/instancetype/v1beta1"
	"sigs.k8s.io/yaml"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/plan"
)

// windowsPreferences reads the windows preferences virt-operator v1.6.0
// installs (testdata, extracted from its bundle with the source named).
func windowsPreferences(t *testing.T) map[string]instancetypev1beta1.VirtualMachinePreferenceSpec {
	t.Helper()
	raw, err := os.ReadFile("testdata/kubevirt-v1.6.0-windows-preferences.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]instancetypev1beta1.VirtualMachinePreferenceSpec{}
	for _, doc := range strings.Split(string(raw), "\n---\n") {
		var p instancetypev1beta1.VirtualMachineClusterPreference
		if err := yaml.Unmarshal([]byte(doc), &p); err != nil {
			t.Fatal(err)
		}
		out[p.Name] = p.Spec
	}
	if len(out) != 3 {
		t.Fatalf("want windows.2k22, windows.2k25 and windows.11, got %d preferences", len(out))
	}
	return out
}

func windowsFleet() *v1alpha1.VMFleet {
	f := base()
	vm := &f.Spec.VMs[0]
	vm.OS = v1alpha1.OSWindows
	vm.Sysprep = &v1alpha1.Sysprep{SecretRef: "app-unattend"}
	return f
}

// A Windows VM carries on itself every value KubeVirt's windows preferences
// prefer, so it boots the same with or without one of them on the cluster.
func TestWindowsMatchesUpstreamPreferences(t *testing.T) {
	vm := vmOn(t, windowsFleet(), "east")
	spec := vm.Spec.Template.Spec
	d := spec.Domain
	for name, pref := range windowsPreferences(t) {
		t.Run(name, func(t *testing.T) {
			check := func(what string, want, got any) {
				t.Helper()
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s (-preference +vm):\n%s", what, diff)
				}
			}
			check("efi", pref.Firmware.PreferredEfi, d.Firmware.Bootloader.EFI)
			check("smm", pref.Features.PreferredSmm, d.Features.SMM)
			check("acpi", *pref.Features.PreferredAcpi, d.Features.ACPI)
			check("apic", pref.Features.PreferredApic, d.Features.APIC)
			check("hyperv", pref.Features.PreferredHyperv, d.Features.Hyperv)
			check("clock offset", *pref.Clock.PreferredClockOffset, d.Clock.ClockOffset)
			check("timers", pref.Clock.PreferredTimer, d.Clock.Timer)
			check("tpm", pref.Devices.PreferredTPM, d.Devices.TPM)
			check("input", pref.Devices.PreferredAutoattachInputDevice, d.Devices.AutoattachInputDevice)
			check("grace", pref.PreferredTerminationGracePeriodSeconds, spec.TerminationGracePeriodSeconds)
			check("disk bus", pref.Devices.PreferredDiskBus, d.Devices.Disks[0].Disk.Bus)
			check("nic model", pref.Devices.PreferredInterfaceModel, d.Devices.Interfaces[0].Model)
		})
	}
}

func TestWindowsVolumes(t *testing.T) {
	f := windowsFleet()
	f.Spec.VMs[0].VirtioDrivers = "registry.example/virtio-win:4.18"
	vm := vmOn(t, f, "east")
	spec := vm.Spec.Template.Spec
	var got []string
	for i, d := range spec.Domain.Devices.Disks {
		v := spec.Volumes[i]
		kind := ""
		if d.Disk != nil {
			kind = "disk " + string(d.Disk.Bus)
		} else if d.CDRom != nil {
			kind = "cdrom " + string(d.CDRom.Bus)
		}
		switch {
		case v.Sysprep != nil && v.Sysprep.Secret != nil:
			kind += " sysprep secret " + v.Sysprep.Secret.Name
		case v.ContainerDisk != nil:
			kind += " containerDisk " + v.ContainerDisk.Image
		case v.DataVolume != nil:
			kind += " dataVolume " + v.DataVolume.Name
		}
		got = append(got, d.Name+": "+kind)
	}
	want := []string{
		"rootdisk: disk virtio dataVolume app-root",
		"sysprep: cdrom sata sysprep secret app-unattend",
		"virtio-drivers: cdrom sata containerDisk registry.example/virtio-win:4.18",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("disks (-want +got):\n%s", diff)
	}
	if m := spec.Domain.Devices.Interfaces[0].Model; m != "virtio" {
		t.Errorf("with the drivers the NIC is virtio, got %q", m)
	}
	p := plan.Build(f)
	if refs := plan.References(p.VMs[0].Spec); !cmp.Equal(refs.Secrets, []string{"app-unattend"}) {
		t.Errorf("the sysprep Secret is delivered from the hub like cloud-init's: %+v", refs)
	}
}

// An ephemeral VM boots from its image, keeps scratch space in an emptyDisk
// and has no DataVolume; nothing in it blocks a live migration.
func TestEphemeralVM(t *testing.T) {
	f := base()
	vm := &f.Spec.VMs[0]
	vm.Disk = v1alpha1.Disk{Source: v1alpha1.DiskSource{ContainerDisk: &v1alpha1.ContainerDisk{Image: "quay.io/containerdisks/fedora:41", ImagePullSecret: "pull"}}}
	vm.DataDisks = []v1alpha1.DataDisk{{Name: "scratch", Size: "2Gi", Ephemeral: true}}
	for _, cluster := range []string{"east", "west"} { // RWX and RWO: no PVC either way
		got := vmOn(t, f, cluster)
		if n := len(got.Spec.DataVolumeTemplates); n != 0 {
			t.Errorf("%s: %d DataVolumes", cluster, n)
		}
		vols := got.Spec.Template.Spec.Volumes
		if c := vols[0].ContainerDisk; c == nil || c.Image != "quay.io/containerdisks/fedora:41" || c.ImagePullSecret != "pull" {
			t.Errorf("%s: root volume %+v", cluster, vols[0])
		}
		if e := vols[1].EmptyDisk; e == nil || e.Capacity.String() != "2Gi" {
			t.Errorf("%s: scratch volume %+v", cluster, vols[1])
		}
		if e := got.Spec.Template.Spec.EvictionStrategy; e == nil || *e != kubevirtv1.EvictionStrategyLiveMigrate {
			t.Errorf("%s: eviction %v, want LiveMigrate", cluster, e)
		}
	}
	p := plan.Build(f)
	if refs := plan.References(p.VMs[0].Spec); !cmp.Equal(refs.Secrets, []string{"pull"}) {
		t.Errorf("the pull Secret is delivered: %+v", refs)
	}
}

// One HyperConverged policy carries each cluster's value: a hub template
// on the managed cluster's name where a cluster differs.
func TestHyperConvergedPerCluster(t *testing.T) {
	f := base()
	h := &f.Spec.Virtualization.HyperConverged
	h.VMStateStorageClass = "ceph-fs"
	h.DefaultCPUModel = "Haswell-noTSX-IBRS"
	f.Spec.Clusters[1].VMStateStorageClass = "lvms-fs"
	p := plan.Build(f)
	pol := generators.HyperConvergedPolicy(p)[0]
	raw, err := json.Marshal(pol)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"vmStateStorageClass":"{{hub if eq .ManagedClusterName \"west\" hub}}lvms-fs{{hub else hub}}ceph-fs{{hub end hub}}"`,
		`"defaultCPUModel":"Haswell-noTSX-IBRS"`,
	} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("policy lacks %s:\n%s", want, raw)
		}
	}
}

// Without a vmStateStorageClass the TPM state PVC is ReadWriteOnce, so the
// derived eviction of a Windows VM on RWX disks is None; with one, LiveMigrate.
func TestWindowsEviction(t *testing.T) {
	f := windowsFleet()
	if e := vmOn(t, f, "east").Spec.Template.Spec.EvictionStrategy; e == nil || *e != kubevirtv1.EvictionStrategyNone {
		t.Errorf("without a state class: %v, want None", e)
	}
	f.Spec.Virtualization.HyperConverged.VMStateStorageClass = "ceph-fs"
	if e := vmOn(t, f, "east").Spec.Template.Spec.EvictionStrategy; e == nil || *e != kubevirtv1.EvictionStrategyLiveMigrate {
		t.Errorf("with a state class: %v, want LiveMigrate", e)
	}
}
