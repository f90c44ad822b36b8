package validate_test

import (
	"strings"
	"testing"
)

// Names valid in the fleet that the cluster would refuse once vmfleet
// derives its objects' names from them, and derived names that collide:
// each reported at validate time, at the field that caused it.
func TestDerivedNames(t *testing.T) {
	named := func(name, extra string) string {
		return strings.Replace(vm(extra), "name: app", "name: "+name, 1)
	}
	second := func(name, _, extra string) string {
		return strings.Replace(strings.Replace(vm(extra), "  vms:\n", "", 1), "name: app", "name: "+name, 1)
	}
	const metrics = "      guestMetrics: true\n"
	long := strings.Repeat("a", 56)
	for _, tc := range []struct {
		name  string
		fleet string
		want  []string
	}{{
		name:  "guest metrics of a vm whose name starts with a digit",
		fleet: fleet(oneCluster, named("1app", metrics)),
		want:  []string{`f.yaml:21: error: spec.vms[0].guestMetrics: Service "1app-metrics", the guest-metrics Service of vm "1app", is not a name the cluster accepts: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`},
	}, {
		name:  "guest metrics of a vm of 56 characters",
		fleet: fleet(oneCluster, named(long, metrics+"      evictionStrategy: None\n")),
		want: []string{
			`f.yaml:21: error: spec.vms[0].guestMetrics: Service "` + long + `-metrics", the guest-metrics Service of vm "` + long + `", is not a name the cluster accepts: must be no more than 63 characters`,
		},
	}, {
		name:  "a data disk named root",
		fleet: fleet(oneCluster, vm("      dataDisks:\n        - {name: root, size: 1Gi}\n")),
		want:  []string{`f.yaml:22: error: spec.vms[0].dataDisks[0].name: DataVolume "app-root", data disk "root" of vm "app", is also the root disk of vm "app" (spec.vms[0].name) in namespace "apps": one of them would overwrite the other; rename one`},
	}, {
		name:  "DataVolumes of two vms",
		fleet: fleet(oneCluster, vm("      dataDisks:\n        - {name: data-root, size: 1Gi}\n"), second("app-data", "apps", "")),
		want:  []string{`f.yaml:23: error: spec.vms[1].name: DataVolume "app-data-root", the root disk of vm "app-data", is also data disk "data-root" of vm "app" (spec.vms[0].dataDisks[0].name) in namespace "apps": one of them would overwrite the other; rename one`},
	}, {
		name:  "DataVolumes of two vms in different namespaces do not collide",
		fleet: fleet(oneCluster, vm("      dataDisks:\n        - {name: data-root, size: 1Gi}\n"), strings.Replace(second("app-data", "apps", ""), "namespace: apps", "namespace: other", 1)),
	}, {
		name:  "a vm listing a cluster twice",
		fleet: fleet(twoClusters, vm("      evictionStrategy: None\n      clusters: [east, west, east]\n")),
		want:  []string{`f.yaml:23: error: spec.vms[0].clusters[2]: cluster "east" is listed twice (also at clusters[0]): a VM runs once per cluster; drop one, or use replicas for more`},
	}, {
		name:  "an operator policy named as a network's",
		fleet: fleet("  virtualization:\n    operator: {policy: nad-vlan10}\n", oneCluster, vlan, vm("      networks: [vlan10]\n")),
		want:  []string{`f.yaml:16: error: spec.networks[0].name: Policy "nad-vlan10", the policy of network "vlan10", is also the operator policy (spec.virtualization.operator.policy): one of them would overwrite the other; rename one`},
	}, {
		name:  "the operator and HyperConverged policies named alike",
		fleet: fleet("  virtualization:\n    operator: {policy: cnv}\n    hyperconverged: {policy: cnv}\n", oneCluster, vm("")),
		want:  []string{`f.yaml:11: error: spec.virtualization.hyperconverged.policy: Policy "cnv", the HyperConverged policy, is also the operator policy (spec.virtualization.operator.policy): one of them would overwrite the other; rename one`},
	}, {
		name:  "a PolicySet named as a policy",
		fleet: fleet("  virtualization:\n    policySet: cnv-health\n", oneCluster, vm("")),
		want:  []string{`f.yaml:10: error: spec.virtualization.policySet: PolicySet "cnv-health" has the name of the HyperConverged health policy (spec.virtualization.policyNamespace), and the Placement and PlacementBinding of each are named after it: rename one`},
	}, {
		name:  "a cluster set listed twice",
		fleet: fleet("  clusterSets: [default, edge, default]\n", oneCluster, vm("")),
		want:  []string{`f.yaml:9: error: spec.clusterSets[2]: cluster set "default" is listed twice (also at spec.clusterSets[0]): each set gets one ManagedClusterSetBinding named after it; drop one`},
	}, {
		name: "two networks renamed to one NAD on a cluster",
		fleet: fleet(`  networks:
    - {name: a, namespace: apps, bridge: br1, uplink: ens4, vlan: 1}
    - {name: b, namespace: apps, bridge: br1, uplink: ens4, vlan: 2}
  clusters:
    - name: east
      accessMode: ReadWriteMany
      networks: {a: shared, b: shared}
`, vm("      networks: [a, b]\n")),
		want: []string{`f.yaml:15: error: spec.clusters[0].networks.b: NetworkAttachmentDefinition "shared", the NAD of network "b" on cluster "east", is also the NAD of network "a" on cluster "east" (spec.clusters[0].networks.a) in namespace "apps": one of them would overwrite the other; rename one`},
	}, {
		name: "clone grants of two vms in one source namespace",
		fleet: fleet(oneCluster, strings.Replace(strings.Replace(vm(""), "namespace: apps", "namespace: a-b", 1), "name: app", "name: c", 1),
			strings.Replace(second("b-c", "", ""), "namespace: apps", "namespace: a", 1)),
	}} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.fleet
			if strings.HasPrefix(tc.name, "clone grants") {
				f = strings.ReplaceAll(f, "          blank: {}\n", "          pvc: {name: golden, namespace: images}\n")
				tc.want = []string{`f.yaml:21: error: spec.vms[1].name: Role "vmfleet-clone-a-b-c", the clone grant of vm "b-c", is also the clone grant of vm "c" (spec.vms[0].name) in namespace "images": one of them would overwrite the other; rename one`}
			}
			wantFindings(t, f, tc.want)
		})
	}
}

