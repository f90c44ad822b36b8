package validate

import (
	"net"
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/plan"
)

func (v *validator) networks() {
	seen := map[string]int{}
	bridgeType := map[string]int{} // bridge name → first network using it
	used := v.networksUsedByVMs()
	for i, n := range v.f.Spec.Networks {
		p := indexPath("spec.networks", i)
		if j, dup := seen[n.Name]; dup && n.Name != "" {
			v.errorf(p+".name", diag.RuleDuplicate, "network %q is already defined at spec.networks[%d]", n.Name, j)
		}
		seen[n.Name] = i
		switch n.Type {
		case v1alpha1.NetworkBridge:
			if n.Bridge == "" {
				v.errorf(p+".bridge", diag.RuleRequired, "must name the host bridge, e.g. br-payments")
			}
			if n.Bridge == plan.BrEx {
				// A Linux bridge of that name would take the node's uplink
				// from OVN-Kubernetes: the node drops off the network.
				v.errorf(p+".bridge", diag.RuleBrExLinuxBridge, "br-ex is OpenShift's own OVS bridge, not a Linux bridge: use type localnet to reach its network, or another bridge")
			}
		case v1alpha1.NetworkLocalnet:
			if n.Bridge == plan.BrEx && n.Uplink != "" {
				v.errorf(p+".uplink", diag.RuleBrExUplink, "br-ex is OpenShift's own OVS bridge and vmfleet leaves its ports alone: remove uplink")
			}
			if n.Bridge == "" {
				v.errorf(p+".bridge", diag.RuleLocalnetMapping,
					"a localnet needs the OVS bridge its bridge mapping maps it onto: set bridge (br-ex, or a bridge vmfleet creates on uplink)")
			}
		case v1alpha1.NetworkLayer2:
			if n.Bridge != "" {
				v.errorf(p+".bridge", diag.RuleLayer2Bridge, "a layer2 network is an OVN overlay and uses no node bridge: remove bridge")
			}
			if n.VLAN != nil {
				v.errorf(p+".vlan", diag.RuleLayer2VLAN, "a layer2 network is an OVN overlay and has no VLAN: remove vlan, or use type localnet")
			}
			if n.Uplink != "" {
				v.errorf(p+".uplink", diag.RuleLayer2Uplink, "a layer2 network is an OVN overlay and uses no uplink: remove uplink")
			}
		}
		if n.Bridge != "" && n.Type != v1alpha1.NetworkLayer2 {
			if j, ok := bridgeType[n.Bridge]; ok && v.f.Spec.Networks[j].Type != n.Type {
				v.errorf(p+".bridge", diag.RuleBridgeType,
					"bridge %q is a %s bridge for spec.networks[%d]; a node bridge is either a Linux bridge (type bridge) or an OVS bridge (type localnet)",
					n.Bridge, v.f.Spec.Networks[j].Type, j)
			} else if !ok {
				bridgeType[n.Bridge] = i
			}
		}
		if n.Subnet != "" {
			if _, _, err := net.ParseCIDR(n.Subnet); err != nil {
				v.errorf(p+".subnet", diag.RuleCIDR, "%q is not a CIDR such as 10.42.0.0/24", n.Subnet)
			}
		}
		if n.IPAM != nil {
			vm, usedByVM := used[n.Name]
			v.ipam(p+".ipam", n, vm, usedByVM)
		} else if n.AllowIPAM {
			v.warnf(p+".allowIPAM", diag.RuleAllowIPAMUnused, "allowIPAM has no effect: the network has no ipam")
		}
		for j, c := range n.Clusters {
			if !v.hasCluster(c) {
				v.errorf(indexPath(p+".clusters", j), diag.RuleUnknownCluster, "cluster %q is not defined in spec.clusters%s", c, suggest(c, v.clusterNames()))
			}
		}
	}
	v.migrationNetwork()
}

// networksUsedByVMs maps each network a VM lists to the first such VM's index.
func (v *validator) networksUsedByVMs() map[string]int {
	used := map[string]int{}
	for i := len(v.f.Spec.VMs) - 1; i >= 0; i-- {
		for _, n := range v.f.Spec.VMs[i].Networks {
			used[n] = i
		}
	}
	return used
}

