package decode

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/diag"
)

// genFleet writes a realistic fleet of n clusters and m VMs.
func genFleet(n, m int) []byte {
	var b bytes.Buffer
	b.WriteString(`apiVersion: vmfleet.dev/v1alpha1
kind: VMFleet
metadata:
  name: tenant-app-vm
  labels: {team: app-team}
spec:
  gitops:
    repoURL: https://gitlab.lab/platform/platform-gitops
    path: tenants/app-team/vms
  clusterSelector:
    matchLabels: {virt: enabled, tenant: app-team}
  virtualization:
    operator: {channel: stable, upgradeApproval: Automatic}
    hyperconverged:
      commonBootImageImport: true
      liveMigration: {parallelMigrationsPerCluster: 5, parallelOutboundMigrationsPerNode: 2, bandwidthPerMigration: 1Gi}
  networks:
    - {name: payments-vlan, namespace: tenant-payments, bridge: br-payments, vlan: 142, ipam: {type: whereabouts, range: 10.42.0.0/24}}
  observability:
    guestMetrics: {nodeExporter: true}
  defaults:
    storageClass: ocs-storagecluster-ceph-rbd
    accessMode: ReadWriteMany
  clusters:
`)
	for i := range n {
		fmt.Fprintf(&b, `    - name: spoke-dc-%04d
      storageClass: ocs-storagecluster-ceph-rbd
      accessMode: ReadWriteMany
      nodeSelector: {kubernetes.io/arch: amd64, topology.kubernetes.io/zone: zone-%d}
      networks: {payments-vlan: payments-vlan-nad}
`, i, i%3)
	}
	b.WriteString("  vms:\n")
	for i := range m {
		fmt.Fprintf(&b, `    - name: rhel9-app-%02d
      namespace: tenant-app
      clusters: [spoke-dc-%04d, spoke-dc-%04d]
      cpu: {cores: 4, sockets: 1, threads: 1}
      memory: 8Gi
      disk:
        size: 40Gi
        source: {dataSource: {name: rhel9, namespace: openshift-virtualization-os-images}}
      dataDisks:
        - {name: data, size: 100Gi}
      cloudInit: {secretRef: rhel9-app-cloudinit}
      networks: [payments-vlan]
      labels: {app: rhel9-app, tier: backend}
`, i, i%max(n, 1), (i+1)%max(n, 1))
	}
	return b.Bytes()
}

func TestGeneratedFleet(t *testing.T) {
	src, findings := Fleet("big.yaml", genFleet(3500, 20))
	if len(findings) > 0 {
		t.Fatalf("findings:\n%v", findings)
	}
	if got := len(src.Fleet.Spec.Clusters); got != 3500 {
		t.Errorf("clusters = %d", got)
	}
	if got := src.Fleet.Spec.Clusters[3499].NodeSelector["topology.kubernetes.io/zone"]; got != "zone-1" {
		t.Errorf("zone = %q", got)
	}
	// header 24 lines, 5 per cluster, 13 per VM.
	if got := src.Line("spec.vms[19].labels.tier"); got != 24+5*3500+1+13*19+13 {
		t.Errorf("Line = %d", got)
	}
}

