package validate_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/render"
)

// fleet builds a fleet file from its varying parts; the header is 8 lines,
// so findings below it land on predictable lines.
func fleet(parts ...string) string {
	return `apiVersion: vmfleet.dev/v1alpha1
kind: VMFleet
metadata:
  name: demo
spec:
  gitops:
    repoURL: https://git.example/fleet
    path: fleets/demo
` + strings.Join(parts, "")
}

const (
	oneCluster = `  clusters:
    - name: east
      storageClass: ceph-rbd
      accessMode: ReadWriteMany
`
	twoClusters = `  clusters:
    - name: east
      accessMode: ReadWriteMany
    - name: west
      accessMode: ReadWriteOnce
`
	vlan = `  networks:
    - name: vlan10
      namespace: net
      bridge: br10
      vlan: 10
      uplink: ens4
`
)

func vm(extra string) string {
	return `  vms:
    - name: app
      namespace: apps
      instancetype: u1.small
      disk:
        size: 10Gi
        source:
          blank: {}
` + extra
}

// Each rule of the generator shows its error text, with field and file:line.
func TestRules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fleet string
		want  []string
	}{{
		name:  "live migration with an RWO disk",
		fleet: fleet(twoClusters, vm("      evictionStrategy: LiveMigrate\n")),
		want:  []string{`f.yaml:22: error: spec.vms[0].evictionStrategy: evictionStrategy LiveMigrate needs ReadWriteMany disks, but on cluster "west" disk "rootdisk" of vm "app" has ReadWriteOnce (from spec.clusters[1].accessMode): set accessMode ReadWriteMany there, or evictionStrategy None or LiveMigrateIfPossible`},
	}, {
		name: "live migration with no access mode",
		fleet: fleet(`  clusters:
    - name: east
      evictionStrategy: LiveMigrate
`, vm("")),
		want: []string{`f.yaml:11: error: spec.clusters[0].evictionStrategy: evictionStrategy LiveMigrate needs ReadWriteMany disks, but on cluster "east" disk "rootdisk" of vm "app" has no access mode (from (none set)): set accessMode ReadWriteMany there, or evictionStrategy None or LiveMigrateIfPossible`},
	}, {
		name:  "name too long to migrate",
		fleet: fleet(oneCluster, strings.Replace(vm(""), "name: app", "name: "+strings.Repeat("a", 48), 1)),
		want:  []string{`f.yaml:14: error: spec.vms[0].name: vm "` + strings.Repeat("a", 48) + `" is 48 characters long; a VM that live-migrates (here on cluster "east") may have at most 47`},
	}, {
		name:  "long name is fine when the VM does not migrate",
		fleet: fleet(twoClusters, strings.Replace(vm("      clusters: [west]\n"), "name: app", "name: "+strings.Repeat("a", 48), 1)),
	}, {
		name:  "undefined network, with did-you-mean",
		fleet: fleet(oneCluster, vlan, vm("      networks: [vlan01]\n")),
		want:  []string{`f.yaml:27: error: spec.vms[0].networks[0]: network "vlan01" is not defined in spec.networks; did you mean "vlan10"?`},
	}, {
		name:  "network that does not reach the VM's cluster",
		fleet: fleet(twoClusters, strings.Replace(vlan, "vlan: 10\n", "vlan: 10\n      clusters: [east]\n", 1), vm("      networks: [vlan10]\n")),
		want:  []string{`f.yaml:29: error: spec.vms[0].networks[0]: network "vlan10" does not reach cluster "west", where vm "app" runs: add the cluster to the network's clusters, or attach an existing NAD in spec.clusters[1].existingNetworks`},
	}, {
		name: "an existing NAD on the cluster stands in for the network",
		fleet: fleet(`  clusters:
    - name: east
    - name: west
      existingNetworks:
        vlan10: vlan10-west
`, strings.Replace(vlan, "vlan: 10\n", "vlan: 10\n      clusters: [east]\n", 1), vm("      networks: [vlan10]\n")),
	}, {
		name:  "undefined cluster",
		fleet: fleet(oneCluster, vm("      clusters: [eats]\n")),
		want:  []string{`f.yaml:21: error: spec.vms[0].clusters[0]: cluster "eats" is not defined in spec.clusters; did you mean "east"?`},
	}, {
		name:  "bad quantity",
		fleet: fleet(oneCluster, strings.Replace(vm(""), "size: 10Gi", "size: 10GB!", 1)),
		want:  []string{`f.yaml:18: error: spec.vms[0].disk.size: "10GB!" is not a quantity (for example 40Gi or 512Mi)`},
	}, {
		name:  "cluster name that would escape the output folder",
		fleet: fleet(strings.Replace(oneCluster, "name: east", "name: ../x", 1), vm("")),
		want:  []string{`f.yaml:10: error: spec.clusters[0].name: "../x" is not a valid name: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`},
	}, {
		name:  "duplicate cluster",
		fleet: fleet(oneCluster, "    - name: east\n", vm("")),
		want:  []string{`f.yaml:13: error: spec.clusters[1].name: cluster "east" is already defined at spec.clusters[0]`},
	}, {
		name:  "plain-text password in cloud-init",
		fleet: fleet(oneCluster, vm("      cloudInit:\n        userData: |\n          #cloud-config\n          chpasswd: {expire: false}\n          password: hunter2\n")),
		want:  []string{`f.yaml:22: error: spec.vms[0].cloudInit.userData: user data holds a password (key "password", line 3 of the user data) in plain text and would be committed to git; move the user data to a Secret (key userdata) in the hub namespace and set cloudInit.secretRef`},
	}, {
		name:  "credentials in a URL",
		fleet: fleet(oneCluster, strings.Replace(vm(""), "blank: {}", "http:\n            url: https://bob:s3cret@mirror.example/disk.qcow2", 1)),
		want:  []string{`f.yaml:21: error: spec.vms[0].disk.source.http.url: the url carries a password as the user:password@ of a URL in plain text and would be committed to git; put the credentials in a Secret and set secretRef`},
	}, {
		name:  "s3:// URL, which CDI rejects",
		fleet: fleet(oneCluster, strings.Replace(vm(""), "blank: {}", "s3:\n            url: s3://images/win.qcow2", 1)),
		want:  []string{`f.yaml:21: error: spec.vms[0].disk.source.s3.url: "s3://images/win.qcow2": CDI rejects s3:// URLs; give the endpoint with bucket and key in the path, e.g. https://s3.example.com/BUCKET/KEY`},
	}, {
		name:  "two disk sources",
		fleet: fleet(oneCluster, strings.Replace(vm(""), "blank: {}", "blank: {}\n          pvc: {name: golden}", 1)),
		want:  []string{`f.yaml:19: error: spec.vms[0].disk.source: give exactly one source, found blank and pvc`},
	}, {
		name:  "sizing: instancetype and cpu",
		fleet: fleet(oneCluster, vm("      cpu: {cores: 2}\n      memory: 2Gi\n")),
		want:  []string{`f.yaml:16: error: spec.vms[0].instancetype: give an instancetype or cpu and memory, not both`},
	}, {
		name:  "unknown field, with did-you-mean",
		fleet: fleet(strings.Replace(oneCluster, "storageClass", "storgeClass", 1), vm("")),
		want:  []string{`f.yaml:11: error: spec.clusters[0].storgeClass: unknown field "storgeClass"; did you mean "storageClass"?`},
	}, {
		name:  "enum",
		fleet: fleet(strings.Replace(oneCluster, "ReadWriteMany", "ReadWriteSometimes", 1), vm("")),
		want:  []string{`f.yaml:12: error: spec.clusters[0].accessMode: "ReadWriteSometimes" is not one of "ReadWriteMany", "ReadWriteOnce"`},
	}, {
		name:  "gitops path escaping the repository",
		fleet: strings.Replace(fleet(oneCluster, vm("")), "path: fleets/demo", "path: ../demo", 1),
		want:  []string{`f.yaml:8: error: spec.gitops.path: "../demo" must be a clean path relative to the repository root (no leading /, no ..)`},
	}, {
		name:  "manual run strategy warns about the Succeeded surprise",
		fleet: fleet(oneCluster, vm("      runStrategy: Manual\n")),
		want:  []string{`f.yaml:21: warning: spec.vms[0].runStrategy: with Manual, a guest shutdown leaves the VM stopped (Succeeded) until someone starts it; use Always to keep it running`},
	}, {
		name: "pinned versions without a start",
		fleet: fleet(`  virtualization:
    operator:
      versions: [cnv.v4.18.3, cnv.v4.18.4]
`, oneCluster, vm("")),
		want: []string{`f.yaml:10: error: spec.virtualization.operator.startingCSV: versions pins 2 CSVs but startingCSV is not set: OLM would install the channel head, which the policy approves only if it is listed, so the operator may never install; set startingCSV to the one to install first (one of "cnv.v4.18.3", "cnv.v4.18.4")`},
	}, {
		name: "one pinned version is its own start",
		fleet: fleet(`  virtualization:
    operator:
      versions: [cnv.v4.20.1]
`, oneCluster, vm("")),
	}, {
		name: "a start that is not among the versions",
		fleet: fleet(`  virtualization:
    operator:
      versions: [cnv.v4.18.3]
      startingCSV: cnv.v4.18.2
`, oneCluster, vm("")),
		want: []string{`f.yaml:12: error: spec.virtualization.operator.startingCSV: "cnv.v4.18.2" is not one of versions ("cnv.v4.18.3"): OLM would install it and the policy would never approve it`},
	}, {
		name: "a subscription toleration with a value and Exists",
		fleet: fleet(`  virtualization:
    operator:
      config:
        tolerations:
          - {key: infra, operator: Exists, value: "yes"}
`, oneCluster, vm("")),
		want: []string{`f.yaml:13: error: spec.virtualization.operator.config.tolerations[0].value: must be empty with operator Exists`},
	}, {
		name: "a tenant adding to the hub allowlist",
		fleet: fleet(`  virtualization:
    managedBy: platform
  observability:
    extraMetrics: [kubevirt_vmi_info]
`, oneCluster, vm("")),
		want: []string{`f.yaml:12: error: spec.observability.extraMetrics: the hub allowlist is one ConfigMap per hub and fleet "platform" manages it (spec.virtualization.managedBy): add these series to that fleet`},
	}, {
		name: "a tenant opting into the blanket kubevirt_ match",
		fleet: fleet(`  virtualization:
    managedBy: platform
  observability:
    allKubevirtSeries: true
`, oneCluster, vm("")),
		want: []string{`f.yaml:12: error: spec.observability.allKubevirtSeries: the hub allowlist is one ConfigMap per hub and fleet "platform" manages it (spec.virtualization.managedBy): set it on that fleet`},
	}, {
		name: "a bad hub namespace for the dependencies",
		fleet: fleet(`  dependencies:
    hubNamespace: VM_Secrets
`, oneCluster, vm("")),
		want: []string{`f.yaml:10: error: spec.dependencies.hubNamespace: "VM_Secrets" is not a valid name: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`},
	}, {
		name: "a negative toleration time",
		fleet: fleet(`  clusterSelector:
    tolerationSeconds: -1
`, oneCluster, vm("")),
		want: []string{`f.yaml:10: error: spec.clusterSelector.tolerationSeconds: -1 must be at least 0`},
	}, {
		name: "a policy namespace that leaves no room for a dependency policy",
		fleet: fleet(`  virtualization:
    policyNamespace: `+strings.Repeat("p", 55)+`
    policySet: s
    operator: {policy: o}
    hyperconverged: {policy: h}
`, oneCluster, vm("      cloudInit: {secretRef: app-cloudinit}\n")),
		want: []string{
			`f.yaml:10: error: spec.virtualization.policyNamespace: policy "cnv-health", the HyperConverged health policy, and its namespace "` + strings.Repeat("p", 55) + `" are 65 characters together; OCM names the policy's replicas <namespace>.<name>, a label of at most 63, so it allows 62: shorten the policy namespace`,
			`f.yaml:10: error: spec.virtualization.policyNamespace: policy "deps-app", the dependency policy of vm "app", and its namespace "` + strings.Repeat("p", 55) + `" are 63 characters together; OCM names the policy's replicas <namespace>.<name>, a label of at most 63, so it allows 62: shorten the policy namespace`,
		},
	}} {
		t.Run(tc.name, func(t *testing.T) { wantFindings(t, tc.fleet, tc.want) })
	}
}

// wantFindings loads fleet as f.yaml and compares its findings, as printed.
func wantFindings(t *testing.T, fleet string, want []string) {
	t.Helper()
	_, findings := render.Load("f.yaml", []byte(fleet))
	var got []string
	for _, f := range findings {
		got = append(got, f.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s\nfleet:\n%s", diff, fleet)
	}
}