// Two VMs of one name are refused, and in different namespaces the
// message says why: the tree and the hub name objects after the VM alone.
func TestDuplicateVMAcrossNamespaces(t *testing.T) {
	other := strings.Replace(strings.Replace(vm(""), "  vms:\n", "", 1), "namespace: apps", "namespace: web", 1)
	wantFindings(t, fleet(oneCluster, vm(""), other), []string{
		`f.yaml:21: error: spec.vms[1].name: vm "app" is already defined at spec.vms[0], in namespace "apps": VM names are unique across the fleet, even in different namespaces, because the tree holds one folder base/<vm>/ per VM and the hub one policy deps-<vm>; rename one (e.g. "app-web")`,
	})
	same := strings.Replace(vm(""), "  vms:\n", "", 1)
	wantFindings(t, fleet(oneCluster, vm(""), same), []string{`f.yaml:21: error: spec.vms[1].name: vm "app" is already defined at spec.vms[0]`})
}

// A cluster named hub: its Application <applicationSet>-hub is the name of
// the Application that syncs hub/ (the ApplicationSet is named after the
// fleet by default).
func TestApplicationNames(t *testing.T) {
	f := fleet(`  clusters:
    - name: hub
      accessMode: ReadWriteMany
`, vm(""))
	f = strings.Replace(f, "    path: fleets/demo\n", "    path: fleets/demo\n    hubApplication: true\n", 1)
	wantFindings(t, f, []string{`f.yaml:11: error: spec.clusters[0].name: Application "demo-hub", the Application of cluster "hub", is also the Application that syncs hub/ (spec.gitops.hubApplication) in namespace "openshift-gitops": one of them would overwrite the other; rename one`})
	wantFindings(t, strings.Replace(f, "hubApplication: true", "hubApplication: false", 1), nil)
}
