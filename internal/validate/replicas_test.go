package validate_test

import (
	"strings"
	"testing"
)

func TestReplicaRules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fleet string
		want  []string
	}{{
		name:  "three replicas, two on west, one of east's retiring, is clean",
		fleet: fleet(twoClusters, vm("      replicas: 3\n      clusterOverrides:\n        west: {replicas: 2}\n        east: {retiredReplicas: 1}\n")),
	}, {
		name:  "no replicas",
		fleet: fleet(twoClusters, vm("      replicas: 0\n")),
		want:  []string{`f.yaml:22: error: spec.vms[0].replicas: 0 must be at least 1`},
	}, {
		name:  "a count that would expand into a billion VMs",
		fleet: fleet(twoClusters, vm("      replicas: 1\n      clusterOverrides:\n        west: {replicas: 1000000000}\n")),
		want:  []string{`f.yaml:24: error: spec.vms[0].clusterOverrides.west.replicas: 1000000000 must be at most 1000`},
	}, {
		name:  "a count per cluster for a VM without replicas",
		fleet: fleet(twoClusters, vm("      clusterOverrides:\n        west: {replicas: 2}\n")),
		want:  []string{`f.yaml:23: error: spec.vms[0].clusterOverrides.west: vm "app" sets no replicas: give it replicas before a count per cluster (its VMs are then named app-0, app-1, …)`},
	}, {
		name:  "retiring more replicas than run",
		fleet: fleet(twoClusters, vm("      replicas: 2\n      clusterOverrides:\n        west: {retiredReplicas: 3}\n")),
		want:  []string{`f.yaml:24: error: spec.vms[0].clusterOverrides.west: vm "app" retires 3 replicas on cluster "west", which runs 2`},
	}, {
		name: "a static address pool that runs out of the subnet",
		fleet: fleet(oneCluster, network("bridge: br10", "uplink: ens4", "subnet: 10.42.0.0/24"),
			vm("      replicas: 3\n      networks: [vlan10]\n      addresses:\n        - network: vlan10\n          address: 10.42.0.254/24\n")),
		want: []string{`f.yaml:30: error: spec.vms[0].addresses[0].address: address 10.42.1.0/24 of vm "app-2" on cluster "east" is outside network "vlan10"'s subnet 10.42.0.0/24`},
	}, {
		name:  "a replica named like another VM",
		fleet: fleet(twoClusters, vm("      replicas: 2\n"), strings.Replace(strings.TrimPrefix(vm(""), "  vms:\n"), "name: app", "name: app-1", 1)),
		want:  []string{`f.yaml:22: error: spec.vms[0].replicas: replica "app-1" of vm "app" has the name of another vm`},
	}, {
		name:  "a replica name over 63 characters",
		fleet: fleet(twoClusters, strings.Replace(vm("      replicas: 10\n      clusters: [west]\n"), "name: app", "name: "+strings.Repeat("a", 62), 1)),
		want:  []string{`f.yaml:15: error: spec.vms[0].name: replica "` + strings.Repeat("a", 62) + `-9" of vm "` + strings.Repeat("a", 62) + `" is 64 characters long; a VM name has at most 63: shorten the name`},
	}} {
		t.Run(tc.name, func(t *testing.T) { wantFindings(t, tc.fleet, tc.want) })
	}
}
