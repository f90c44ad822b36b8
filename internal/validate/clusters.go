package validate

import (
	"fmt"

	"vmfleet.dev/vmfleet/api/v1alpha1"
)

func indexPath(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

func (v *validator) clusters() {
	if len(v.f.Spec.Clusters) == 0 {
		v.errorf("spec.clusters", "required", "the fleet needs at least one cluster")
	}
	seen := map[string]int{}
	for i, c := range v.f.Spec.Clusters {
		p := indexPath("spec.clusters", i)
		v.label(p+".name", c.Name)
		if j, dup := seen[c.Name]; dup && c.Name != "" {
			v.errorf(p+".name", "duplicate", "cluster %q is already defined at spec.clusters[%d]", c.Name, j)
		}
		seen[c.Name] = i
		v.storage(p, c.Storage)
		v.oneOf(p+".evictionStrategy", c.EvictionStrategy, evictionStrategies...)
		v.labels(p+".nodeSelector", c.NodeSelector)
		for _, net := range sortedKeys(c.Networks) {
			np := p + ".networks" + keyPath(net)
			if !v.hasNetwork(net) {
				v.errorf(np, "unknown-network", "network %q is not defined in spec.networks%s", net, suggest(net, v.networkNames()))
			}
			v.subdomain(np, c.Networks[net])
		}
		for _, net := range sortedKeys(c.ExistingNetworks) {
			np := p + ".existingNetworks" + keyPath(net)
			if !v.hasNetwork(net) {
				v.errorf(np, "unknown-network", "network %q is not defined in spec.networks%s", net, suggest(net, v.networkNames()))
			}
			if c.Networks[net] != "" {
				v.errorf(np, "existing-and-renamed", "network %q is both renamed (networks) and an existing NAD here (existingNetworks): choose one", net)
			}
			v.existingNAD(np, c.ExistingNetworks[net])
		}
		for _, b := range sortedKeys(c.Bridges) {
			bp := p + ".bridges" + keyPath(b)
			if !v.hasBridge(b) {
				v.errorf(bp, "unknown-bridge", "no bridge or localnet network in spec.networks uses bridge %q", b)
			}
			v.ifName(bp+".uplink", c.Bridges[b].Uplink)
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

// suggest returns "; did you mean "x"?" for the closest candidate, or the
// list of what is defined, so a typo names its fix.
func suggest(name string, candidates []string) string {
	best, dist := "", 3
	for _, c := range candidates {
		if d := levenshtein(name, c); d < dist {
			best, dist = c, d
		}
	}
	if best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	if len(candidates) == 0 {
		return " (none are defined)"
	}
	return " (defined: " + quoteList(candidates) + ")"
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
