package validate

import (
	"net"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/internal/diag"
)

func (v *validator) networks() {
	seen := map[string]int{}
	for i, n := range v.f.Spec.Networks {
		p := indexPath("spec.networks", i)
		if j, dup := seen[n.Name]; dup && n.Name != "" {
			v.errorf(p+".name", diag.RuleDuplicate, "network %q is already defined at spec.networks[%d]", n.Name, j)
		}
		seen[n.Name] = i
		if n.IPAM != nil {
			v.ipam(p+".ipam", n)
		}
		for j, c := range n.Clusters {
			if !v.hasCluster(c) {
				v.errorf(indexPath(p+".clusters", j), diag.RuleUnknownCluster, "cluster %q is not defined in spec.clusters%s", c, suggest(c, v.clusterNames()))
			}
		}
	}
}

func (v *validator) ipam(p diag.Path, n v1alpha1.Network) {
	i := n.IPAM
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
