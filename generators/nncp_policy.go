package generators

import (
	"sort"
	"strconv"
	"strings"

	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// NNCPPolicyName is the Policy making one node bridge (with a -<hash>
// suffix per variant when the uplink or node selector differs between
// clusters); a tenant fleet's carries the fleet's name.
func NNCPPolicyName(p *plan.Plan, bridge string) string { return p.NNCPPolicyName(bridge) }

// NodeNetworkConfigurationPolicy is the node state one bridge of one
// cluster needs: the bridge with its uplink as port, and the OVN bridge
// mappings of the localnets on it. nil when there is nothing to do (the
// bridge exists and no localnet maps onto it).
func NodeNetworkConfigurationPolicy(p *plan.Plan, b *plan.Bridge) *objects.NodeNetworkConfigurationPolicy {
	var state objects.NMStateState
	if b.Create {
		port := []objects.NMStatePort{{Name: b.Uplink}}
		if b.OVS {
			// OVN-Kubernetes adds patch ports to a bridge a localnet maps
			// onto; without allow-extra-patch-ports nmstate fails to verify them.
			state.Interfaces = append(state.Interfaces, objects.NMStateInterface{Name: b.Name, Type: "ovs-bridge", State: "up",
				Bridge: &objects.NMStateBridge{AllowExtraPatchPorts: ptr(true), Options: &objects.NMStateBridgeOptions{STP: false}, Port: port}})
		} else {
			// No address on the bridge: it only switches the VMs' frames. No
			// VLAN settings on the port: kubernetes-nmstate makes a Linux
			// bridge port without any a trunk of VLANs 2-4094
			// (nmstate/kubernetes-nmstate pkg/helper ApplyDefaultVlanFiltering),
			// which carries every network's VLAN to the VM's tagged veth.
			state.Interfaces = append(state.Interfaces, objects.NMStateInterface{Name: b.Name, Type: "linux-bridge", State: "up",
				IPv4: &objects.NMStateIP{}, IPv6: &objects.NMStateIP{},
				Bridge: &objects.NMStateBridge{Options: &objects.NMStateBridgeOptions{STP: map[string]bool{"enabled": false}}, Port: port}})
		}
	}
	if len(b.Localnets) > 0 {
		state.OVN = &objects.NMStateOVN{}
		for _, l := range b.Localnets {
			state.OVN.BridgeMappings = append(state.OVN.BridgeMappings, objects.NMStateBridgeMapping{Localnet: l, Bridge: b.Name, State: "present"})
		}
	}
	if state.Interfaces == nil && state.OVN == nil {
		return nil
	}
	name := b.Name
	if !b.Create {
		name = b.Name + "-mappings" // not the bridge itself: only its mappings
	}
	return &objects.NodeNetworkConfigurationPolicy{
		TypeMeta:   objects.TypeMeta{APIVersion: objects.NMStateAPIVersion, Kind: "NodeNetworkConfigurationPolicy"},
		ObjectMeta: objects.ObjectMeta{Name: name, Labels: commonLabels(p)},
		Spec:       objects.NNCPSpec{NodeSelector: b.NodeSelector, DesiredState: state},
	}
}

type nncpPolicy struct {
	delivery
	obj objects.Object
}

// nncpPolicies groups, per bridge, the clusters that get the same NNCP.
func nncpPolicies(p *plan.Plan) []nncpPolicy {
	per := map[string]*variants{}
	var bridges []string
	// Across thousands of clusters a bridge has a few shapes: each NNCP is
	// made and keyed once per distinct plan.Bridge (bridgeID holds all of
	// its fields, which are all NodeNetworkConfigurationPolicy reads).
	type made struct {
		objs []objects.Object
		key  string
	}
	cache := map[string]*made{}
	for _, c := range p.Clusters {
		for _, b := range c.Bridges {
			id := bridgeID(b)
			m, ok := cache[id]
			if !ok {
				if o := NodeNetworkConfigurationPolicy(p, b); o != nil {
					objs := []objects.Object{o}
					m = &made{objs, variantKeyOf(objs)}
				}
				cache[id] = m
			}
			if m == nil {
				continue
			}
			if per[b.Name] == nil {
				per[b.Name] = &variants{}
				bridges = append(bridges, b.Name)
			}
			per[b.Name].addKeyed(c.Spec.Name, m.key, m.objs)
		}
	}
	sort.Strings(bridges)
	var out []nncpPolicy
	for _, name := range bridges {
		for _, g := range per[name].named(NNCPPolicyName(p, name)) {
			out = append(out, nncpPolicy{delivery{g.name, g.group.clusters}, g.group.objs[0]})
		}
	}
	return out
}

// NNCPPolicies delivers the node bridges once NMState runs.
func NNCPPolicies(p *plan.Plan) []objects.Object {
	var out []objects.Object
	for _, np := range nncpPolicies(p) {
		out = append(out, policy(p, np.policy, "Makes the node bridge of NodeNetworkConfigurationPolicy "+nameOf(np.obj)+".",
			nmstateDependency(p),
			objects.PolicyTemplate{ObjectDefinition: configurationPolicy(p, np.policy, np.obj)}))
	}
	return out
}

func nameOf(o objects.Object) string {
	_, n := o.Meta()
	return n
}

// nmstateDependency orders a policy after the NMState CR of this fleet.
// A tenant fleet's bridges rely on the baseline owner's NMState, which
// lives in another fleet's policy namespace and may not reach every
// cluster: without a dependency the ConfigurationPolicy reports the
// missing NodeNetworkConfigurationPolicy kind and creates the object on a
// later evaluation once the CRD exists.
func nmstateDependency(p *plan.Plan) []objects.PolicyDependency {
	if !p.OwnsBaseline() {
		return nil
	}
	return []objects.PolicyDependency{dependsOnPolicy(p, NMStatePolicy)}
}

// bridgeID tells plan.Bridge values apart by every field (TestBridgeID
// fails when the struct gains one this does not hold).
func bridgeID(b *plan.Bridge) string {
	var s strings.Builder
	text := func(v string) {
		s.WriteString(strconv.Itoa(len(v)))
		s.WriteByte(':')
		s.WriteString(v)
	}
	text(b.Name)
	text(strconv.FormatBool(b.OVS))
	text(strconv.FormatBool(b.Create))
	text(b.Uplink)
	text(strconv.Itoa(len(b.Localnets)))
	for _, l := range b.Localnets {
		text(l)
	}
	text(strconv.Itoa(len(b.Networks)))
	for _, n := range b.Networks {
		text(strconv.Itoa(n))
	}
	keys := make([]string, 0, len(b.NodeSelector))
	for k := range b.NodeSelector {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	text(strconv.Itoa(len(keys)))
	for _, k := range keys {
		text(k)
		text(b.NodeSelector[k])
	}
	return s.String()
}
