package validate

import (
	"net"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/plan"
)

// staticAddresses checks a VM's spec.vms[].addresses on their own; the
// per-cluster rules (inside the subnet, unique) run in addresses.
func (v *validator) staticAddresses(p diag.Path, vm *v1alpha1.VM) {
	joins := map[string]bool{}
	for _, n := range vm.Networks {
		joins[n] = true
	}
	seen := map[string]bool{}
	for i, a := range vm.Addresses {
		ap := indexPath(p+".addresses", i)
		if !joins[a.Network] {
			v.errorf(ap+".network", diag.RuleAddressNetwork, "vm %q does not join network %q: add it to the vm's networks", vm.Name, a.Network)
		}
		if seen[a.Network] {
			v.errorf(ap+".network", diag.RuleDuplicate, "network %q already has an address entry", a.Network)
		}
		seen[a.Network] = true
		if a.Address == "" && len(a.Clusters) == 0 {
			v.errorf(ap, diag.RuleRequired, "give an address, or one per cluster in clusters")
		}
		if a.Address != "" {
			v.cidrAddress(ap+".address", a.Address)
		}
		for _, c := range sortedKeys(a.Clusters) {
			cp := ap.Child("clusters").Child(c)
			if !v.hasCluster(c) {
				v.errorf(cp, diag.RuleUnknownCluster, "cluster %q is not defined in spec.clusters%s", c, suggest(c, v.clusterNames()))
			}
			v.cidrAddress(cp, a.Clusters[c])
		}
	}
	if len(vm.Addresses) > 0 && vm.CloudInit != nil && vm.CloudInit.NetworkDataSecretRef != "" {
		v.errorf(p+".cloudInit.networkDataSecretRef", diag.RuleNetworkData,
			"vm %q has static addresses, which vmfleet delivers as inline network data; KubeVirt takes one network data source: remove networkDataSecretRef or the addresses", vm.Name)
	}
}

func (v *validator) cidrAddress(path diag.Path, s string) {
	if _, _, err := net.ParseCIDR(s); err != nil {
		v.errorf(path, diag.RuleCIDR, "%q is not an address in CIDR form such as 10.42.0.10/24", s)
	}
}

// addresses checks the static addresses on one cluster: inside the
// network's subnet with its prefix length, and no address twice on one
// network of one cluster.
func (v *validator) addresses(c *plan.Cluster) {
	type owner struct {
		vm   string
		from diag.Path
	}
	taken := map[string]owner{} // network + "\x00" + IP
	for _, in := range c.Instances {
		for _, a := range in.Networks {
			if a.Address == "" {
				continue
			}
			ip, ipnet, err := net.ParseCIDR(a.Address)
			if err != nil {
				continue // reported by staticAddresses
			}
			n := a.Network
			subnet := n.Subnet
			if subnet == "" && n.IPAM != nil {
				subnet = n.IPAM.Range
			}
			if subnet == "" {
				v.errorf(a.AddressFrom, diag.RuleAddressRange, "network %q has no subnet to check address %s against: set its subnet, e.g. %s",
					n.Name, a.Address, ipnet.String())
			} else if _, want, err := net.ParseCIDR(subnet); err == nil {
				wantOnes, _ := want.Mask.Size()
				ones, _ := ipnet.Mask.Size()
				if !want.Contains(ip) || ones != wantOnes {
					v.errorf(a.AddressFrom, diag.RuleAddressRange, "address %s of vm %q on cluster %q is outside network %q's subnet %s",
						a.Address, in.VM.Spec.Name, c.Spec.Name, n.Name, subnet)
				}
			}
			key := n.Name + "\x00" + ip.String()
			if o, dup := taken[key]; dup {
				v.errorf(a.AddressFrom, diag.RuleAddressDuplicate, "address %s on network %q of cluster %q is already vm %q's (%s)",
					ip, n.Name, c.Spec.Name, o.vm, o.from)
				continue
			}
			taken[key] = owner{in.VM.Spec.Name, a.AddressFrom}
		}
	}
}
