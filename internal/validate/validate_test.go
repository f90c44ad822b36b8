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
		want:  []string{`f.yaml:26: error: spec.vms[0].networks[0]: network "vlan01" is not defined in spec.networks; did you mean "vlan10"?`},
	}, {
		name:  "network that does not reach the VM's cluster",
		fleet: fleet(twoClusters, strings.Replace(vlan, "vlan: 10\n", "vlan: 10\n      clusters: [east]\n", 1), vm("      networks: [vlan10]\n")),
		want:  []string{`f.yaml:28: error: spec.vms[0].networks[0]: network "vlan10" does not reach cluster "west", where vm "app" runs: add the cluster to the network's clusters, or map it in spec.clusters[1].networks`},
	}, {
		name: "network mapped on the cluster reaches it",
		fleet: fleet(`  clusters:
    - name: east
    - name: west
      networks:
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
		want:  []string{`f.yaml:22: error: spec.vms[0].cloudInit.userData: user data holds a password (chpasswd) in plain text and would be committed to git; move it to a Secret and set cloudInit.secretRef`},
	}, {
		name:  "credentials in a URL",
		fleet: fleet(oneCluster, strings.Replace(vm(""), "blank: {}", "http:\n            url: https://bob:s3cret@mirror.example/disk.qcow2", 1)),
		want:  []string{`f.yaml:21: error: spec.vms[0].disk.source.http.url: the url carries credentials in plain text; put them in a Secret and set secretRef`},
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
	}} {
		t.Run(tc.name, func(t *testing.T) {
			_, findings := render.Load("f.yaml", []byte(tc.fleet))
			var got []string
			for _, f := range findings {
				got = append(got, f.String())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s\nfleet:\n%s", diff, tc.fleet)
			}
		})
	}
}
