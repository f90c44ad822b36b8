package validate

import (
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/plan"
)

// maxMigratableName: KubeVirt derives migration object names and labels from
// the VM name; past 47 characters they no longer fit and migration fails.
const maxMigratableName = 47

// instances checks each VM as it will run on each cluster.
func (v *validator) instances(p *plan.Plan) {
	for _, c := range p.Clusters {
		for _, in := range c.Instances {
			v.instance(p, in)
		}
		v.bridges(c)
		v.addresses(c)
	}
}

func (v *validator) instance(p *plan.Plan, in *plan.Instance) {
	vm, cluster := in.VM, in.Cluster.Spec.Name
	vmPath := indexPath("spec.vms", vm.Index)
	migrates := in.Eviction.Value == string(v1alpha1.EvictionLiveMigrate)
	if migrates {
		for _, d := range in.Disks {
			if d.Ephemeral || d.AccessMode.Value == string(v1alpha1.ReadWriteMany) {
				continue // an ephemeral disk is block-migrated (plan.eviction)
			}
			mode, from := d.AccessMode.Value, d.AccessMode.From
			if mode == "" {
				mode, from = "no access mode", "(none set)"
			}
			v.errorf(in.Eviction.From, diag.RuleLiveMigrationRWO,
				"evictionStrategy LiveMigrate needs ReadWriteMany disks, but on cluster %q disk %q of vm %q has %s (from %s): set accessMode ReadWriteMany there, or evictionStrategy None or LiveMigrateIfPossible",
				cluster, d.Name, vm.Spec.Name, mode, from)
			break
		}
	}
	if (migrates || in.Eviction.Value == string(v1alpha1.EvictionLiveMigrateIfPossible)) && len(vm.Spec.Name) > maxMigratableName {
		path := in.Eviction.From
		if path == "" {
			path = vmPath + ".name"
		}
		v.errorf(path, diag.RuleMigrationNameLength,
			"vm %q is %d characters long; a VM that live-migrates (here on cluster %q) may have at most %d", vm.Spec.Name, len(vm.Spec.Name), cluster, maxMigratableName)
	}
	for j, name := range vm.Spec.Networks {
		n := p.Network(name)
		if n == nil {
			continue
		}
		np := indexPath(vmPath+".networks", j)
		if allowed, existing := p.NetworkAllowed(n, cluster); !allowed && !existing {
			v.errorf(np, diag.RuleNetworkReach,
				"network %q does not reach cluster %q, where vm %q runs: add the cluster to the network's clusters, or attach an existing NAD in spec.clusters[%d].existingNetworks",
				name, cluster, vm.Spec.Name, in.Cluster.Index)
		}
	}
	for _, a := range in.Networks {
		if !a.Existing {
			continue
		}
		// Multus namespaceIsolation: a VM attaches only NADs of its own
		// namespace or of a global one (openshift/cluster-network-operator
		// bindata/network/multus/multus.yaml, globalNamespaces).
		if ns, _, found := strings.Cut(a.NetworkName, "/"); found && !v1alpha1.IsGlobalNADNamespace(ns) {
			v.errorf(indexPath("spec.clusters", in.Cluster.Index).Child("existingNetworks").Child(a.Name), diag.RuleNADNamespace,
				"vm %q in namespace %q cannot attach NAD %q on cluster %q: OpenShift's Multus lets a VM attach only a NAD of its own namespace or of a global one (%s); give a NAD in %q",
				vm.Spec.Name, vm.Spec.Namespace, a.NetworkName, cluster, strings.Join(v1alpha1.GlobalNADNamespaces, ", "), vm.Spec.Namespace)
		}
	}
}
