package validate

import (
	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
)

func (v *validator) clusters() {
	seen := map[string]int{}
	for i, c := range v.f.Spec.Clusters {
		p := indexPath("spec.clusters", i)
		if j, dup := seen[c.Name]; dup && c.Name != "" {
			v.errorf(p+".name", diag.RuleDuplicate, "cluster %q is already defined at spec.clusters[%d]", c.Name, j)
		}
		seen[c.Name] = i
		v.labels(p+".nodeSelector", c.NodeSelector)
		for _, net := range sortedKeys(c.Networks) {
			np := p.Child("networks").Child(net)
			if !v.hasNetwork(net) {
				v.errorf(np, diag.RuleUnknownNetwork, "network %q is not defined in spec.networks%s", net, suggest(net, v.networkNames()))
			}
			v.subdomain(np, c.Networks[net])
		}
		for _, net := range sortedKeys(c.ExistingNetworks) {
			np := p.Child("existingNetworks").Child(net)
			if !v.hasNetwork(net) {
				v.errorf(np, diag.RuleUnknownNetwork, "network %q is not defined in spec.networks%s", net, suggest(net, v.networkNames()))
			}
			if c.Networks[net] != "" {
				v.errorf(np, diag.RuleExistingAndRenamed, "network %q is both renamed (networks) and an existing NAD here (existingNetworks): choose one", net)
			}
			v.existingNAD(np, c.ExistingNetworks[net])
		}
		for _, b := range sortedKeys(c.Bridges) {
			if !v.hasBridge(b) {
				v.errorf(p.Child("bridges").Child(b), diag.RuleUnknownBridge, "no bridge or localnet network in spec.networks uses bridge %q", b)
			}
		}
		v.labels(p+".bridgeNodeSelector", c.BridgeNodeSelector)
	}
}

// hasCluster looks names up in a set: VMs and networks can list thousands of
// clusters each, and a scan per name was quadratic in the fleet's clusters.
func (v *validator) hasCluster(name string) bool {
	if v.clusterSet == nil {
		v.clusterSet = make(map[string]bool, len(v.f.Spec.Clusters))
		for _, c := range v.f.Spec.Clusters {
			v.clusterSet[c.Name] = true
		}
	}
	return v.clusterSet[name]
}

func (v *validator) clusterNames() []string {
	var names []string
	for _, c := range v.f.Spec.Clusters {
		names = append(names, c.Name)
	}
	return names
}

func (v *validator) hasNetwork(name string) bool {
	for _, n := range v.f.Spec.Networks {
		if n.Name == name {
			return true
		}
	}
	return false
}

func (v *validator) hasBridge(name string) bool {
	for _, n := range v.f.Spec.Networks {
		if n.Bridge == name && n.Type != v1alpha1.NetworkLayer2 {
			return true
		}
	}
	return false
}

func (v *validator) networkNames() []string {
	var names []string
	for _, n := range v.f.Spec.Networks {
		names = append(names, n.Name)
	}
	return names
}
