package generators

import (
	corev1 "k8s.io/api/core/v1"
	kubevirtv1 "kubevirt.io/api/core/v1"

	"vmfleet.dev/vmfleet/plan"
)

const (
	sysprepDisk       = "sysprep"
	virtioDriversDisk = "virtio-drivers"
	// windowsGracePeriod is the hour the windows preferences give the guest
	// to shut down (preferredTerminationGracePeriodSeconds: 3600): Windows
	// installs updates on the way down, and a kill mid-update breaks it.
	windowsGracePeriod = int64(3600)
)

// windows sets on a Windows guest what KubeVirt's windows preferences set
// (kubevirt/common-instancetypes preferences/windows/2k22, 2k25 and 11, as
// virt-operator v1.6.0 ships them in pkg/virt-operator/resource/generate/
// components/data/common-clusterpreferences-bundle.yaml, common-instancetypes
// v1.4.0): EFI with secure boot and persistent variables, SMM (secure boot
// needs it: "SecureBoot requires SMM", kubevirt v1.6.0
// pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go), a persistent
// TPM (Windows 11 and Server 2025 refuse to install without one; BitLocker
// keeps its keys there), the Hyper-V enlightenments, the hyperv clock with
// HPET off, the tablet input device and an hour to shut down. Set on the
// VM itself, they hold whether or not a preference is named or deployed
// on the cluster, and a preference only fills what the VM leaves unset.
func windows(spec *kubevirtv1.VirtualMachineInstanceSpec) {
	on, off := ptr(true), ptr(false)
	enabled := &kubevirtv1.FeatureState{}
	spec.Domain.Firmware = &kubevirtv1.Firmware{Bootloader: &kubevirtv1.Bootloader{
		EFI: &kubevirtv1.EFI{SecureBoot: on, Persistent: on}}}
	spec.Domain.Features = &kubevirtv1.Features{
		ACPI: kubevirtv1.FeatureState{},
		APIC: &kubevirtv1.FeatureAPIC{},
		SMM:  enabled,
		Hyperv: &kubevirtv1.FeatureHyperv{
			Frequencies: enabled, IPI: enabled, Reenlightenment: enabled, Relaxed: enabled, Reset: enabled,
			Runtime: enabled, Spinlocks: &kubevirtv1.FeatureSpinlocks{Retries: ptr(uint32(8191))}, SyNIC: enabled,
			SyNICTimer: &kubevirtv1.SyNICTimer{Direct: enabled}, TLBFlush: enabled, VAPIC: enabled, VPIndex: enabled,
		},
	}
	spec.Domain.Clock = &kubevirtv1.Clock{
		ClockOffset: kubevirtv1.ClockOffset{UTC: &kubevirtv1.ClockOffsetUTC{}},
		Timer: &kubevirtv1.Timer{
			HPET:   &kubevirtv1.HPETTimer{Enabled: off},
			Hyperv: &kubevirtv1.HypervTimer{},
			PIT:    &kubevirtv1.PITTimer{TickPolicy: kubevirtv1.PITTickPolicyDelay},
			RTC:    &kubevirtv1.RTCTimer{TickPolicy: kubevirtv1.RTCTickPolicyCatchup},
		},
	}
	spec.Domain.Devices.TPM = &kubevirtv1.TPMDevice{Persistent: on}
	spec.Domain.Devices.AutoattachInputDevice = on
	spec.TerminationGracePeriodSeconds = ptr(windowsGracePeriod)
}

// windowsBus is the bus Windows setup has drivers for: SATA (and the
// e1000e NIC), as in windows.2k22; with the virtio-win drivers disk, virtio
// as in windows.2k22.virtio.
func windowsBus(in *plan.Instance) (kubevirtv1.DiskBus, string) {
	if in.VM.Spec.VirtioDrivers != "" {
		return kubevirtv1.DiskBusVirtio, "virtio"
	}
	return kubevirtv1.DiskBusSATA, "e1000e"
}

// windowsVolumes adds the sysprep answer file and the virtio-win drivers,
// each as a CD-ROM. virt-launcher builds the sysprep drive from the Secret
// or ConfigMap and fails unless it holds autounattend.xml or unattend.xml
// (kubevirt v1.6.0 pkg/config/sysprep.go).
func windowsVolumes(in *plan.Instance, spec *kubevirtv1.VirtualMachineInstanceSpec) {
	s := in.VM.Spec
	if sp := s.Sysprep; sp != nil {
		src := &kubevirtv1.SysprepSource{}
		if sp.SecretRef != "" {
			src.Secret = &corev1.LocalObjectReference{Name: sp.SecretRef}
		} else {
			src.ConfigMap = &corev1.LocalObjectReference{Name: sp.ConfigMapRef}
		}
		spec.Domain.Devices.Disks = append(spec.Domain.Devices.Disks, cdrom(sysprepDisk))
		spec.Volumes = append(spec.Volumes, kubevirtv1.Volume{Name: sysprepDisk, VolumeSource: kubevirtv1.VolumeSource{Sysprep: src}})
	}
	if s.VirtioDrivers != "" {
		spec.Domain.Devices.Disks = append(spec.Domain.Devices.Disks, cdrom(virtioDriversDisk))
		spec.Volumes = append(spec.Volumes, kubevirtv1.Volume{Name: virtioDriversDisk, VolumeSource: kubevirtv1.VolumeSource{
			ContainerDisk: &kubevirtv1.ContainerDiskSource{Image: s.VirtioDrivers}}})
	}
}

// cdrom is a SATA CD-ROM: the bus every guest, Windows setup included,
// reads without extra drivers.
func cdrom(name string) kubevirtv1.Disk {
	return kubevirtv1.Disk{Name: name, DiskDevice: kubevirtv1.DiskDevice{CDRom: &kubevirtv1.CDRomTarget{Bus: kubevirtv1.DiskBusSATA}}}
}
