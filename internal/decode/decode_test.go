package decode

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/internal/diag"
)

func ptr[T any](v T) *T { return &v }

// header is the start of a valid fleet; tests append spec fields to it.
const header = `apiVersion: vmfleet.dev/v1alpha1
kind: VMFleet
metadata:
  name: tenant-app-vm
spec:
  gitops: {repoURL: https://gitlab.lab/platform/platform-gitops, path: tenants/app-team/vms}
`

// clusters completes header into a valid fleet.
const clusters = `  clusters:
    - name: spoke-dc-v6
`

func TestGoodFleet(t *testing.T) {
	data, err := os.ReadFile("testdata/example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src, findings := Fleet("example.yaml", data)
	if len(findings) > 0 {
		t.Fatalf("findings:\n%v", findings)
	}
	want := &v1alpha1.VMFleet{
		APIVersion: "vmfleet.dev/v1alpha1",
		Kind:       "VMFleet",
		Metadata:   v1alpha1.ObjectMeta{Name: "tenant-app-vm"},
		Spec: v1alpha1.Spec{
			GitOps: v1alpha1.GitOps{
				RepoURL: "https://gitlab.lab/platform/platform-gitops",
				Path:    "tenants/app-team/vms",
			},
			ClusterSelector: v1alpha1.ClusterSelector{MatchLabels: map[string]string{"virt": "enabled", "tenant": "app-team"}},
			Virtualization: v1alpha1.Virtualization{
				Operator: v1alpha1.Operator{Channel: "stable", UpgradeApproval: "Automatic"},
				HyperConverged: v1alpha1.HyperConverged{
					CommonBootImageImport: ptr(true),
					LiveMigration: v1alpha1.LiveMigration{
						ParallelMigrationsPerCluster:      ptr[int32](5),
						ParallelOutboundMigrationsPerNode: ptr[int32](2),
						BandwidthPerMigration:             "1Gi",
					},
				},
			},
			Networks: []v1alpha1.Network{{
				Name: "payments-vlan", Namespace: "tenant-payments", Bridge: "br-payments", VLAN: ptr[int32](142),
				IPAM: &v1alpha1.IPAM{Type: "whereabouts", Range: "10.42.0.0/24"},
			}},
			Observability: v1alpha1.Observability{GuestMetrics: v1alpha1.GuestMetrics{NodeExporter: true}},
			Clusters: []v1alpha1.Cluster{{
				Name:    "spoke-dc-v6",
				Storage: v1alpha1.Storage{StorageClass: "ocs-storagecluster-ceph-rbd", AccessMode: "ReadWriteMany"},
			}},
			VMs: []v1alpha1.VM{{
				Name:      "rhel9-app",
				Namespace: "tenant-app",
				CPU:       &v1alpha1.CPU{Cores: 4},
				Memory:    "8Gi",
				Disk: v1alpha1.Disk{
					Size:   "40Gi",
					Source: v1alpha1.DiskSource{DataSource: &v1alpha1.ObjectRef{Name: "rhel9", Namespace: "openshift-virtualization-os-images"}},
				},
				CloudInit: &v1alpha1.CloudInit{SecretRef: "rhel9-app-cloudinit"},
				Networks:  []string{"payments-vlan"},
			}},
		},
	}
	if diff := cmp.Diff(want, src.Fleet); diff != "" {
		t.Errorf("fleet (-want +got):\n%s", diff)
	}
	if src.File != "example.yaml" {
		t.Errorf("File = %q", src.File)
	}
}

// TestEveryField sets every field of the API once, of every Go kind
// (strings, bools, int32, int64, uint32, pointers, maps, lists, inline
// structs, an empty struct), and checks nothing is lost.
func TestEveryField(t *testing.T) {
	in := `apiVersion: vmfleet.dev/v1alpha1
kind: VMFleet
metadata:
  name: f
  namespace: ns
  labels: {team: a}
  annotations: {"example.com/note": "x: y"}
spec:
  gitops:
    repoURL: https://git/r
    targetRevision: v1.2
    path: p
    argoNamespace: argo
    project: proj
    applicationSet: as
    namespace: dest
    generator: placement
    delivery: plugin
    plugin: vmfleet-v2
    autoSync: false
  clusterSelector: {matchLabels: {virt: enabled}}
  clusterSets: [default, prod]
  virtualization:
    policyNamespace: pol
    remediationAction: inform
    policySet: set
    operator: {policy: op, channel: stable, source: src, sourceNamespace: mkt, namespace: cnv, upgradeApproval: None, versions: [kubevirt-hyperconverged-operator.v4.16.3]}
    hyperconverged:
      policy: hco
      commonBootImageImport: FALSE
      liveMigration: {parallelMigrationsPerCluster: 0x10, parallelOutboundMigrationsPerNode: 2, bandwidthPerMigration: 64Mi, completionTimeoutPerGiB: 9_223_372_036_854_775_807, progressTimeout: 0o17, network: migration}
  networks:
    - {name: n, namespace: ns, type: bridge, bridge: br0, vlan: 4094, mtu: 9000, cniVersion: 1.0.0, clusters: [a], ipam: {type: static, range: 10.0.0.0/8, gateway: 10.0.0.1, exclude: [10.0.0.0/24]}}
  observability:
    platformMetrics: true
    extraMetrics: [kubevirt_vmi_info]
    guestMetrics: {nodeExporter: True, port: 9100, interval: 1m}
  defaults: {storageClass: sc, accessMode: ReadWriteOnce, volumeMode: Block, runStrategy: Halted, evictionStrategy: None}
  clusters:
    - name: a
      storageClass: sc2
      accessMode: ReadWriteMany
      volumeMode: Filesystem
      evictionStrategy: LiveMigrate
      networks: {n: existing-nad}
      nodeSelector: {kubernetes.io/arch: amd64}
  vms:
    - name: v
      namespace: ns
      clusters: [a]
      instancetype: u1.large
      preference: rhel.9
      cpu: {cores: 4294967295, sockets: 1, threads: 2, model: host-model}
      memory: 8Gi
      disk: {size: 40Gi, source: {registry: {url: "docker://quay.io/containerdisks/fedora:41", secretRef: s, certConfigMap: c}}, storageClass: d}
      dataDisks:
        - {name: d1, size: 1Gi}
        - {name: d2, size: 2Gi, source: {blank: {}}, accessMode: ReadWriteOnce}
        - {name: d3, size: 3Gi, source: {http: {url: "https://x/y.qcow2"}}}
        - {name: d4, size: 4Gi, source: {s3: {url: "s3://b/k"}}}
        - {name: d5, size: 5Gi, source: {pvc: {name: p}}}
      cloudInit: {secretRef: s, networkDataSecretRef: nd, userData: "#cloud-config\n"}
      networks: [n]
      runStrategy: Always
      evictionStrategy: None
      nodeSelector: {zone: a}
      labels: {app: v}
      guestMetrics: false
      # a date is text for a string field
    - {name: w, namespace: ns, memory: 2024-01-01, disk: {size: 1Gi, source: {blank: {}}}}
`
	src, findings := Fleet("f.yaml", []byte(in))
	if len(findings) > 0 {
		t.Fatalf("findings:\n%v", findings)
	}
	want := &v1alpha1.VMFleet{
		APIVersion: "vmfleet.dev/v1alpha1",
		Kind:       "VMFleet",
		Metadata: v1alpha1.ObjectMeta{Name: "f", Namespace: "ns", Labels: map[string]string{"team": "a"},
			Annotations: map[string]string{"example.com/note": "x: y"}},
		Spec: v1alpha1.Spec{
			GitOps: v1alpha1.GitOps{RepoURL: "https://git/r", TargetRevision: "v1.2", Path: "p", ArgoNamespace: "argo", Project: "proj",
				ApplicationSet: "as", Namespace: "dest", Generator: "placement", Delivery: "plugin", Plugin: "vmfleet-v2", AutoSync: ptr(false)},
			ClusterSelector: v1alpha1.ClusterSelector{MatchLabels: map[string]string{"virt": "enabled"}},
			ClusterSets:     []string{"default", "prod"},
			Virtualization: v1alpha1.Virtualization{
				PolicyNamespace: "pol", RemediationAction: "inform", PolicySet: "set",
				Operator: v1alpha1.Operator{Policy: "op", Channel: "stable", Source: "src", SourceNamespace: "mkt", Namespace: "cnv",
					UpgradeApproval: "None", Versions: []string{"kubevirt-hyperconverged-operator.v4.16.3"}},
				HyperConverged: v1alpha1.HyperConverged{Policy: "hco", CommonBootImageImport: ptr(false),
					LiveMigration: v1alpha1.LiveMigration{ParallelMigrationsPerCluster: ptr[int32](16), ParallelOutboundMigrationsPerNode: ptr[int32](2),
						BandwidthPerMigration: "64Mi", CompletionTimeoutPerGiB: ptr[int64](9223372036854775807), ProgressTimeout: ptr[int64](15), Network: "migration"}},
			},
			Networks: []v1alpha1.Network{{Name: "n", Namespace: "ns", Type: "bridge", Bridge: "br0", VLAN: ptr[int32](4094), MTU: ptr[int32](9000),
				CNIVersion: "1.0.0", Clusters: []string{"a"},
				IPAM: &v1alpha1.IPAM{Type: "static", Range: "10.0.0.0/8", Gateway: "10.0.0.1", Exclude: []string{"10.0.0.0/24"}}}},
			Observability: v1alpha1.Observability{PlatformMetrics: ptr(true), ExtraMetrics: []string{"kubevirt_vmi_info"},
				GuestMetrics: v1alpha1.GuestMetrics{NodeExporter: true, Port: 9100, Interval: "1m"}},
			Defaults: v1alpha1.Defaults{Storage: v1alpha1.Storage{StorageClass: "sc", AccessMode: "ReadWriteOnce", VolumeMode: "Block"},
				RunStrategy: "Halted", EvictionStrategy: "None"},
			Clusters: []v1alpha1.Cluster{{Name: "a", Storage: v1alpha1.Storage{StorageClass: "sc2", AccessMode: "ReadWriteMany", VolumeMode: "Filesystem"},
				EvictionStrategy: "LiveMigrate", Networks: map[string]string{"n": "existing-nad"}, NodeSelector: map[string]string{"kubernetes.io/arch": "amd64"}}},
			VMs: []v1alpha1.VM{
				{
					Name: "v", Namespace: "ns", Clusters: []string{"a"}, Instancetype: "u1.large", Preference: "rhel.9",
					CPU:    &v1alpha1.CPU{Cores: 4294967295, Sockets: 1, Threads: 2, Model: "host-model"},
					Memory: "8Gi",
					Disk: v1alpha1.Disk{Size: "40Gi", Source: v1alpha1.DiskSource{Registry: &v1alpha1.URLSource{URL: "docker://quay.io/containerdisks/fedora:41", SecretRef: "s", CertConfigMap: "c"}},
						Storage: v1alpha1.Storage{StorageClass: "d"}},
					DataDisks: []v1alpha1.DataDisk{
						{Name: "d1", Size: "1Gi"},
						{Name: "d2", Size: "2Gi", Source: &v1alpha1.DiskSource{Blank: &v1alpha1.Blank{}}, Storage: v1alpha1.Storage{AccessMode: "ReadWriteOnce"}},
						{Name: "d3", Size: "3Gi", Source: &v1alpha1.DiskSource{HTTP: &v1alpha1.URLSource{URL: "https://x/y.qcow2"}}},
						{Name: "d4", Size: "4Gi", Source: &v1alpha1.DiskSource{S3: &v1alpha1.URLSource{URL: "s3://b/k"}}},
						{Name: "d5", Size: "5Gi", Source: &v1alpha1.DiskSource{PVC: &v1alpha1.ObjectRef{Name: "p"}}},
					},
					CloudInit:        &v1alpha1.CloudInit{SecretRef: "s", NetworkDataSecretRef: "nd", UserData: "#cloud-config\n"},
					Networks:         []string{"n"},
					RunStrategy:      "Always",
					EvictionStrategy: "None",
					NodeSelector:     map[string]string{"zone": "a"},
					Labels:           map[string]string{"app": "v"},
					GuestMetrics:     ptr(false),
				},
				{Name: "w", Namespace: "ns", Memory: "2024-01-01", Disk: v1alpha1.Disk{Size: "1Gi", Source: v1alpha1.DiskSource{Blank: &v1alpha1.Blank{}}}},
			},
		},
	}
	if diff := cmp.Diff(want, src.Fleet); diff != "" {
		t.Errorf("fleet (-want +got):\n%s", diff)
	}
}

// TestAliasesAndMerge: anchors, aliases and merge keys (<<) decode as in
// yaml: keys written in a mapping win over merged ones, earlier merged
// mappings over later ones; null fields are absent.
func TestAliasesAndMerge(t *testing.T) {
	in := header + `  defaults: {storageClass: null}
  clusters:
    - &base {name: base, storageClass: ceph, accessMode: ReadWriteMany, nodeSelector: &sel {zone: a}}
    - <<: *base
      name: b
    - <<: [{accessMode: ReadWriteOnce, volumeMode: Block}, *base]
      name: c
      nodeSelector: {<<: *sel, rack: r1}
    - {name: d, nodeSelector: *sel}
  vms:
    - &vm {name: v, namespace: ns, disk: {size: 1Gi, source: {blank: {}}}, clusters: [*name]}
    - *vm
`
	in = strings.Replace(in, "name: base", "name: &name base", 1)
	src, findings := Fleet("f.yaml", []byte(in))
	if len(findings) > 0 {
		t.Fatalf("findings:\n%v", findings)
	}
	rwx := v1alpha1.Storage{StorageClass: "ceph", AccessMode: "ReadWriteMany"}
	zone := map[string]string{"zone": "a"}
	wantClusters := []v1alpha1.Cluster{
		{Name: "base", Storage: rwx, NodeSelector: zone},
		{Name: "b", Storage: rwx, NodeSelector: zone},
		{Name: "c", Storage: v1alpha1.Storage{StorageClass: "ceph", AccessMode: "ReadWriteOnce", VolumeMode: "Block"}, NodeSelector: map[string]string{"zone": "a", "rack": "r1"}},
		{Name: "d", NodeSelector: zone},
	}
	if diff := cmp.Diff(wantClusters, src.Fleet.Spec.Clusters); diff != "" {
		t.Errorf("clusters (-want +got):\n%s", diff)
	}
	vm := v1alpha1.VM{Name: "v", Namespace: "ns", Clusters: []string{"base"}, Disk: v1alpha1.Disk{Size: "1Gi", Source: v1alpha1.DiskSource{Blank: &v1alpha1.Blank{}}}}
	if diff := cmp.Diff([]v1alpha1.VM{vm, vm}, src.Fleet.Spec.VMs); diff != "" {
		t.Errorf("vms (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(v1alpha1.Defaults{}, src.Fleet.Spec.Defaults); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
	// Two VMs from one anchor are two values, not one shared.
	src.Fleet.Spec.VMs[0].Clusters[0] = "changed"
	if src.Fleet.Spec.VMs[1].Clusters[0] != "base" {
		t.Errorf("aliased values share memory")
	}
	for path, line := range map[string]int{
		// What an alias or a merge key brings is found at the alias or
		// merge: the place that put it there.
		"spec.clusters[1].storageClass":      10,
		"spec.clusters[1].name":              11, // written in the mapping
		"spec.clusters[2].nodeSelector":      14,
		"spec.clusters[2].nodeSelector.rack": 14,
		"spec.clusters[2].nodeSelector.zone": 14,
		"spec.clusters[3].nodeSelector":      15,
		"spec.clusters[3].nodeSelector.zone": 15,
		"spec.vms[1]":                        18,
		"spec.vms[1].disk.source.blank":      18,
		"spec.vms[0].disk.source.blank":      17,
	} {
		if got := src.Line(path); got != line {
			t.Errorf("Line(%q) = %d, want %d", path, got, line)
		}
	}
}

func errAt(line int, path, rule, msg string) diag.Finding {
	return diag.Finding{Severity: diag.Error, Path: path, File: "fleet.yaml", Line: line, Message: msg, Rule: rule}
}

// findingCases cover each class of finding; FuzzFleet uses their inputs as seeds.
var findingCases = []struct {
	name string
	in   string
	want diag.List
}{
	{
		name: "unknown field with a suggestion",
		in:   header + "  clusters:\n    - name: a\n      storgeClass: x\n",
		want: diag.List{errAt(9, "spec.clusters[0].storgeClass", RuleUnknownField, `unknown field "storgeClass"; did you mean "storageClass"?`)},
	},
	{
		name: "unknown field differing in case, swapped letters, or far from any",
		in:   header + clusters + "  vms:\n    - name: v\n      namespace: n\n      instanceType: u1.large\n      disk: {szie: 1Gi, source: {blank: {}}}\n      colour: red\n",
		want: diag.List{
			errAt(12, "spec.vms[0].instanceType", RuleUnknownField, `unknown field "instanceType"; did you mean "instancetype"?`),
			errAt(13, "spec.vms[0].disk.szie", RuleUnknownField, `unknown field "szie"; did you mean "size"?`),
			errAt(14, "spec.vms[0].colour", RuleUnknownField, `unknown field "colour"`),
		},
	},
	{
		name: "integer as a word",
		in:   header + clusters + "  vms:\n    - {name: v, namespace: n, cpu: {cores: four}, disk: {size: 1Gi, source: {blank: {}}}}\n",
		want: diag.List{errAt(10, "spec.vms[0].cpu.cores", RuleType, `expected an integer, found string "four"`)},
	},
	{
		name: "list expected",
		in:   header + "  clusters: {name: a}\n",
		want: diag.List{errAt(7, "spec.clusters", RuleType, "expected a list, found a mapping")},
	},
	{
		name: "mapping expected",
		in:   header + clusters + "  vms:\n    - [a]\n    - a\n",
		want: diag.List{
			errAt(10, "spec.vms[0]", RuleType, "expected a mapping, found a list"),
			errAt(11, "spec.vms[1]", RuleType, `expected a mapping, found string "a"`),
		},
	},
	{
		name: "string expected",
		in:   header + "  clusters:\n    - {name: 42, storageClass: 1.5, accessMode: true, volumeMode: [x]}\n",
		want: diag.List{
			errAt(8, "spec.clusters[0].accessMode", RuleType, "expected a string, found boolean true (put it in quotes to make it a string)"),
			errAt(8, "spec.clusters[0].name", RuleType, "expected a string, found integer 42 (put it in quotes to make it a string)"),
			errAt(8, "spec.clusters[0].storageClass", RuleType, "expected a string, found number 1.5 (put it in quotes to make it a string)"),
			errAt(8, "spec.clusters[0].volumeMode", RuleType, "expected a string, found a list"),
		},
	},
	{
		name: "booleans are true or false",
		in:   header + clusters + "  observability:\n    platformMetrics: yes\n    guestMetrics: {nodeExporter: \"true\"}\n  virtualization: {hyperconverged: {commonBootImageImport: 1}}\n",
		want: diag.List{
			errAt(10, "spec.observability.platformMetrics", RuleType, `expected a boolean (true or false), found string "yes"`),
			errAt(11, "spec.observability.guestMetrics.nodeExporter", RuleType, `expected a boolean (true or false), found string "true"`),
			errAt(12, "spec.virtualization.hyperconverged.commonBootImageImport", RuleType, "expected a boolean (true or false), found integer 1"),
		},
	},
	{
		name: "integers out of range",
		in: header + clusters + `  networks:
    - {name: n, namespace: ns, bridge: b, vlan: 99999999999, mtu: -2147483649}
    - {name: n, namespace: ns, bridge: b, vlan: 2147483647, mtu: -2147483648}
  observability: {guestMetrics: {port: 99999999999999999999999}}
  virtualization: {hyperconverged: {liveMigration: {progressTimeout: 9223372036854775808, completionTimeoutPerGiB: -9223372036854775809}}}
  vms:
    - {name: v, namespace: n, cpu: {cores: -1, sockets: 4294967296, threads: 1.5}, disk: {size: 1Gi, source: {blank: {}}}}
`,
		want: diag.List{
			errAt(10, "spec.networks[0].mtu", RuleType, "value -2147483649 is out of range (min -2147483648)"),
			errAt(10, "spec.networks[0].vlan", RuleType, "value 99999999999 is out of range (max 2147483647)"),
			errAt(12, "spec.observability.guestMetrics.port", RuleType, "value 99999999999999999999999 is out of range (max 2147483647)"),
			errAt(13, "spec.virtualization.hyperconverged.liveMigration.completionTimeoutPerGiB", RuleType, "value -9223372036854775809 is out of range (min -9223372036854775808)"),
			errAt(13, "spec.virtualization.hyperconverged.liveMigration.progressTimeout", RuleType, "value 9223372036854775808 is out of range (max 9223372036854775807)"),
			errAt(15, "spec.vms[0].cpu.cores", RuleType, "value -1 is out of range (min 0)"),
			errAt(15, "spec.vms[0].cpu.sockets", RuleType, "value 4294967296 is out of range (max 4294967295)"),
			errAt(15, "spec.vms[0].cpu.threads", RuleType, "expected an integer, found number 1.5"),
		},
	},
	{
		name: "integer with a leading zero",
		in:   header + clusters + "  networks:\n    - {name: n, namespace: ns, bridge: b, vlan: 0142, mtu: 09000}\n",
		want: diag.List{
			errAt(10, "spec.networks[0].mtu", RuleType, "ambiguous integer 09000: a leading zero makes it octal in yaml 1.1; write it without the zero, or with 0o for octal"),
			errAt(10, "spec.networks[0].vlan", RuleType, "ambiguous integer 0142: a leading zero makes it octal in yaml 1.1; write it without the zero, or with 0o for octal"),
		},
	},
	{
		name: "missing required fields, null is absent",
		in: `apiVersion: vmfleet.dev/v1alpha1
kind: VMFleet
metadata: {namespace: x}
spec:
  gitops:
    repoURL: ~
  clusters:
    - storageClass: x
  vms:
    - name: v
      namespace: n
      cpu: {}
      disk:
        source: {dataSource: {namespace: x}}
`,
		want: diag.List{
			errAt(3, "metadata", RuleRequired, `missing required field "name"`),
			errAt(5, "spec.gitops", RuleRequired, `missing required field "path"`),
			errAt(5, "spec.gitops", RuleRequired, `missing required field "repoURL"`),
			errAt(8, "spec.clusters[0]", RuleRequired, `missing required field "name"`),
			errAt(12, "spec.vms[0].cpu", RuleRequired, `missing required field "cores"`),
			errAt(14, "spec.vms[0].disk.source.dataSource", RuleRequired, `missing required field "name"`),
		},
	},
	{
		name: "missing top-level fields",
		in:   "metadata: {name: x}\n",
		want: diag.List{
			errAt(1, "", RuleRequired, `missing required field "apiVersion"`),
			errAt(1, "", RuleRequired, `missing required field "kind"`),
			errAt(1, "", RuleRequired, `missing required field "spec"`),
		},
	},
	{
		name: "null items and values",
		in:   header + "  clusters:\n    -\n    - name: a\n      nodeSelector: {zone: }\n  clusterSets: [a, null]\n",
		want: diag.List{
			errAt(8, "spec.clusters[0]", RuleType, "expected a mapping, found null"),
			errAt(10, `spec.clusters[1].nodeSelector.zone`, RuleType, "expected a string, found null"),
			errAt(11, "spec.clusterSets[1]", RuleType, "expected a string, found null"),
		},
	},
	{
		name: "duplicate keys",
		in: header + `  clusters:
    - name: a
      nodeSelector:
        zone: a
        "kubernetes.io/arch": amd64
        zone: b
        kubernetes.io/arch: arm64
      name: b
  clusters: []
`,
		want: diag.List{
			errAt(12, "spec.clusters[0].nodeSelector.zone", RuleDuplicateKey, `duplicate key "zone" (first at line 10)`),
			errAt(13, `spec.clusters[0].nodeSelector["kubernetes.io/arch"]`, RuleDuplicateKey, `duplicate key "kubernetes.io/arch" (first at line 11)`),
			errAt(14, "spec.clusters[0].name", RuleDuplicateKey, `duplicate key "name" (first at line 8)`),
			errAt(15, "spec.clusters", RuleDuplicateKey, `duplicate key "clusters" (first at line 7)`),
		},
	},
	{
		name: "bad keys",
		in:   header + clusters + "  ? [a]\n  : b\n  ~: c\n",
		want: diag.List{
			errAt(9, "spec", RuleType, "expected a key, found a list"),
			errAt(11, "spec", RuleType, "expected a key, found null"),
		},
	},
	{
		name: "bad merge",
		in:   header + "  clusters:\n    - <<: [a]\n      name: a\n    - <<: 5\n      name: b\n",
		want: diag.List{
			errAt(8, "spec.clusters[0]", RuleType, `a merge key (<<) needs a mapping or a list of mappings, found a list holding string "a"`),
			errAt(10, "spec.clusters[1]", RuleType, "a merge key (<<) needs a mapping or a list of mappings, found integer 5"),
		},
	},
	{
		name: "merge cycle",
		in:   header + "  clusters:\n    - &a {name: a, nodeSelector: &s {<<: *s}}\n",
		want: diag.List{errAt(8, "spec.clusters[0].nodeSelector", RuleAlias, "alias *s refers to a value that contains it")},
	},
	{
		name: "unsupported tag",
		in:   header + "  clusters:\n    - {name: !secret a, storageClass: !!binary aGk=}\n",
		want: diag.List{
			errAt(8, "spec.clusters[0].name", RuleType, "expected a string, found a value tagged !secret"),
			errAt(8, "spec.clusters[0].storageClass", RuleType, "expected a string, found binary data"),
		},
	},
	{
		name: "empty file",
		in:   "",
		want: diag.List{errAt(0, "", RuleEmpty, "the file is empty: expected a VMFleet")},
	},
	{
		name: "only comments and empty documents",
		in:   "# nothing here\n---\n# still nothing\n---\n~\n...\n",
		want: diag.List{errAt(0, "", RuleEmpty, "the file is empty: expected a VMFleet")},
	},
	{
		name: "several documents",
		in:   header + clusters + "---\n---\napiVersion: v1\nkind: ConfigMap\n---\n# comment\nkind: VMFleet\n",
		want: diag.List{errAt(10, "", RuleDocuments, "the file has 3 yaml documents (at lines 1, 10 and 13): expected exactly one VMFleet")},
	},
	{
		name: "wrong apiVersion and kind",
		in:   "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: 1}\n",
		want: diag.List{
			errAt(1, "apiVersion", RuleAPIVersion, `found apiVersion "apps/v1", expected "vmfleet.dev/v1alpha1"`),
			errAt(2, "kind", RuleKind, `found kind "Deployment", expected "VMFleet"`),
		},
	},
	{
		name: "apiVersion of another version",
		in:   strings.Replace(header+clusters, "v1alpha1", "v1beta1", 1),
		want: diag.List{errAt(1, "apiVersion", RuleAPIVersion, `found apiVersion "vmfleet.dev/v1beta1", expected "vmfleet.dev/v1alpha1"`)},
	},
	{
		name: "top level is a list",
		in:   "- apiVersion: vmfleet.dev/v1alpha1\n  kind: VMFleet\n",
		want: diag.List{errAt(1, "", RuleType, "expected a VMFleet mapping at the top level, found a list")},
	},
	{
		name: "top level is a string",
		in:   "VMFleet\n",
		want: diag.List{errAt(1, "", RuleType, `expected a VMFleet mapping at the top level, found string "VMFleet"`)},
	},
	{
		name: "malformed yaml: bad indentation",
		in:   header + "  clusters:\n    - name: a\n   storageClass: b\n",
		want: diag.List{errAt(9, "", RuleSyntax, "invalid yaml: did not find expected key")},
	},
	{
		name: "malformed yaml far below the start of its mapping",
		in:   header + "  clusters:\n" + strings.Repeat("    - name: a\n", 100) + "   - name: b\n",
		want: diag.List{errAt(108, "", RuleSyntax, "invalid yaml: did not find expected key")},
	},
	{
		name: "malformed yaml on the first line",
		in:   "apiVersion: a: b\n",
		want: diag.List{errAt(1, "", RuleSyntax, "invalid yaml: mapping values are not allowed in this context")},
	},
	{
		name: "malformed yaml: a tab",
		in:   header + "  clusters:\n\t- name: a\n",
		want: diag.List{errAt(8, "", RuleSyntax, "invalid yaml: found character that cannot start any token")},
	},
	{
		name: "malformed yaml: unclosed flow",
		in:   header + "  clusters: [{name: a}\n",
		want: diag.List{errAt(8, "", RuleSyntax, "invalid yaml: did not find expected ',' or ']'")},
	},
	{
		name: "unknown anchor",
		in:   header + "  clusters:\n    - name: a\n      nodeSelector: *missing\n",
		want: diag.List{errAt(9, "", RuleSyntax, "invalid yaml: unknown anchor 'missing' referenced")},
	},
	{
		name: "nul byte",
		in:   header + "  clusters:\n    - name: a\x00\n",
		want: diag.List{errAt(8, "", RuleEncoding, "the file contains a nul byte at line 8: a fleet file must be utf-8 text")},
	},
	{
		name: "invalid utf-8",
		in:   header + "  clusters:\n    - name: caf\xe9\n",
		want: diag.List{errAt(8, "", RuleEncoding, "the file is not valid utf-8 text: invalid byte 0xe9 at line 8")},
	},
}

func TestFindings(t *testing.T) {
	for _, tc := range findingCases {
		t.Run(tc.name, func(t *testing.T) {
			src, got := Fleet("fleet.yaml", []byte(tc.in))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			if src != nil {
				t.Errorf("got a source with findings")
			}
		})
	}
}

// TestFindingsCapped: past MaxFindings, the least findings are kept and one
// more says how many were left out.
func TestFindingsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString(header + "  clusters:\n")
	for i := range 120 {
		fmt.Fprintf(&b, "    - {name: c%d, storgeClass: x}\n", i)
	}
	_, got := Fleet("fleet.yaml", []byte(b.String()))
	if len(got) != MaxFindings+1 {
		t.Fatalf("got %d findings, want %d", len(got), MaxFindings+1)
	}
	// The 50 first by line, then the summary at the first dropped one.
	if diff := cmp.Diff(errAt(57, "spec.clusters[49].storgeClass", RuleUnknownField, `unknown field "storgeClass"; did you mean "storageClass"?`), got[MaxFindings-1]); diff != "" {
		t.Errorf("last kept (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(errAt(58, "spec.clusters[50].storgeClass", RuleTooMany, "… and 70 more"), got[MaxFindings]); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	sorted := append(diag.List(nil), got...)
	sorted.Sort()
	if diff := cmp.Diff(got, sorted); diff != "" {
		t.Errorf("not sorted (-got +sorted):\n%s", diff)
	}
}

func TestLine(t *testing.T) {
	in := header + `  clusters:
    - name: a
      nodeSelector:
        kubernetes.io/arch: amd64
        "a\"b[\"c\"]": x
        plain_key-1: y
  vms:
    - name: v
      namespace: n
      disk:
        size: 1Gi
        source:
          dataSource: {name: rhel9}
      networks:
        - one
        - two
`
	src, findings := Fleet("f.yaml", []byte(in))
	if len(findings) > 0 {
		t.Fatalf("findings:\n%v", findings)
	}
	for _, tc := range []struct {
		path string
		line int
	}{
		{"", 1},
		{"apiVersion", 1},
		{"metadata.name", 4},
		{"spec", 5},
		{"spec.gitops.path", 6},
		{"spec.clusters", 7},
		{"spec.clusters[0]", 8},
		{"spec.clusters[0].name", 8},
		{`spec.clusters[0].nodeSelector["kubernetes.io/arch"]`, 10},
		{`spec.clusters[0].nodeSelector["a\"b[\"c\"]"]`, 11},
		{`spec.clusters[0].nodeSelector.plain_key-1`, 12},
		{"spec.vms[0].disk.source", 18},
		{"spec.vms[0].disk.source.dataSource.name", 19},
		{"spec.vms[0].networks[1]", 22},
		// Nearest ancestor for what is not in the file.
		{"spec.vms[0].disk.storageClass", 16},
		{`spec.clusters[0].nodeSelector["nope"]`, 9},
		{`spec.clusters[0].nodeSelector.kubernetes.io/arch`, 9},
		{"spec.vms[7].name", 13},
		{"spec.defaults", 5},
		{"nothing.here", 1},
	} {
		if got := src.Line(tc.path); got != tc.line {
			t.Errorf("Line(%q) = %d, want %d", tc.path, got, tc.line)
		}
	}

	l := diag.List{
		{Severity: diag.Warning, Path: "spec.vms[0].networks[0]", Message: "w"},
		{Severity: diag.Error, Path: "spec.vms[0]", File: "other.yaml", Line: 3, Message: "e"},
	}
	src.Locate(l)
	want := diag.List{
		{Severity: diag.Warning, Path: "spec.vms[0].networks[0]", File: "f.yaml", Line: 21, Message: "w"},
		{Severity: diag.Error, Path: "spec.vms[0]", File: "other.yaml", Line: 3, Message: "e"},
	}
	if diff := cmp.Diff(want, l); diff != "" {
		t.Errorf("Locate (-want +got):\n%s", diff)
	}
	var none *Source
	if none.Line("spec") != 0 {
		t.Errorf("nil source has lines")
	}
}

func TestPaths(t *testing.T) {
	for _, tc := range []struct{ parent, key, want string }{
		{"", "spec", "spec"},
		{"spec", "vms", "spec.vms"},
		{"a.nodeSelector", "kubernetes.io/arch", `a.nodeSelector["kubernetes.io/arch"]`},
		{"a", `x"y`, `a["x\"y"]`},
		{"a", "", `a[""]`},
		{"a", "under_score-dash9", "a.under_score-dash9"},
		{"a", "ünï", `a["ünï"]`},
	} {
		got := FieldPath(tc.parent, tc.key)
		if got != tc.want {
			t.Errorf("FieldPath(%q, %q) = %q, want %q", tc.parent, tc.key, got, tc.want)
		}
		if p := parentPath(got); p != tc.parent {
			t.Errorf("parentPath(%q) = %q, want %q", got, p, tc.parent)
		}
	}
	if got := IndexPath("spec.vms", 2); got != "spec.vms[2]" {
		t.Errorf("IndexPath = %q", got)
	}
	for _, p := range []string{`a["`, `"]`, `]`, `a[`, `.`, `x.`, `["]`, `a[1]]`} {
		if q := parentPath(p); len(q) >= len(p) {
			t.Errorf("parentPath(%q) = %q, not shorter", p, q)
		}
	}
}

func TestSuggest(t *testing.T) {
	names := []string{"name", "size", "source", "storageClass", "accessMode", "volumeMode"}
	for key, want := range map[string]string{
		"storgeClass":  "storageClass",
		"StorageClass": "storageClass",
		"sise":         "size",
		"szie":         "size",
		"naem":         "name",
		"srouce":       "source",
		"acessMode":    "accessMode",
		"colour":       "",
		"x":            "",
		"zone":         "",
		"":             "",
	} {
		if got := suggest(key, names); got != want {
			t.Errorf("suggest(%q) = %q, want %q", key, got, want)
		}
	}
}

// TestStructInfo checks the json tags are read as the API means them, and
// that no struct has more than 64 fields (the walk tracks fields in a uint64).
func TestStructInfo(t *testing.T) {
	required := map[string][]string{}
	var walk func(rt reflect.Type)
	walk = func(rt reflect.Type) {
		for rt.Kind() == reflect.Pointer || rt.Kind() == reflect.Slice || rt.Kind() == reflect.Map {
			rt = rt.Elem()
		}
		if rt.Kind() != reflect.Struct {
			return
		}
		if _, done := required[rt.Name()]; done {
			return
		}
		si := structInfoOf(rt)
		if len(si.fields) > 64 {
			t.Errorf("%s has %d fields", rt, len(si.fields))
		}
		required[rt.Name()] = []string{}
		for _, f := range si.fields {
			if f.required {
				required[rt.Name()] = append(required[rt.Name()], f.name)
			}
			walk(rt.FieldByIndex(f.index).Type)
		}
	}
	walk(reflect.TypeOf(v1alpha1.VMFleet{}))
	want := map[string][]string{
		"VMFleet":            {"apiVersion", "kind", "metadata", "spec"},
		"ObjectMeta":         {"name"},
		"Spec":               {"gitops", "clusters"},
		"GitOps":             {"repoURL", "path"},
		"ClusterSelector":    {},
		"Virtualization":     {},
		"Operator":           {},
		"HyperConverged":     {},
		"LiveMigration":      {},
		"Network":            {"name"},
		"IPAM":               {"type"},
		"Observability":      {},
		"GuestMetrics":       {},
		"Defaults":           {},
		"Cluster":            {"name"},
		"ClusterBridge":      {},
		"StaticAddress":      {"network"},
		"VM":                 {"name", "namespace", "disk"},
		"CPU":                {"cores"},
		"Disk":               {"source"},
		"ContainerDisk":      {"image"},
		"Sysprep":            {},
		"VMOverride":         {},
		"DiskSource":         {},
		"ObjectRef":          {"name"},
		"URLSource":          {"url"},
		"Blank":              {},
		"DataDisk":           {"name", "size"},
		"CloudInit":          {},
		"Dependencies":       {},
		"OperatorGroup":      {"name"},
		"SubscriptionConfig": {},
		"Toleration":         {},
	}
	if diff := cmp.Diff(want, required); diff != "" {
		t.Errorf("required fields (-want +got):\n%s", diff)
	}
	// Inline structs are flattened: Disk has storageClass, not Storage.
	si := structInfoOf(reflect.TypeOf(v1alpha1.Disk{}))
	if diff := cmp.Diff([]string{"size", "source", "storageClass", "accessMode", "volumeMode"}, si.names); diff != "" {
		t.Errorf("Disk fields (-want +got):\n%s", diff)
	}
}

func TestHugeKey(t *testing.T) {
	key := strings.Repeat("k", 1<<20)
	// A simple key is at most 1024 characters; an explicit one (?) is not.
	_, got := Fleet("fleet.yaml", []byte(header+clusters+"  ? "+key+"\n  : x\n"))
	if len(got) != 1 || len(got[0].Path) > maxPath+len("…") || len(got[0].Message) > maxMessage+len("…") {
		t.Fatalf("findings: %d, path %d bytes, message %d bytes", len(got), len(got[0].Path), len(got[0].Message))
	}
	want := `unknown field "` + strings.Repeat("k", maxShown) + `"…`
	if got[0].Message != want {
		t.Errorf("message = %q", got[0].Message)
	}
}
