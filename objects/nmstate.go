package objects

// NMStateAPIVersion is kubernetes-nmstate's API (deploy/crds of
// nmstate/kubernetes-nmstate; both kinds are cluster-scoped).
const NMStateAPIVersion = "nmstate.io/v1"

// NMState is the CR that makes the NMState operator deploy its handler on
// the nodes; the operator acts only on the one named nmstate.
type NMState struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
}

// NodeNetworkConfigurationPolicy is the node network state nmstate applies
// on the selected nodes.
type NodeNetworkConfigurationPolicy struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Spec       NNCPSpec `json:"spec"`
}

type NNCPSpec struct {
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`
	DesiredState NMStateState      `json:"desiredState"`
}

// NMStateState is the part of the nmstate schema vmfleet writes
// (nmstate's own API, which the CRD leaves open).
type NMStateState struct {
	Interfaces []NMStateInterface `json:"interfaces,omitempty"`
	OVN        *NMStateOVN        `json:"ovn,omitempty"`
}

type NMStateInterface struct {
	Name   string         `json:"name"`
	Type   string         `json:"type"`
	State  string         `json:"state"`
	IPv4   *NMStateIP     `json:"ipv4,omitempty"`
	IPv6   *NMStateIP     `json:"ipv6,omitempty"`
	Bridge *NMStateBridge `json:"bridge,omitempty"`
}

type NMStateIP struct {
	Enabled bool `json:"enabled"`
}

type NMStateBridge struct {
	// AllowExtraPatchPorts lets OVN-Kubernetes keep the patch ports it adds
	// to an OVS bridge a localnet maps onto.
	AllowExtraPatchPorts *bool                 `json:"allow-extra-patch-ports,omitempty"`
	Options              *NMStateBridgeOptions `json:"options,omitempty"`
	Port                 []NMStatePort         `json:"port"`
}

type NMStateBridgeOptions struct {
	STP any `json:"stp"`
}

type NMStatePort struct {
	Name string `json:"name"`
}

type NMStateOVN struct {
	BridgeMappings []NMStateBridgeMapping `json:"bridge-mappings"`
}

// NMStateBridgeMapping maps an OVN localnet (the network name of its NAD) onto an OVS bridge.
type NMStateBridgeMapping struct {
	Localnet string `json:"localnet"`
	Bridge   string `json:"bridge"`
	State    string `json:"state"`
}
