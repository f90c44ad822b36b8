package validate

import (
	_ "embed"
	"strings"

	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/plan"
)

// kubevirt16 lists the VirtualMachineClusterInstancetypes and
// VirtualMachineClusterPreferences virt-operator v1.6.0 installs
// (common-instancetypes v1.4.0, kubevirt/kubevirt
// pkg/virt-operator/resource/generate/components/instancetypes.go), as
// `kubevirt-check -catalog` prints them; `make catalog` regenerates it and
// `make controllers` fails if it differs from what the module ships.
//
//go:embed catalog/kubevirt-v1.6.txt
var kubevirt16 string

// catalog is the names of one kind KubeVirt ships, for the KubeVirt the
// fleet targets; nil when vmfleet does not hold that version's list.
func catalog(k plan.KubeVirt, kind string) []string {
	if k.Known() && (k.Major != 1 || k.Minor != 6) {
		return nil
	}
	var out []string
	for _, line := range strings.Split(kubevirt16, "\n") {
		if name, ok := strings.CutPrefix(line, kind+" "); ok {
			out = append(out, name)
		}
	}
	return out
}

// catalogNames: an instancetype or preference KubeVirt does not ship is
// a VM that never starts ("failed to find VirtualMachineClusterInstancetype"),
// unless the cluster has one of its own: a warning, with a did-you-mean.
func (v *validator) catalogNames(p *plan.Plan) {
	version := "the current KubeVirt (1.6)"
	if p.KubeVirt.Known() {
		version = "KubeVirt " + p.KubeVirt.String()
	}
	its, prefs := catalog(p.KubeVirt, "instancetype"), catalog(p.KubeVirt, "preference")
	check := func(path diag.Path, rule diag.Rule, kind, name string, names []string) {
		if name == "" || names == nil || contains(names, name) {
			return
		}
		hint := suggest(name, names)
		if !strings.HasPrefix(hint, "; did you mean") {
			hint = "" // not the list of every name KubeVirt ships
		}
		v.warnf(path, rule, "%s %q is not among the cluster %ss %s ships: unless the clusters define it, the VM will not start%s",
			kind, name, kind, version, hint)
	}
	for _, vm := range p.VMs {
		vp := diag.Path("spec.vms").Index(vm.Index)
		check(vp+".instancetype", diag.RuleUnknownInstancetype, "instancetype", vm.Spec.Instancetype, its)
		check(vp+".preference", diag.RuleUnknownPreference, "preference", vm.Spec.Preference, prefs)
		for _, c := range sortedKeys(vm.Spec.ClusterOverrides) {
			check(vp.Child("clusterOverrides").Child(c).Child("instancetype"), diag.RuleUnknownInstancetype, "instancetype", vm.Spec.ClusterOverrides[c].Instancetype, its)
		}
	}
}