func (v *validator) ipam(p diag.Path, n v1alpha1.Network, vm int, usedByVM bool) {
	i := n.IPAM
	if n.Type != v1alpha1.NetworkBridge {
		v.errorf(p, diag.RuleIPAMType, "ipam applies to bridge networks only; OVN-Kubernetes %s networks are addressed by the guest here", n.Type)
		return
	}
	// With IPAM the pod gets the address, not the guest, and a migration
	// target pod gets another: the OpenShift Virtualization docs do not
	// support IPAM on a VM's bridge network.
	if usedByVM {
		if !n.AllowIPAM {
			v.errorf(p, diag.RuleVMIPAM,
				"vm %q attaches network %q, whose ipam gives an address to the virt-launcher pod that the guest never gets (a migration target gets yet another): remove ipam and address the guest by DHCP on the VLAN or by spec.vms[].addresses, or set allowIPAM: true",
				v.f.Spec.VMs[vm].Name, n.Name)
		} else {
			v.warnf(p, diag.RuleVMIPAMAllowed,
				"network %q keeps ipam for VMs (allowIPAM): the virt-launcher pod gets the address, the guest does not, and a migration target pod gets another", n.Name)
		}
	}
	needsRange := i.Type == v1alpha1.IPAMWhereabouts || i.Type == v1alpha1.IPAMHostLocal
	if needsRange && i.Range == "" {
		v.errorf(p+".range", diag.RuleRequired, "ipam type %s needs a range in CIDR form, e.g. 10.42.0.0/24", i.Type)
	}
	if i.Range != "" {
		if _, _, err := net.ParseCIDR(i.Range); err != nil {
			v.errorf(p+".range", diag.RuleCIDR, "%q is not a CIDR such as 10.42.0.0/24", i.Range)
		}
	}
	if i.Gateway != "" && net.ParseIP(i.Gateway) == nil {
		v.errorf(p+".gateway", diag.RuleIP, "%q is not an IP address", i.Gateway)
	}
	for j, e := range i.Exclude {
		if _, _, err := net.ParseCIDR(e); err != nil {
			v.errorf(indexPath(p+".exclude", j), diag.RuleCIDR, "%q is not a CIDR such as 10.42.0.0/28", e)
		}
	}
}

// migrationNetwork: the HyperConverged names one NAD in its own namespace
// on every cluster; vmfleet delivers it there from a fleet network.
func (v *validator) migrationNetwork() {
	name := v.f.Spec.Virtualization.HyperConverged.LiveMigration.Network
	if name == "" {
		return
	}
	const path diag.Path = "spec.virtualization.hyperconverged.liveMigration.network"
	idx := -1
	for i, n := range v.f.Spec.Networks {
		if n.Name == name {
			idx = i
		}
	}
	if idx < 0 {
		v.errorf(path, diag.RuleUnknownNetwork, "network %q is not defined in spec.networks%s; vmfleet delivers the migration network's NAD into %s",
			name, suggest(name, v.networkNames()), v.f.Spec.Virtualization.Operator.Namespace)
		return
	}
	n := v.f.Spec.Networks[idx]
	np := indexPath("spec.networks", idx)
	if n.IPAM == nil {
		v.errorf(np+".ipam", diag.RuleMigrationIPAM, "network %q carries live migrations: virt-handler takes its address on it from ipam, e.g. whereabouts with a range", name)
	}
	if len(n.Clusters) > 0 {
		v.errorf(np+".clusters", diag.RuleMigrationClusters, "network %q carries live migrations and must reach every cluster: remove clusters", name)
	}
	for i, c := range v.f.Spec.Clusters {
		if c.Networks[name] != "" || c.ExistingNetworks[name] != "" {
			v.errorf(indexPath("spec.clusters", i).Child("networks").Child(name), diag.RuleMigrationRename,
				"network %q carries live migrations, and the HyperConverged names its NAD alike on every cluster: do not rename or replace it here", name)
		}
	}
}

// existingNAD checks a clusters[].existingNetworks value: [namespace/]name.
func (v *validator) existingNAD(path diag.Path, ref string) {
	ns, name, found := strings.Cut(ref, "/")
	if !found {
		ns, name = "", ref
	}
	if found {
		v.label(path, ns)
	}
	v.subdomain(path, name)
}
