package generators

import (
	"encoding/json"
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// NetworkPolicyName is the Policy delivering one fleet network (with a
// -<hash> suffix per variant when its NADs differ between clusters); a
// tenant fleet's carries the fleet's name.
func NetworkPolicyName(p *plan.Plan, n *v1alpha1.Network) string { return p.NetworkPolicyName(n) }

// nadPolicy is one Policy delivering a network's NADs to some clusters.
type nadPolicy struct {
	delivery
	network *v1alpha1.Network
	objs    []objects.Object
}

// nadPolicies groups, per fleet network, the clusters that get the same
// NADs (same name, same namespaces) into one Policy each.
func nadPolicies(p *plan.Plan) []nadPolicy {
	per := map[*v1alpha1.Network]*variants{}
	// A cluster's objects for a network depend only on the NAD's name and
	// namespaces (NetworkAttachmentDefinition reads the fleet, the network,
	// the namespace and the name): across thousands of clusters there are
	// a few such sets, each made and keyed once.
	type made struct {
		objs []objects.Object
		key  string
	}
	cache := map[*v1alpha1.Network]map[string]*made{}
	for _, c := range p.Clusters {
		for _, d := range c.NADs {
			id := d.Name + "\x00" + strings.Join(d.Namespaces, "\x00")
			if cache[d.Network] == nil {
				cache[d.Network] = map[string]*made{}
			}
			m := cache[d.Network][id]
			if m == nil {
				objs := make([]objects.Object, 0, 2*len(d.Namespaces))
				for _, ns := range d.Namespaces {
					objs = append(objs, objects.NewNamespace(ns))
				}
				for _, ns := range d.Namespaces {
					objs = append(objs, NetworkAttachmentDefinition(p, d.Network, ns, d.Name))
				}
				m = &made{objs, variantKeyOf(objs)}
				cache[d.Network][id] = m
			}
			if per[d.Network] == nil {
				per[d.Network] = &variants{}
			}
			per[d.Network].addKeyed(c.Spec.Name, m.key, m.objs)
		}
	}
	var out []nadPolicy
	for i := range p.Fleet.Spec.Networks {
		n := &p.Fleet.Spec.Networks[i]
		v := per[n]
		if v == nil {
			continue // no VM uses it anywhere
		}
		for _, g := range v.named(NetworkPolicyName(p, n)) {
			out = append(out, nadPolicy{delivery{g.name, g.group.clusters}, n, g.group.objs})
		}
	}
	return out
}

// NetworkPolicies delivers each network's NetworkAttachmentDefinitions
// (and their namespaces) through a ConfigurationPolicy, on the clusters
// whose VMs use it. A bridge or localnet NAD waits for NMState, which makes
// its bridge on the nodes.
func NetworkPolicies(p *plan.Plan) []objects.Object {
	var out []objects.Object
	for _, np := range nadPolicies(p) {
		var deps []objects.PolicyDependency
		if plan.NeedsNodeBridge(np.network) {
			deps = nmstateDependency(p)
		}
		out = append(out, policy(p, np.policy, "Delivers the "+np.network.Name+" secondary network.", deps,
			objects.PolicyTemplate{ObjectDefinition: configurationPolicy(p, np.policy, np.objs...)}))
	}
	return out
}

// NetworkAttachmentDefinition renders network n as the NAD name in
// namespace; spec.config is a JSON string, so it is built from a struct
// and never by string pasting.
func NetworkAttachmentDefinition(p *plan.Plan, n *v1alpha1.Network, namespace, name string) *objects.NetworkAttachmentDefinition {
	var cfg any
	var annotations map[string]string
	switch n.Type {
	case v1alpha1.NetworkLocalnet:
		cfg = localnetNAD(n, namespace, name)
	case v1alpha1.NetworkLayer2:
		cfg = layer2NAD(n, namespace, name)
	default:
		cfg, annotations = bridgeNAD(n)
	}
	config, _ := json.MarshalIndent(cfg, "", "  ") // plain structs: cannot fail
	return &objects.NetworkAttachmentDefinition{
		TypeMeta:   objects.TypeMeta{APIVersion: objects.NetworkAttachmentDefinitionAPIVersion, Kind: "NetworkAttachmentDefinition"},
		ObjectMeta: objects.ObjectMeta{Name: name, Namespace: namespace, Labels: commonLabels(p), Annotations: annotations},
		Spec:       objects.NADSpec{Config: string(config) + "\n"},
	}
}
