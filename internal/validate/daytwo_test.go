package validate_test

import (
	"strings"
	"testing"
)

// second is another VM, for rules about VMs taken together.
const second = `    - name: db
      namespace: apps
      instancetype: u1.small
      disk:
        size: 10Gi
        source:
          blank: {}
`

// The day-2 rules: power owner, decommission states, KubeVirt version.
func TestDayTwoRules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fleet string
		want  []string
	}{{
		name:  "every day-2 field set right",
		fleet: fleet(twoClusters, vm("      powerOwner: git\n      state: retired\n      clusterStates: {west: absent}\n      disks: Delete\n")),
	}, {
		name:  "power owner enum",
		fleet: fleet(oneCluster, vm("      powerOwner: virtctl\n")),
		want:  []string{`f.yaml:21: error: spec.vms[0].powerOwner: "virtctl" is not one of "git", "operators"`},
	}, {
		name:  "fleet power owner enum",
		fleet: fleet("  defaults:\n    powerOwner: nobody\n", oneCluster, vm("")),
		want:  []string{`f.yaml:10: error: spec.defaults.powerOwner: "nobody" is not one of "git", "operators"`},
	}, {
		name:  "state enum",
		fleet: fleet(oneCluster, vm("      state: deleted\n")),
		want:  []string{`f.yaml:21: error: spec.vms[0].state: "deleted" is not one of "present", "retired", "absent"`},
	}, {
		name:  "cluster state of a cluster the fleet does not have",
		fleet: fleet(twoClusters, vm("      clusterStates: {wset: absent}\n")),
		want:  []string{`f.yaml:22: error: spec.vms[0].clusterStates.wset: cluster "wset" is not defined in spec.clusters; did you mean "west"?`},
	}, {
		name:  "cluster state of a cluster the VM does not run on",
		fleet: fleet(twoClusters, vm("      clusters: [east]\n      clusterStates: {west: retired}\n")),
		want:  []string{`f.yaml:23: error: spec.vms[0].clusterStates.west: vm "app" does not run on cluster "west" (its clusters: east)`},
	}, {
		name:  "absent VMs that disagree on their disks",
		fleet: fleet(oneCluster, vm("      state: absent\n"), second, "      state: absent\n      disks: Delete\n"),
		want:  []string{`f.yaml:30: error: spec.vms[1].disks: absent VMs disagree on their disks (Delete here, Keep at spec.vms[0].disks): Argo CD deletes every pruned object of an Application with one propagation policy, so decommission them in separate steps`},
	}, {
		name:  "a retired VM and an absent one may differ",
		fleet: fleet(oneCluster, vm("      state: retired\n"), second, "      state: absent\n      disks: Delete\n"),
	}, {
		name:  "bad KubeVirt version",
		fleet: fleet("  virtualization:\n    kubevirtVersion: latest\n", oneCluster, vm("")),
		want:  []string{`f.yaml:10: error: spec.virtualization.kubevirtVersion: "latest" is not a KubeVirt version such as 1.6 or v1.5.2`},
	}, {
		name:  "instancetypes on KubeVirt 1.4 warn that resizes do not sync",
		fleet: fleet("  virtualization:\n    kubevirtVersion: v1.4.2\n", oneCluster, vm("")),
		want:  []string{`f.yaml:10: warning: spec.virtualization.kubevirtVersion: KubeVirt 1.4 pins the instancetype and preference revision in the VM spec: a changed instancetype or preference of app will not sync (the VM admission rejects a new name with the old revisionName, which Argo CD re-sends); resize after the clusters run KubeVirt 1.5 or later`},
	}, {
		name:  "the KubeVirt version inferred from a pinned OpenShift Virtualization CSV",
		fleet: fleet("  virtualization:\n    operator:\n      versions: [kubevirt-hyperconverged-operator.v4.20.1, kubevirt-hyperconverged-operator.v4.18.3]\n      startingCSV: kubevirt-hyperconverged-operator.v4.18.3\n", oneCluster, vm("")),
		want:  []string{`f.yaml:11: warning: spec.virtualization.operator.versions[1]: KubeVirt 1.4 pins the instancetype and preference revision in the VM spec: a changed instancetype or preference of app will not sync (the VM admission rejects a new name with the old revisionName, which Argo CD re-sends); resize after the clusters run KubeVirt 1.5 or later`},
	}, {
		name:  "KubeVirt 1.5 resizes: no warning",
		fleet: fleet("  virtualization:\n    operator:\n      versions: [kubevirt-hyperconverged-operator.v1.15.2]\n", oneCluster, vm("")),
	}, {
		name:  "KubeVirt 1.4 with cpu and memory: nothing to resize by name",
		fleet: fleet("  virtualization:\n    kubevirtVersion: \"1.4\"\n", oneCluster, strings.Replace(vm(""), "instancetype: u1.small", "cpu: {cores: 2}\n      memory: 4Gi", 1)),
	}} {
		t.Run(tc.name, func(t *testing.T) { wantFindings(t, tc.fleet, tc.want) })
	}
}
