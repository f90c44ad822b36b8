package validate

import (
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
)

// overrides checks vms[].clusterOverrides: each names a cluster the VM
// runs on, and changes only what the VM has a form for.
func (v *validator) overrides(p diag.Path, vm *v1alpha1.VM) {
	for _, c := range sortedKeys(vm.ClusterOverrides) {
		o := vm.ClusterOverrides[c]
		cp := p.Child("clusterOverrides").Child(c)
		v.vmCluster(cp, vm, c)
		if o.Instancetype != "" && vm.Instancetype == "" {
			v.errorf(cp+".instancetype", diag.RuleSizing, "vm %q is sized by cpu and memory: an instancetype on one cluster only would mix both; size the VM by instancetype", vm.Name)
		}
		if o.CloudInitSecretRef != "" && (vm.CloudInit == nil || vm.CloudInit.SecretRef == "") {
			v.errorf(cp+".cloudInitSecretRef", diag.RuleCloudInit, "vm %q takes no cloud-init user data from a Secret (cloudInit.secretRef): a cluster can only change that Secret", vm.Name)
		}
		if o.RunStrategy == v1alpha1.RunStrategyManual {
			v.warnf(cp+".runStrategy", diag.RuleManualRunStrategy, "with Manual, a guest shutdown leaves the VM stopped (Succeeded) until someone starts it; use Always to keep it running")
		}
		v.labels(cp+".nodeSelector", o.NodeSelector)
	}
}

// vmCluster checks that c, a key of one of vm's per-cluster maps at cp, is
// a fleet cluster the VM runs on.
func (v *validator) vmCluster(cp diag.Path, vm *v1alpha1.VM, c string) {
	if !v.hasCluster(c) {
		v.errorf(cp, diag.RuleUnknownCluster, "cluster %q is not defined in spec.clusters%s", c, suggest(c, v.clusterNames()))
	} else if len(vm.Clusters) > 0 && !contains(vm.Clusters, c) {
		v.errorf(cp, diag.RuleUnknownCluster, "vm %q does not run on cluster %q (its clusters: %s)", vm.Name, c, strings.Join(vm.Clusters, ", "))
	}
}
