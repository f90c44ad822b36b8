package validate

import (
	"net"

	"vmfleet.dev/vmfleet/api/v1alpha1"
)

func (v *validator) networks() {
	seen := map[string]int{}
	for i, n := range v.f.Spec.Networks {
		p := indexPath("spec.networks", i)
		v.label(p+".name", n.Name)
		if j, dup := seen[n.Name]; dup && n.Name != "" {
			v.errorf(p+".name", "duplicate", "network %q is already defined at spec.networks[%d]", n.Name, j)
		}
		seen[n.Name] = i
		v.label(p+".namespace", n.Namespace)
		v.oneOf(p+".type", n.Type, "bridge")
		if n.Bridge == "" {
			v.errorf(p+".bridge", "required", "must name the host bridge, e.g. br-payments")
		} else if len(n.Bridge) > 15 {
			v.errorf(p+".bridge", "bridge", "%q is longer than a Linux interface name may be (15 characters)", n.Bridge)
		}
		if n.VLAN != nil && (*n.VLAN < 1 || *n.VLAN > 4094) {
			v.errorf(p+".vlan", "range", "%d is not a VLAN id (1-4094)", *n.VLAN)
		}
		if n.MTU != nil && (*n.MTU < 576 || *n.MTU > 65535) {
			v.errorf(p+".mtu", "range", "%d is not an MTU (576-65535)", *n.MTU)
		}
		if n.IPAM != nil {
			v.ipam(p+".ipam", n)
		}
		for j, c := range n.Clusters {
			if !v.hasCluster(c) {
				v.errorf(indexPath(p+".clusters", j), "unknown-cluster", "cluster %q is not defined in spec.clusters%s", c, suggest(c, v.clusterNames()))
			}
		}
	}
}

func (v *validator) ipam(p string, n v1alpha1.Network) {
	i := n.IPAM
	v.oneOf(p+".type", i.Type, "whereabouts", "host-local", "static", "dhcp")
	needsRange := i.Type == "whereabouts" || i.Type == "host-local"
	if needsRange && i.Range == "" {
		v.errorf(p+".range", "required", "ipam type %s needs a range in CIDR form, e.g. 10.42.0.0/24", i.Type)
	}
	if i.Range != "" {
		if _, _, err := net.ParseCIDR(i.Range); err != nil {
			v.errorf(p+".range", "cidr", "%q is not a CIDR such as 10.42.0.0/24", i.Range)
		}
	}
	if i.Gateway != "" && net.ParseIP(i.Gateway) == nil {
		v.errorf(p+".gateway", "ip", "%q is not an IP address", i.Gateway)
	}
	for j, e := range i.Exclude {
		if _, _, err := net.ParseCIDR(e); err != nil {
			v.errorf(indexPath(p+".exclude", j), "cidr", "%q is not a CIDR such as 10.42.0.0/28", e)
		}
	}
}
