// Command kubevirt-check sends every VirtualMachine of the given YAML streams through KubeVirt v1.6.0's
// own admission code, in the order a real API server calls it on create, and reports every cause:
//
//  1. the VM mutating webhook (mutators.VMsMutator: instancetype/preference matchers, firmware UUID,
//     machine type, architecture and the other defaults),
//  2. the VM validating admitter (admitters.VMsAdmitter) on the mutated VM,
//  3. the VirtualMachineInstance the VM controller would create from it: the VM's template with the
//     instancetype and preference applied (pkg/instancetype/expand, the code behind the expand-spec
//     endpoint), named and placed like the VM (pkg/virt-controller/watch/vm/vm.go setupVMIFromVM),
//  4. the VMI mutating webhook (mutators.VMIsMutator) and the VMI create admitter
//     (admitters.VMICreateAdmitter with the network spec validator virt-api registers, pkg/virt-api/api.go).
//
// The cluster holds the VirtualMachineClusterInstancetypes and VirtualMachineClusterPreferences virt-operator
// v1.6.0 installs (components.NewClusterInstancetypes / NewClusterPreferences) and a KubeVirt CR with the
// feature gates given by -feature-gates (default: none, as virt-operator installs it). For each VM it also
// records the feature gates it needs (the smallest set found by trying the gates KubeVirt v1.6.0 knows)
// and the fields the VM mutator sets on create. With -hub, every such field must be covered by the
// ignoreDifferences of an ApplicationSet in the hub stream (Argo CD would otherwise see a permanent diff).
//
// Usage:
//
//	kubevirt-check [-feature-gates A,B] [-hub HUB.yaml]... [-datavolumes OUT] STREAM.yaml...
//	kubevirt-check -catalog   # the shipped cluster instancetypes and preferences, one `KIND NAME` a line
//
// Prints a JSON report on stdout and a summary on stderr; exits 1 if an object is rejected, 2 on bad input.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	"kubevirt.io/kubevirt/pkg/virt-config/featuregate"
	"kubevirt.io/kubevirt/pkg/virt-operator/resource/generate/components"
)

// knownGates are the feature gates KubeVirt v1.6.0 can enable (pkg/virt-config/featuregate/active.go,
// Alpha and Beta; GA gates are always on). Named by their constants so that a bump that drops one fails
// to build here.
var knownGates = []string{
	featuregate.ImageVolume, featuregate.ExpandDisksGate, featuregate.CPUManager, featuregate.IgnitionGate,
	featuregate.HypervStrictCheckGate, featuregate.SidecarGate, featuregate.HostDevicesGate,
	featuregate.SnapshotGate, featuregate.VMExportGate, featuregate.HotplugVolumesGate,
	featuregate.HostDiskGate, featuregate.DownwardMetricsFeatureGate, featuregate.Root,
	featuregate.WorkloadEncryptionSEV, featuregate.VSOCKGate, featuregate.KubevirtSeccompProfile,
	featuregate.DisableMediatedDevicesHandling, featuregate.PersistentReservation,
	featuregate.MultiArchitecture, featuregate.AlignCPUsGate, featuregate.NodeRestrictionGate,
	featuregate.VirtIOFSConfigVolumesGate, featuregate.VirtIOFSStorageVolumeGate,
	featuregate.GPUsWithDRAGate, featuregate.HostDevicesWithDRAGate,
	featuregate.DecentralizedLiveMigration, featuregate.DeclarativeHotplugVolumesGate,
	featuregate.VideoConfig, featuregate.PanicDevicesGate, featuregate.PasstIPStackMigration,
}

// The user a GitOps sync creates VMs as: an ordinary service account, not one of KubeVirt's own.
const syncUser = "system:serviceaccount:openshift-gitops:openshift-gitops-argocd-application-controller"

func main() {
	os.Exit(run())
}

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

func run() int {
	var hubs listFlag
	gates := flag.String("feature-gates", "", "comma-separated KubeVirt feature gates the cluster enables")
	catalog := flag.Bool("catalog", false, "print the cluster instancetypes and preferences virt-operator v1.6.0 installs, one `KIND NAME` a line (instancetype or preference), sorted, and exit: make catalog writes it to internal/validate/catalog")
	dvOut := flag.String("datavolumes", "", "write the DataVolumes the VM controller creates from dataVolumeTemplates to this file (a JSON stream)")
	flag.Var(&hubs, "hub", "a hub stream whose ApplicationSets' ignoreDifferences must cover what the VM mutator sets (repeatable)")
	flag.Parse()
	if *catalog {
		return printCatalog()
	}
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: kubevirt-check [-feature-gates A,B] [-hub HUB.yaml]... STREAM.yaml...")
		return 2
	}
	var enabled []string
	for _, g := range strings.Split(*gates, ",") {
		if g = strings.TrimSpace(g); g != "" {
			enabled = append(enabled, g)
		}
	}

	var ignores []ignoreRule
	for _, h := range hubs {
		objs, err := readStream(h)
		if err != nil {
			fmt.Fprintln(os.Stderr, "kubevirt-check:", err)
			return 2
		}
		ignores = append(ignores, vmIgnoreRules(objs)...)
	}

	rep := report{Checker: "kubevirt.io/kubevirt v1.6.0 (VM mutator + admitter, VMI mutator + create admitter)"}
	ck, err := newChecker()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kubevirt-check:", err)
		return 2
	}
	var dvs bytes.Buffer
	for _, file := range flag.Args() {
		objs, err := readStream(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, "kubevirt-check:", err)
			return 2
		}
		for _, o := range objs {
			if o.Kind != "VirtualMachine" || !strings.HasPrefix(o.APIVersion, "kubevirt.io/") {
				continue
			}
			r := ck.checkVM(o, enabled, hubs, ignores)
			r.Source = file
			made, err := ck.dataVolumes(o.Raw)
			if err != nil {
				r.Causes = append(r.Causes, cause{Stage: "datavolumes-from-vm", Message: err.Error()})
			}
			for _, dv := range made {
				dvs.Write(dv)
				dvs.WriteString("\n")
			}
			rep.Objects = append(rep.Objects, r)
		}
	}
	if *dvOut != "" {
		if err := os.WriteFile(*dvOut, dvs.Bytes(), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "kubevirt-check:", err)
			return 2
		}
	}
	return rep.Emit()
}

// printCatalog prints what virt-operator v1.6.0 installs as cluster-wide instancetypes and preferences,
// sorted: the names a VM may refer to without the cluster admin adding any.
func printCatalog() int {
	its, err := components.NewClusterInstancetypes()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kubevirt-check:", err)
		return 2
	}
	prefs, err := components.NewClusterPreferences()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kubevirt-check:", err)
		return 2
	}
	var lines []string
	for _, it := range its {
		lines = append(lines, "instancetype "+it.Name)
	}
	for _, p := range prefs {
		lines = append(lines, "preference "+p.Name)
	}
	sort.Strings(lines)
	fmt.Println(strings.Join(lines, "\n"))
	return 0
}
