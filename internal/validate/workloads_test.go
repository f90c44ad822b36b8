package validate_test

import (
	"strings"
	"testing"
)

// windowsVM is a Windows VM from an imported image; the vm line is 20.
func windowsVM(extra string) string {
	return `  vms:
    - name: sql
      namespace: db
      instancetype: u1.large
      preference: windows.2k22
      disk:
        size: 80Gi
        source:
          blank: {}
` + extra
}

const stateClass = `  virtualization:
    hyperconverged:
      vmStateStorageClass: ceph-fs
`

func TestWorkloadRules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fleet string
		want  []string
	}{{
		name:  "a windows VM with sysprep and a state class is clean",
		fleet: fleet(stateClass, oneCluster, windowsVM("      sysprep: {secretRef: sql-unattend}\n")),
	}, {
		name:  "cloud-init on windows",
		fleet: fleet(stateClass, oneCluster, windowsVM("      cloudInit: {secretRef: sql-ci}\n")),
		want:  []string{`f.yaml:25: warning: spec.vms[0].cloudInit: vm "sql" is Windows, which reads no cloud-init unless its image carries cloudbase-init: configure it with sysprep (a Secret or ConfigMap holding autounattend.xml)`},
	}, {
		name:  "an unknown os",
		fleet: fleet(oneCluster, vm("      os: dos\n      sysprep: {secretRef: a}\n")),
		want:  []string{`f.yaml:21: error: spec.vms[0].os: "dos" is not one of "linux", "windows"`},
	}, {
		name:  "a windows VM asked to live-migrate without a state class",
		fleet: fleet(oneCluster, windowsVM("      evictionStrategy: LiveMigrate\n")),
		want: []string{
			`f.yaml:14: warning: spec.vms[0].os: vm "sql" is Windows, whose persistent TPM and EFI state KubeVirt keeps in a PVC; on cluster "east" no vmStateStorageClass is set, so that PVC takes the default storage class with ReadWriteOnce (or fails with no default class), and the VM cannot live-migrate: set spec.virtualization.hyperconverged.vmStateStorageClass (or the cluster's) to a class with ReadWriteMany filesystem volumes`,
		},
	}, {
		name:  "a static address on a windows VM",
		fleet: fleet(stateClass, oneCluster, network("bridge: br10", "uplink: ens4", "subnet: 10.42.0.0/24"), windowsVM("      sysprep: {secretRef: u}\n      networks: [vlan10]\n      addresses:\n        - network: vlan10\n          address: 10.42.0.10/24\n")),
		want:  []string{`f.yaml:34: warning: spec.vms[0].addresses[0].address: vm "sql" is Windows: its static address 10.42.0.10/24 on cluster "east" goes in cloud-init network data, which Windows reads only with cloudbase-init; set it in the sysprep answer file, or use DHCP`},
	}, {
		name:  "sysprep on linux",
		fleet: fleet(oneCluster, vm("      sysprep: {configMapRef: unattend}\n")),
		want:  []string{`f.yaml:21: error: spec.vms[0].sysprep: sysprep answers Windows setup, and vm "app" is linux: use cloudInit, or set os: windows`},
	}, {
		name:  "sysprep from both a secret and a configmap",
		fleet: fleet(stateClass, oneCluster, windowsVM("      sysprep: {secretRef: a, configMapRef: b}\n")),
		want:  []string{`f.yaml:25: error: spec.vms[0].sysprep: give exactly one sysprep, found configMapRef and secretRef`},
	}, {
		name:  "persistent TPM without a state class",
		fleet: fleet(oneCluster, windowsVM("")),
		want:  []string{`f.yaml:14: warning: spec.vms[0].os: vm "sql" is Windows, whose persistent TPM and EFI state KubeVirt keeps in a PVC; on cluster "east" no vmStateStorageClass is set, so that PVC takes the default storage class with ReadWriteOnce (or fails with no default class), and the VM cannot live-migrate: set spec.virtualization.hyperconverged.vmStateStorageClass (or the cluster's) to a class with ReadWriteMany filesystem volumes`},
	}, {
		name:  "a linux preference on a windows VM",
		fleet: fleet(stateClass, oneCluster, strings.Replace(windowsVM("      os: windows\n"), "windows.2k22", "rhel.9", 1)),
		want:  []string{`f.yaml:20: error: spec.vms[0].preference: preference "rhel.9" is not a Windows one but vm "sql" is Windows: use a windows.* preference (e.g. windows.2k22), or none`},
	}, {
		name:  "a virtio preference without drivers",
		fleet: fleet(stateClass, oneCluster, strings.Replace(windowsVM(""), "windows.2k22", "windows.2k22.virtio", 1)),
		want:  []string{`f.yaml:17: warning: spec.vms[0].virtioDrivers: preference "windows.2k22.virtio" expects virtio disks, which Windows setup cannot see without drivers: vmfleet keeps the SATA bus until virtioDrivers names a virtio-win image`},
	}, {
		name:  "virtio drivers on linux",
		fleet: fleet(oneCluster, vm("      virtioDrivers: registry.example/virtio-win:latest\n")),
		want:  []string{`f.yaml:21: error: spec.vms[0].virtioDrivers: the virtio-win drivers are for Windows guests, and vm "app" is linux`},
	}, {
		name: "an ephemeral VM with a persistent data disk",
		fleet: fleet(oneCluster, strings.Replace(vm("      dataDisks:\n        - {name: data, size: 5Gi}\n        - {name: scratch, size: 5Gi, ephemeral: true}\n"),
			"size: 10Gi\n        source:\n          blank: {}", "source:\n          containerDisk: {image: quay.io/containerdisks/fedora:41}", 1)),
		want: []string{`f.yaml:21: warning: spec.vms[0].dataDisks[0]: vm "app" boots from a container disk, reset at every start, but data disk "data" is a DataVolume that keeps its content: nothing in the image mounts it again after a restart unless the image does; make the disk ephemeral: true, or give the VM a persistent root disk`},
	}, {
		name:  "a container disk as a data disk",
		fleet: fleet(oneCluster, vm("      dataDisks:\n        - name: tools\n          size: 1Gi\n          source:\n            containerDisk: {image: quay.io/tools:1}\n")),
		want:  []string{`f.yaml:25: error: spec.vms[0].dataDisks[0].source.containerDisk: a container disk is a root disk only; make scratch space with ephemeral: true`},
	}, {
		name:  "an ephemeral disk with a source",
		fleet: fleet(oneCluster, vm("      dataDisks:\n        - name: tmp\n          size: 1Gi\n          ephemeral: true\n          source: {blank: {}}\n")),
		want:  []string{`f.yaml:25: error: spec.vms[0].dataDisks[0].source: an ephemeral disk starts empty at every boot: drop source, or ephemeral`},
	}, {
		name:  "a root disk without a size, not a container disk",
		fleet: fleet(oneCluster, strings.Replace(vm(""), "size: 10Gi\n        source:", "source:", 1)),
		want:  []string{`f.yaml:17: error: spec.vms[0].disk.size: must not be empty`},
	}, {
		name:  "a container disk image with a scheme",
		fleet: fleet(oneCluster, strings.Replace(vm(""), "size: 10Gi\n        source:\n          blank: {}", "source:\n          containerDisk: {image: \"docker://quay.io/containerdisks/fedora:41\"}", 1)),
		want:  []string{`f.yaml:19: error: spec.vms[0].disk.source.containerDisk.image: "docker://quay.io/containerdisks/fedora:41": give the image without a scheme, e.g. quay.io/containerdisks/fedora:41`},
	}, {
		name: "a state class on one cluster of two, none for the fleet",
		fleet: fleet(`  clusters:
    - name: east
      vmStateStorageClass: ceph-fs
    - name: west
`, vm("")),
		want: []string{`f.yaml:11: error: spec.clusters[0].vmStateStorageClass: vmStateStorageClass is set on cluster "east" but not on "west", and spec.virtualization.hyperconverged.vmStateStorageClass is empty: one HyperConverged policy carries every cluster's value, so give the others' there`},
	}, {
		name: "a live-migrating VM across CPU generations without a baseline",
		fleet: fleet(`  clusters:
    - name: east
      accessMode: ReadWriteMany
      cpuGenerations: [Skylake, IceLake]
`, vm("")),
		want: []string{`f.yaml:14: warning: spec.vms[0]: vm "app" live-migrates on cluster "east", whose nodes are Skylake, IceLake, with CPU model host-model (nothing set): KubeVirt's default, no baseline, it takes the CPU of the node the VM starts on, so the VM cannot move to an older one; set cpuModel (or cpu.model), or the cluster's defaultCPUModel, to a model every node has, e.g. the oldest generation's`},
	}, {
		name: "a tenant fleet setting a HyperConverged value",
		fleet: fleet(`  virtualization:
    managedBy: platform
    hyperconverged:
      defaultCPUModel: Haswell-noTSX
`, oneCluster, vm("")),
		want: []string{`f.yaml:12: error: spec.virtualization.hyperconverged.defaultCPUModel: fleet "platform" manages the HyperConverged CR of these clusters (spec.virtualization.managedBy): set defaultCPUModel there`},
	}, {
		name:  "cpuModel beside cpu",
		fleet: fleet(oneCluster, strings.Replace(vm("      cpuModel: Haswell-noTSX\n"), "instancetype: u1.small", "cpu: {cores: 2}\n      memory: 2Gi", 1)),
		want:  []string{`f.yaml:22: error: spec.vms[0].cpuModel: with cpu, give the model as cpu.model`},
	}, {
		name: "the cluster's default model is the baseline",
		fleet: fleet(`  clusters:
    - name: east
      accessMode: ReadWriteMany
      cpuGenerations: [Skylake, IceLake]
      defaultCPUModel: Skylake-Server-noTSX-IBRS
`, vm("")),
	}, {
		name: "host-model given by name is no baseline either",
		fleet: fleet(`  clusters:
    - name: east
      accessMode: ReadWriteMany
      cpuGenerations: [Skylake, IceLake]
`, vm("      cpuModel: host-model\n")),
		want: []string{`f.yaml:14: warning: spec.vms[0]: vm "app" live-migrates on cluster "east", whose nodes are Skylake, IceLake, with CPU model host-model (from spec.vms[0].cpuModel): KubeVirt's default, no baseline, it takes the CPU of the node the VM starts on, so the VM cannot move to an older one; set cpuModel (or cpu.model), or the cluster's defaultCPUModel, to a model every node has, e.g. the oldest generation's`},
	}} {
		t.Run(tc.name, func(t *testing.T) { wantFindings(t, tc.fleet, tc.want) })
	}
}
