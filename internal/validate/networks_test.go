package validate_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/render"
)

// network is one spec.networks entry for the tests below; the header and
// one cluster take lines 1-12, so the network starts on line 13.
func network(lines ...string) string {
	return "  networks:\n    - name: vlan10\n" + "      " + strings.Join(lines, "\n      ") + "\n"
}

func findings(t *testing.T, fleetText string) []string {
	t.Helper()
	_, fs := render.Load("f.yaml", []byte(fleetText))
	var got []string
	for _, f := range fs {
		got = append(got, f.String())
	}
	return got
}

// Each secondary-network lint shows its exact message, field and line.
func TestNetworkLints(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fleet string
		want  []string
	}{{
		name: "an existing NAD in another, non-global namespace",
		fleet: fleet(`  clusters:
    - name: east
      existingNetworks:
        vlan10: tenant-payments/payments-vlan
`, network("bridge: br10", "uplink: ens4"), vm("      networks: [vlan10]\n")),
		want: []string{`f.yaml:12: error: spec.clusters[0].existingNetworks.vlan10: vm "app" in namespace "apps" cannot attach NAD "tenant-payments/payments-vlan" on cluster "east": OpenShift's Multus lets a VM attach only a NAD of its own namespace or of a global one (default, openshift-multus, openshift-sriov-network-operator, openshift-cnv); give a NAD in "apps"`},
	}, {
		name: "an existing NAD in a global namespace is fine",
		fleet: fleet(`  clusters:
    - name: east
      existingNetworks:
        vlan10: openshift-cnv/payments-vlan
`, network("bridge: br10", "uplink: ens4"), vm("      networks: [vlan10]\n")),
	}, {
		name:  "IPAM on a VM bridge network without the opt-in",
		fleet: fleet(oneCluster, network("bridge: br10", "uplink: ens4", "ipam: {type: whereabouts, range: 10.42.0.0/24}"), vm("      networks: [vlan10]\n")),
		want:  []string{`f.yaml:17: error: spec.networks[0].ipam: vm "app" attaches network "vlan10", whose ipam gives an address to the virt-launcher pod that the guest never gets (a migration target gets yet another): remove ipam and address the guest by DHCP on the VLAN or by spec.vms[].addresses, or set allowIPAM: true`},
	}, {
		name:  "IPAM with the opt-in warns why",
		fleet: fleet(oneCluster, network("bridge: br10", "uplink: ens4", "allowIPAM: true", "ipam: {type: whereabouts, range: 10.42.0.0/24}"), vm("      networks: [vlan10]\n")),
		want:  []string{`f.yaml:18: warning: spec.networks[0].ipam: network "vlan10" keeps ipam for VMs (allowIPAM): the virt-launcher pod gets the address, the guest does not, and a migration target pod gets another`},
	}, {
		name:  "a static address outside the network's subnet",
		fleet: fleet(oneCluster, network("bridge: br10", "uplink: ens4", "subnet: 10.42.0.0/24"), vm("      networks: [vlan10]\n      addresses:\n        - network: vlan10\n          address: 10.43.0.10/24\n")),
		want:  []string{`f.yaml:29: error: spec.vms[0].addresses[0].address: address 10.43.0.10/24 of vm "app" on cluster "east" is outside network "vlan10"'s subnet 10.42.0.0/24`},
	}, {
		name:  "a static address with the wrong prefix length",
		fleet: fleet(oneCluster, network("bridge: br10", "uplink: ens4", "subnet: 10.42.0.0/24"), vm("      networks: [vlan10]\n      addresses:\n        - network: vlan10\n          address: 10.42.0.10/16\n")),
		want:  []string{`f.yaml:29: error: spec.vms[0].addresses[0].address: address 10.42.0.10/16 of vm "app" on cluster "east" is outside network "vlan10"'s subnet 10.42.0.0/24`},
	}, {
		name:  "a static address that is not a CIDR",
		fleet: fleet(oneCluster, network("bridge: br10", "uplink: ens4", "subnet: 10.42.0.0/24"), vm("      networks: [vlan10]\n      addresses:\n        - network: vlan10\n          address: 10.42.0.10\n")),
		want:  []string{`f.yaml:29: error: spec.vms[0].addresses[0].address: "10.42.0.10" is not an address in CIDR form such as 10.42.0.10/24`},
	}, {
		name: "a static address duplicated on one cluster",
		fleet: fleet(oneCluster, network("bridge: br10", "uplink: ens4", "subnet: 10.42.0.0/24"),
			vm("      networks: [vlan10]\n      addresses:\n        - network: vlan10\n          address: 10.42.0.10/24\n"),
			strings.Replace(strings.Replace(vm("      networks: [vlan10]\n      addresses:\n        - network: vlan10\n          clusters: {east: 10.42.0.10/24}\n"), "  vms:\n", "", 1), "name: app", "name: db", 1)),
		want: []string{`f.yaml:40: error: spec.vms[1].addresses[0].clusters.east: address 10.42.0.10 on network "vlan10" of cluster "east" is already vm "app"'s (spec.vms[0].addresses[0].address)`},
	}, {
		name:  "a static address with no subnet to check it against",
		fleet: fleet(oneCluster, network("bridge: br10", "uplink: ens4"), vm("      networks: [vlan10]\n      addresses:\n        - network: vlan10\n          address: 10.42.0.10/24\n")),
		want:  []string{`f.yaml:28: error: spec.vms[0].addresses[0].address: network "vlan10" has no subnet to check address 10.42.0.10/24 against: set its subnet, e.g. 10.42.0.0/24`},
	}, {
		name:  "a bridge network on a cluster without an uplink",
		fleet: fleet(oneCluster, network("bridge: br10"), vm("      networks: [vlan10]\n")),
		want:  []string{`f.yaml:10: error: spec.clusters[0].bridges.br10.uplink: network "vlan10" needs bridge "br10" on cluster "east", and no uplink NIC is known there: set spec.clusters[0].bridges.br10.uplink (or spec.networks[0].uplink for every cluster), or exists: true there if the nodes have the bridge already`},
	}, {
		name: "a bridge that exists on the cluster needs no uplink",
		fleet: fleet(strings.TrimSuffix(oneCluster, "\n")+"\n      bridges:\n        br10: {exists: true}\n",
			network("bridge: br10"), vm("      networks: [vlan10]\n")),
	}, {
		name:  "a VLAN on a layer2 network",
		fleet: fleet(oneCluster, network("type: layer2", "vlan: 10"), vm("      networks: [vlan10]\n")),
		want:  []string{`f.yaml:16: error: spec.networks[0].vlan: a layer2 network is an OVN overlay and has no VLAN: remove vlan, or use type localnet`},
	}, {
		name:  "a localnet without a bridge mapping",
		fleet: fleet(oneCluster, network("type: localnet", "vlan: 10"), vm("      networks: [vlan10]\n")),
		want:  []string{`f.yaml:14: error: spec.networks[0].bridge: a localnet needs the OVS bridge its bridge mapping maps it onto: set bridge (br-ex, or a bridge vmfleet creates on uplink)`},
	}, {
		name: "two bridges on one uplink",
		fleet: fleet(oneCluster, network("bridge: br10", "uplink: ens4"), "    - name: vlan20\n      bridge: br20\n      uplink: ens4\n",
			vm("      networks: [vlan10, vlan20]\n")),
		want: []string{`f.yaml:10: error: spec.clusters[0].bridges.br20.uplink: bridges "br10" and "br20" both take uplink "ens4" on cluster "east"; a NIC can be the port of one bridge only: give one bridge another uplink, or put both networks on one bridge with their VLANs`},
	}, {
		name:  "a Linux bridge named br-ex",
		fleet: fleet(oneCluster, network("bridge: br-ex", "uplink: ens4"), vm("      networks: [vlan10]\n")),
		want:  []string{`f.yaml:15: error: spec.networks[0].bridge: br-ex is OpenShift's own OVS bridge, not a Linux bridge: use type localnet to reach its network, or another bridge`},
	}, {
		name:  "an uplink for br-ex",
		fleet: fleet(oneCluster, network("type: localnet", "bridge: br-ex", "uplink: ens4"), vm("      networks: [vlan10]\n")),
		want:  []string{`f.yaml:17: error: spec.networks[0].uplink: br-ex is OpenShift's own OVS bridge and vmfleet leaves its ports alone: remove uplink`},
	}, {
		name:  "a localnet on br-ex needs no uplink",
		fleet: fleet(oneCluster, network("type: localnet", "bridge: br-ex", "vlan: 10"), vm("      networks: [vlan10]\n")),
	}, {
		name:  "a network name too long for its policy",
		fleet: fleet(oneCluster, strings.Replace(network("bridge: br10", "uplink: ens4"), "name: vlan10", "name: "+strings.Repeat("n", 40), 1), vm("")),
		want:  []string{`f.yaml:14: error: spec.networks[0].name: policy "nad-` + strings.Repeat("n", 40) + `", the policy of network "` + strings.Repeat("n", 40) + `" (53 with the -<hash> of a variant), and its namespace "policies-virt" are 66 characters together; OCM names the policy's replicas <namespace>.<name>, a label of at most 63, so it allows 62: shorten it by 4 characters, or the policy namespace`},
	}, {
		name:  "the migration network must be a fleet network",
		fleet: fleet("  virtualization:\n    hyperconverged:\n      liveMigration:\n        network: migration\n", oneCluster, vm("")),
		want:  []string{`f.yaml:12: error: spec.virtualization.hyperconverged.liveMigration.network: network "migration" is not defined in spec.networks (none are defined); vmfleet delivers the migration network's NAD into openshift-cnv`},
	}, {
		name:  "the migration network needs IPAM",
		fleet: fleet("  virtualization:\n    hyperconverged:\n      liveMigration:\n        network: vlan10\n", oneCluster, network("bridge: br10", "uplink: ens4"), vm("")),
		want:  []string{`f.yaml:18: error: spec.networks[0].ipam: network "vlan10" carries live migrations: virt-handler takes its address on it from ipam, e.g. whereabouts with a range`},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, findings(t, tc.fleet)); diff != "" {
				t.Errorf("findings (-want +got):\n%s\nfleet:\n%s", diff, tc.fleet)
			}
		})
	}
}
