package generators

import (
	"sigs.k8s.io/yaml"

	"vmfleet.dev/vmfleet/plan"
)

// networkConfig is cloud-init network config version 2 (netplan form),
// the part vmfleet writes: one entry per interface, matched by MAC.
type networkConfig struct {
	Version   int                    `json:"version"`
	Ethernets map[string]netEthernet `json:"ethernets"`
}

type netEthernet struct {
	Match     netMatch `json:"match"`
	DHCP4     bool     `json:"dhcp4,omitempty"`
	Addresses []string `json:"addresses,omitempty"`
}

type netMatch struct {
	MACAddress string `json:"macaddress"`
}

// NetworkData is the guest's network config when the instance has a static
// address, else "". Network config holds no secret, so it goes inline
// (cloudInitNoCloud.networkData). It replaces the guest's default config,
// so the pod interface (KubeVirt's DHCP behind masquerade) and every
// secondary interface without a static address (DHCP on its VLAN) are
// listed too.
func NetworkData(in *plan.Instance) string {
	if in.PodMAC == "" {
		return ""
	}
	cfg := networkConfig{Version: 2, Ethernets: map[string]netEthernet{
		podNetwork: {Match: netMatch{MACAddress: in.PodMAC}, DHCP4: true}}}
	for _, a := range in.Networks {
		e := netEthernet{Match: netMatch{MACAddress: a.MAC}}
		if a.Address != "" {
			e.Addresses = []string{a.Address}
		} else {
			e.DHCP4 = true
		}
		cfg.Ethernets[a.Name] = e
	}
	b, _ := yaml.Marshal(cfg) // plain structs: cannot fail
	return string(b)
}
