package validate

import (
	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/plan"
)

// bridges: a bridge vmfleet creates needs its uplink NIC on this cluster.
func (v *validator) bridges(c *plan.Cluster) {
	uplinks := map[string]string{} // uplink → bridge
	for _, b := range c.Bridges {
		up := indexPath("spec.clusters", c.Index).Child("bridges").Child(b.Name).Child("uplink")
		if b.Create && b.Uplink != "" {
			// A NIC is a port of one bridge at most: nmstate would move it.
			if other, dup := uplinks[b.Uplink]; dup {
				v.errorf(up, diag.RuleUplinkShared,
					"bridges %q and %q both take uplink %q on cluster %q; a NIC can be the port of one bridge only: give one bridge another uplink, or put both networks on one bridge with their VLANs",
					other, b.Name, b.Uplink, c.Spec.Name)
			}
			uplinks[b.Uplink] = b.Name
		}
		if !b.Create || b.Uplink != "" {
			continue
		}
		n := v.f.Spec.Networks[b.Networks[0]]
		v.errorf(up, diag.RuleBridgeUplink,
			"network %q needs bridge %q on cluster %q, and no uplink NIC is known there: set spec.clusters[%d].bridges.%s.uplink (or spec.networks[%d].uplink for every cluster), or exists: true there if the nodes have the bridge already",
			n.Name, b.Name, c.Spec.Name, c.Index, b.Name, b.Networks[0])
	}
}
