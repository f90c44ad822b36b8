package generators

import (
	"encoding/json"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/internal/objects"
	"vmfleet.dev/vmfleet/internal/plan"
)

// NetworkPolicyName is the Policy delivering one fleet network.
func NetworkPolicyName(n *v1alpha1.Network) string { return "nad-" + n.Name }

// NetworkPolicies delivers each network as a NetworkAttachmentDefinition
// (and its namespace) through a ConfigurationPolicy. A network that reaches
// every fleet cluster joins the PolicySet; one that reaches only some gets a
// Placement of its own (see PolicySet).
func NetworkPolicies(p *plan.Plan) []objects.Object {
	var out []objects.Object
	for i := range p.Fleet.Spec.Networks {
		n := &p.Fleet.Spec.Networks[i]
		if clusters, _ := p.NetworkClusters(n); len(clusters) == 0 {
			continue // every cluster maps it to a NAD of its own
		}
		name := NetworkPolicyName(n)
		out = append(out, policy(p, name, "Delivers the "+n.Name+" secondary network.", nil,
			objects.PolicyTemplate{ObjectDefinition: configurationPolicy(p, name,
				objects.NewNamespace(n.Namespace), NetworkAttachmentDefinition(p, n))}))
	}
	return out
}

// cniConfig is the bridge CNI configuration (type bridge: the old
// cnv-bridge name is gone).
type cniConfig struct {
	CNIVersion string `json:"cniVersion"`
	Name       string `json:"name"`
	Type       string `json:"type"`
	Bridge     string `json:"bridge"`
	VLAN       *int32 `json:"vlan,omitempty"`
	MTU        *int32 `json:"mtu,omitempty"`
	IPAM       any    `json:"ipam,omitempty"`
}

type ipamConfig struct {
	Type    string   `json:"type"`
	Range   string   `json:"range,omitempty"`
	Subnet  string   `json:"subnet,omitempty"`
	Gateway string   `json:"gateway,omitempty"`
	Exclude []string `json:"exclude,omitempty"`
}

// NetworkAttachmentDefinition renders a network; spec.config is a JSON
// string, so it is built from a struct and never by string pasting.
func NetworkAttachmentDefinition(p *plan.Plan, n *v1alpha1.Network) *objects.NetworkAttachmentDefinition {
	cfg := cniConfig{CNIVersion: n.CNIVersion, Name: n.Name, Type: string(n.Type), Bridge: n.Bridge, VLAN: n.VLAN, MTU: n.MTU}
	if i := n.IPAM; i != nil {
		ic := ipamConfig{Type: string(i.Type), Gateway: i.Gateway, Exclude: i.Exclude}
		if i.Type == "host-local" {
			ic.Subnet = i.Range // host-local calls its range "subnet"
		} else {
			ic.Range = i.Range
		}
		cfg.IPAM = ic
	} else {
		cfg.IPAM = struct{}{} // the guest addresses itself
	}
	config, _ := json.MarshalIndent(cfg, "", "  ") // plain structs: cannot fail
	return &objects.NetworkAttachmentDefinition{
		TypeMeta:   objects.TypeMeta{APIVersion: objects.NetworkAttachmentDefinitionAPIVersion, Kind: "NetworkAttachmentDefinition"},
		ObjectMeta: objects.ObjectMeta{Name: n.Name, Namespace: n.Namespace, Labels: commonLabels(p)},
		Spec:       objects.NADSpec{Config: string(config) + "\n"},
	}
}