// hostile runs Fleet on input that must end in the findings want.
func hostile(t *testing.T, in []byte, want diag.List) {
	t.Helper()
	src, got := Fleet("fleet.yaml", in)
	if src != nil {
		t.Fatalf("got a fleet")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestAliasBomb(t *testing.T) {
	// The classic billion laughs, as the list of clusters: expanding it
	// stops at the first item that is not a cluster.
	lol := header + `  clusters: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
`
	lol = strings.Replace(lol, "spec:\n", `spec:
  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
`, 1)
	var want diag.List
	for i, name := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		want = append(want, errAt(6+i, diag.Path("spec."+name), diag.RuleUnknownField, fmt.Sprintf("unknown field %q", name)))
	}
	for i := range 9 {
		want = append(want, errAt(15, diag.Path(fmt.Sprintf("spec.clusters[%d]", i)), diag.RuleType, "expected a mapping, found a list"))
	}
	hostile(t, []byte(lol), want)

	// The same with merge keys, which the walk must expand: each level
	// merges nine copies of the one below, 9^8 keys in all.
	merge := header + `  clusters:
    - &a {name: a, nodeSelector: &s0 {k: v}}
    - {name: b, nodeSelector: &s1 {<<: [*s0, *s0, *s0, *s0, *s0, *s0, *s0, *s0, *s0]}}
    - {name: c, nodeSelector: &s2 {<<: [*s1, *s1, *s1, *s1, *s1, *s1, *s1, *s1, *s1]}}
    - {name: d, nodeSelector: &s3 {<<: [*s2, *s2, *s2, *s2, *s2, *s2, *s2, *s2, *s2]}}
    - {name: e, nodeSelector: &s4 {<<: [*s3, *s3, *s3, *s3, *s3, *s3, *s3, *s3, *s3]}}
    - {name: f, nodeSelector: &s5 {<<: [*s4, *s4, *s4, *s4, *s4, *s4, *s4, *s4, *s4]}}
    - {name: g, nodeSelector: &s6 {<<: [*s5, *s5, *s5, *s5, *s5, *s5, *s5, *s5, *s5]}}
    - {name: h, nodeSelector: &s7 {<<: [*s6, *s6, *s6, *s6, *s6, *s6, *s6, *s6, *s6]}}
    - {name: i, nodeSelector: &s8 {<<: [*s7, *s7, *s7, *s7, *s7, *s7, *s7, *s7, *s7]}}
`
	hostile(t, []byte(merge), diag.List{
		errAt(14, "spec.clusters[6].nodeSelector", diag.RuleLimit, "the fleet is too large: more than 1000000 yaml nodes to decode, counting the content of an alias at each use"),
	})
}

// TestAliasWide: aliases that each bring many values, all of the right type,
// up to the node budget.
func TestAliasWide(t *testing.T) {
	var b strings.Builder
	b.WriteString(header + clusters + "  vms:\n    - &v {name: v, namespace: n, disk: {size: 1Gi, source: {blank: {}}}, labels: {")
	for i := range 2000 {
		fmt.Fprintf(&b, "k%d: v, ", i)
	}
	b.WriteString("}}\n")
	for range 1000 {
		b.WriteString("    - *v\n")
	}
	_, got := Fleet("fleet.yaml", []byte(b.String()))
	if len(got) != 1 || got[0].Rule != diag.RuleLimit {
		t.Errorf("findings:\n%v", got)
	}
}

func TestHugeInput(t *testing.T) {
	in := genFleet(1, 1)
	in = append(in, bytes.Repeat([]byte("# padding padding padding padding padding padding\n"), 50<<20/50)...)
	hostile(t, in, diag.List{
		errAt(0, "", diag.RuleLimit, fmt.Sprintf("the file is %d bytes, over the limit of 8388608 bytes (8 MiB): "+splitFleet, len(in))),
	})
}

func TestDenseInput(t *testing.T) {
	in := append([]byte("["), bytes.Repeat([]byte("a,"), (MaxSize-2)/2)...)
	in = append(in, ']')
	hostile(t, in, diag.List{
		errAt(0, "", diag.RuleLimit, "the file has too many yaml values: about 4194305, over the limit of 250000 (about 5,000 VMs of 45 values each): split it into several fleets on one hub, each a file of its own (one owns the virtualization baseline, the others name that fleet in spec.virtualization.managedBy), or give identical VMs one entry with replicas"),
	})
}

func TestDeepNesting(t *testing.T) {
	// 10,000 levels: the parser takes them; the walk stops at the first
	// level that does not fit the VMFleet type.
	deep := header + "  clusters: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n"
	hostile(t, []byte(deep), diag.List{
		errAt(7, "spec.clusters[0]", diag.RuleType, "expected a mapping, found a list"),
	})
	deepMap := header + clusters + "  defaults: " + strings.Repeat("{a: ", 10000) + "b" + strings.Repeat("}", 10000) + "\n"
	hostile(t, []byte(deepMap), diag.List{
		errAt(9, "spec.defaults.a", diag.RuleUnknownField, `unknown field "a"`),
	})
	// Beyond 10,000 levels the parser stops.
	deeper := header + "  clusters: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n"
	hostile(t, []byte(deeper), diag.List{
		errAt(7, "", diag.RuleSyntax, "invalid yaml: exceeded max depth of 10000"),
	})
	blockDeep := header + "  clusters:\n    " + strings.Repeat("- ", 12000) + "a\n"
	_, got := Fleet("fleet.yaml", []byte(blockDeep))
	if len(got) != 1 || got[0].Rule != diag.RuleSyntax {
		t.Errorf("findings:\n%v", got)
	}
}

// TestMergeChain: merge keys that chain deeper than MaxDepth.
func TestMergeChain(t *testing.T) {
	var b strings.Builder
	b.WriteString(header + "  clusters:\n    - &c0 {name: c0}\n")
	for i := 1; i < 150; i++ {
		fmt.Fprintf(&b, "    - &c%d {<<: *c%d}\n", i, i-1)
	}
	_, got := Fleet("fleet.yaml", []byte(b.String()))
	want := errAt(105, "spec.clusters[97]", diag.RuleLimit, "the fleet is nested too deeply: more than 100 levels, counting aliases and merge keys")
	if len(got) != 1 {
		t.Fatalf("findings:\n%v", got)
	}
	if diff := cmp.Diff(want, got[0]); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestNulByte(t *testing.T) {
	in := genFleet(100, 2)
	in[len(in)/2] = 0
	_, got := Fleet("fleet.yaml", in)
	if len(got) != 1 || got[0].Rule != diag.RuleEncoding || !strings.Contains(got[0].Message, "nul byte") {
		t.Errorf("findings:\n%v", got)
	}
	// UTF-16 text has nul bytes too.
	hostile(t, []byte("\xff\xfea\x00:\x00 \x00b\x00"), diag.List{
		errAt(1, "", diag.RuleEncoding, "the file contains a nul byte at line 1: a fleet file must be utf-8 text"),
	})
}

// TestConcurrent decodes from several goroutines (run with -race).
func TestConcurrent(t *testing.T) {
	data := genFleet(50, 5)
	done := make(chan diag.List)
	for range 8 {
		go func() {
			_, l := Fleet("f.yaml", data)
			done <- l
		}()
	}
	for range 8 {
		if l := <-done; len(l) > 0 {
			t.Error(l)
		}
	}
}
