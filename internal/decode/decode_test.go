package decode

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
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
    - {name: w, namespace: ns, instancetype: 2024-01-01, disk: {size: 1Gi, source: {blank: {}}}}
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
				{Name: "w", Namespace: "ns", Instancetype: "2024-01-01", Disk: v1alpha1.Disk{Size: "1Gi", Source: v1alpha1.DiskSource{Blank: &v1alpha1.Blank{}}}},
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
	for path, line := range map[diag.Path]int{
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
		path diag.Path
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
