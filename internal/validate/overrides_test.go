package validate_test

import (
	"strings"
	"testing"
)

func TestOverrideAndCatalogRules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fleet string
		want  []string
	}{{
		name: "an HA pair with a bigger primary, its own cloud-init and a halted standby is clean",
		fleet: fleet(twoClusters, vm(`      cloudInit: {secretRef: app-ci}
      clusterOverrides:
        east: {instancetype: u1.large, cloudInitSecretRef: app-ci-east}
        west: {runStrategy: Halted, nodeSelector: {zone: w1}}
`)),
	}, {
		name:  "an override for a cluster the fleet does not have",
		fleet: fleet(twoClusters, vm("      clusterOverrides:\n        wset: {runStrategy: Halted}\n")),
		want:  []string{`f.yaml:23: error: spec.vms[0].clusterOverrides.wset: cluster "wset" is not defined in spec.clusters; did you mean "west"?`},
	}, {
		name:  "an override for a cluster the VM does not run on",
		fleet: fleet(twoClusters, vm("      clusters: [east]\n      clusterOverrides:\n        west: {runStrategy: Halted}\n")),
		want:  []string{`f.yaml:24: error: spec.vms[0].clusterOverrides.west: vm "app" does not run on cluster "west" (its clusters: east)`},
	}, {
		name:  "an instancetype override on a VM sized by cpu and memory",
		fleet: fleet(twoClusters, strings.Replace(vm("      clusterOverrides:\n        east: {instancetype: u1.large}\n"), "instancetype: u1.small", "cpu: {cores: 2}\n      memory: 2Gi", 1)),
		want:  []string{`f.yaml:24: error: spec.vms[0].clusterOverrides.east.instancetype: vm "app" is sized by cpu and memory: an instancetype on one cluster only would mix both; size the VM by instancetype`},
	}, {
		name:  "a cloud-init Secret override on a VM with inline user data",
		fleet: fleet(twoClusters, vm("      cloudInit: {userData: \"#cloud-config\\n\"}\n      clusterOverrides:\n        east: {cloudInitSecretRef: app-ci}\n")),
		want:  []string{`f.yaml:24: error: spec.vms[0].clusterOverrides.east.cloudInitSecretRef: vm "app" takes no cloud-init user data from a Secret (cloudInit.secretRef): a cluster can only change that Secret`},
	}, {
		name:  "a run strategy override that is not one",
		fleet: fleet(twoClusters, vm("      clusterOverrides:\n        west: {runStrategy: Sometimes}\n")),
		want:  []string{`f.yaml:23: error: spec.vms[0].clusterOverrides.west.runStrategy: "Sometimes" is not one of "Always", "Halted", "Manual", "RerunOnFailure", "Once"`},
	}, {
		name:  "an instancetype KubeVirt does not ship, with did-you-mean",
		fleet: fleet(oneCluster, strings.Replace(vm(""), "u1.small", "u1.lrage", 1)),
		want:  []string{`f.yaml:16: warning: spec.vms[0].instancetype: instancetype "u1.lrage" is not among the cluster instancetypes the current KubeVirt (1.6) ships: unless the clusters define it, the VM will not start; did you mean "u1.large"?`},
	}, {
		name:  "a preference KubeVirt does not ship",
		fleet: fleet(oneCluster, vm("      preference: rhel.99\n")),
		want:  []string{`f.yaml:21: warning: spec.vms[0].preference: preference "rhel.99" is not among the cluster preferences the current KubeVirt (1.6) ships: unless the clusters define it, the VM will not start; did you mean "rhel.9"?`},
	}, {
		name:  "an unknown instancetype in a cluster override",
		fleet: fleet(twoClusters, vm("      clusterOverrides:\n        east: {instancetype: u1.hude}\n")),
		want:  []string{`f.yaml:23: warning: spec.vms[0].clusterOverrides.east.instancetype: instancetype "u1.hude" is not among the cluster instancetypes the current KubeVirt (1.6) ships: unless the clusters define it, the VM will not start`},
	}, {
		name: "no catalog for a KubeVirt vmfleet holds no list of",
		fleet: fleet(`  virtualization:
    kubevirtVersion: "1.5"
`, oneCluster, strings.Replace(vm(""), "u1.small", "u1.lrage", 1)),
	}} {
		t.Run(tc.name, func(t *testing.T) { wantFindings(t, tc.fleet, tc.want) })
	}
}
