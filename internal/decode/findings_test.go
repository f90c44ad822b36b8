package decode

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/diag"
)

func errAt(line int, path diag.Path, rule diag.Rule, msg string) diag.Finding {
	return diag.Finding{Severity: diag.Error, Path: path, File: "fleet.yaml", Line: line, Message: msg, Rule: rule}
}

// syntaxAt is a yaml syntax error at line and column.
func syntaxAt(line, col int, msg string) diag.Finding {
	f := errAt(line, "", diag.RuleSyntax, "invalid yaml: "+msg)
	f.Column = col
	return f
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
		want: diag.List{errAt(9, "spec.clusters[0].storgeClass", diag.RuleUnknownField, `unknown field "storgeClass"; did you mean "storageClass"?`)},
	},
	{
		name: "unknown field differing in case, swapped letters, or far from any",
		in:   header + clusters + "  vms:\n    - name: v\n      namespace: n\n      instanceType: u1.large\n      disk: {szie: 1Gi, source: {blank: {}}}\n      colour: red\n",
		want: diag.List{
			errAt(12, "spec.vms[0].instanceType", diag.RuleUnknownField, `unknown field "instanceType"; did you mean "instancetype"?`),
			errAt(13, "spec.vms[0].disk.szie", diag.RuleUnknownField, `unknown field "szie"; did you mean "size"?`),
			errAt(14, "spec.vms[0].colour", diag.RuleUnknownField, `unknown field "colour"`),
		},
	},
	{
		name: "integer as a word",
		in:   header + clusters + "  vms:\n    - {name: v, namespace: n, cpu: {cores: four}, disk: {size: 1Gi, source: {blank: {}}}}\n",
		want: diag.List{errAt(10, "spec.vms[0].cpu.cores", diag.RuleType, `expected an integer, found string "four"`)},
	},
	{
		name: "list expected",
		in:   header + "  clusters: {name: a}\n",
		want: diag.List{errAt(7, "spec.clusters", diag.RuleType, "expected a list, found a mapping")},
	},
	{
		name: "mapping expected",
		in:   header + clusters + "  vms:\n    - [a]\n    - a\n",
		want: diag.List{
			errAt(10, "spec.vms[0]", diag.RuleType, "expected a mapping, found a list"),
			errAt(11, "spec.vms[1]", diag.RuleType, `expected a mapping, found string "a"`),
		},
	},
	{
		name: "string expected",
		in:   header + "  clusters:\n    - {name: 42, storageClass: 1.5, accessMode: true, volumeMode: [x]}\n",
		want: diag.List{
			errAt(8, "spec.clusters[0].accessMode", diag.RuleType, "expected a string, found boolean true (put it in quotes to make it a string)"),
			errAt(8, "spec.clusters[0].name", diag.RuleType, "expected a string, found integer 42 (put it in quotes to make it a string)"),
			errAt(8, "spec.clusters[0].storageClass", diag.RuleType, "expected a string, found number 1.5 (put it in quotes to make it a string)"),
			errAt(8, "spec.clusters[0].volumeMode", diag.RuleType, "expected a string, found a list"),
		},
	},
	{
		name: "booleans are true or false",
		in:   header + clusters + "  observability:\n    platformMetrics: yes\n    guestMetrics: {nodeExporter: \"true\"}\n  virtualization: {hyperconverged: {commonBootImageImport: 1}}\n",
		want: diag.List{
			errAt(10, "spec.observability.platformMetrics", diag.RuleType, `expected a boolean (true or false), found string "yes"`),
			errAt(11, "spec.observability.guestMetrics.nodeExporter", diag.RuleType, `expected a boolean (true or false), found string "true"`),
			errAt(12, "spec.virtualization.hyperconverged.commonBootImageImport", diag.RuleType, "expected a boolean (true or false), found integer 1"),
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
    - {name: w, namespace: n, cpu: {cores: 0x10, sockets: 0b1, threads: 1_000_0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000}, disk: {size: 1Gi, source: {blank: {}}}}
`,
		want: diag.List{
			errAt(10, "spec.networks[0].mtu", diag.RuleRange, "-2147483649 is not an MTU (576-65535)"),
			errAt(10, "spec.networks[0].vlan", diag.RuleRange, "99999999999 is not a VLAN id (1-4094)"),
			errAt(11, "spec.networks[1].mtu", diag.RuleRange, "-2147483648 is not an MTU (576-65535)"),
			errAt(11, "spec.networks[1].vlan", diag.RuleRange, "2147483647 is not a VLAN id (1-4094)"),
			errAt(12, "spec.observability.guestMetrics.port", diag.RuleRange, "99999999999999999999999 is not a port (1-65535)"),
			errAt(13, "spec.virtualization.hyperconverged.liveMigration.completionTimeoutPerGiB", diag.RuleRange, "-9223372036854775809 must be at least 1"),
			errAt(13, "spec.virtualization.hyperconverged.liveMigration.progressTimeout", diag.RuleRange, "9223372036854775808 must be at most 9223372036854775807"),
			errAt(15, "spec.vms[0].cpu.cores", diag.RuleRange, "-1 must be at least 1"),
			errAt(15, "spec.vms[0].cpu.sockets", diag.RuleRange, "4294967296 must be at most 4294967295"),
			errAt(15, "spec.vms[0].cpu.threads", diag.RuleType, "expected an integer, found number 1.5"),
			errAt(16, "spec.vms[1].cpu.threads", diag.RuleRange, "1000000000000000000000000000000000000000… is 107 digits long, out of any range"),
		},
	},
	{
		name: "integer with a leading zero",
		in:   header + clusters + "  networks:\n    - {name: n, namespace: ns, bridge: b, vlan: 0142, mtu: 09000}\n",
		want: diag.List{
			errAt(10, "spec.networks[0].mtu", diag.RuleType, "ambiguous integer 09000: a leading zero makes it octal in yaml 1.1; write it without the zero, or with 0o for octal"),
			errAt(10, "spec.networks[0].vlan", diag.RuleType, "ambiguous integer 0142: a leading zero makes it octal in yaml 1.1; write it without the zero, or with 0o for octal"),
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
			errAt(3, "metadata", diag.RuleRequired, `missing required field "name"`),
			errAt(5, "spec.gitops", diag.RuleRequired, `missing required field "path"`),
			errAt(5, "spec.gitops", diag.RuleRequired, `missing required field "repoURL"`),
			errAt(8, "spec.clusters[0]", diag.RuleRequired, `missing required field "name"`),
			errAt(12, "spec.vms[0].cpu", diag.RuleRequired, `missing required field "cores"`),
			errAt(14, "spec.vms[0].disk.source.dataSource", diag.RuleRequired, `missing required field "name"`),
		},
	},
	{
		name: "missing top-level fields",
		in:   "metadata: {name: x}\n",
		want: diag.List{
			errAt(1, "", diag.RuleRequired, `missing required field "apiVersion"`),
			errAt(1, "", diag.RuleRequired, `missing required field "kind"`),
			errAt(1, "", diag.RuleRequired, `missing required field "spec"`),
		},
	},
	{
		name: "null items and values",
		in:   header + "  clusters:\n    -\n    - name: a\n      nodeSelector: {zone: }\n  clusterSets: [a, null]\n",
		want: diag.List{
			errAt(8, "spec.clusters[0]", diag.RuleType, "expected a mapping, found null"),
			errAt(10, `spec.clusters[1].nodeSelector.zone`, diag.RuleType, "expected a string, found null"),
			errAt(11, "spec.clusterSets[1]", diag.RuleType, "expected a string, found null"),
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
			errAt(12, "spec.clusters[0].nodeSelector.zone", diag.RuleDuplicateKey, `duplicate key "zone" (first at line 10)`),
			errAt(13, `spec.clusters[0].nodeSelector["kubernetes.io/arch"]`, diag.RuleDuplicateKey, `duplicate key "kubernetes.io/arch" (first at line 11)`),
			errAt(14, "spec.clusters[0].name", diag.RuleDuplicateKey, `duplicate key "name" (first at line 8)`),
			errAt(15, "spec.clusters", diag.RuleDuplicateKey, `duplicate key "clusters" (first at line 7)`),
		},
	},
	{
		name: "bad keys",
		in:   header + clusters + "  ? [a]\n  : b\n  ~: c\n",
		want: diag.List{
			errAt(9, "spec", diag.RuleType, "expected a key, found a list"),
			errAt(11, "spec", diag.RuleType, "expected a key, found null"),
		},
	},
	{
		name: "bad merge",
		in:   header + "  clusters:\n    - <<: [a]\n      name: a\n    - <<: 5\n      name: b\n",
		want: diag.List{
			errAt(8, "spec.clusters[0]", diag.RuleType, `a merge key (<<) needs a mapping or a list of mappings, found a list holding string "a"`),
			errAt(10, "spec.clusters[1]", diag.RuleType, "a merge key (<<) needs a mapping or a list of mappings, found integer 5"),
		},
	},
	{
		name: "merge cycle",
		in:   header + "  clusters:\n    - &a {name: a, nodeSelector: &s {<<: *s}}\n",
		want: diag.List{errAt(8, "spec.clusters[0].nodeSelector", diag.RuleAlias, "alias *s refers to a value that contains it")},
	},
	{
		name: "unsupported tag",
		in:   header + "  clusters:\n    - {name: !secret a, storageClass: !!binary aGk=}\n",
		want: diag.List{
			errAt(8, "spec.clusters[0].name", diag.RuleType, "expected a string, found a value tagged !secret"),
			errAt(8, "spec.clusters[0].storageClass", diag.RuleType, "expected a string, found binary data"),
		},
	},
	{
		name: "empty file",
		in:   "",
		want: diag.List{errAt(0, "", diag.RuleEmpty, "the file is empty: expected a VMFleet")},
	},
	{
		name: "only comments and empty documents",
		in:   "# nothing here\n---\n# still nothing\n---\n~\n...\n",
		want: diag.List{errAt(0, "", diag.RuleEmpty, "the file is empty: expected a VMFleet")},
	},
	{
		name: "several documents",
		in:   header + clusters + "---\n---\napiVersion: v1\nkind: ConfigMap\n---\n# comment\nkind: VMFleet\n",
		want: diag.List{errAt(10, "", diag.RuleDocuments, "the file has 3 yaml documents (at lines 1, 10 and 13): expected exactly one VMFleet")},
	},
	{
		name: "wrong apiVersion and kind",
		in:   "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: 1}\n",
		want: diag.List{
			errAt(1, "apiVersion", diag.RuleAPIVersion, `found apiVersion "apps/v1", expected "vmfleet.dev/v1alpha1"`),
			errAt(2, "kind", diag.RuleKind, `found kind "Deployment", expected "VMFleet"`),
		},
	},
	{
		name: "apiVersion of another version",
		in:   strings.Replace(header+clusters, "v1alpha1", "v1beta1", 1),
		want: diag.List{errAt(1, "apiVersion", diag.RuleAPIVersion, `found apiVersion "vmfleet.dev/v1beta1", expected "vmfleet.dev/v1alpha1"`)},
	},
	{
		name: "top level is a list",
		in:   "- apiVersion: vmfleet.dev/v1alpha1\n  kind: VMFleet\n",
		want: diag.List{errAt(1, "", diag.RuleType, "expected a VMFleet mapping at the top level, found a list")},
	},
	{
		name: "top level is a string",
		in:   "VMFleet\n",
		want: diag.List{errAt(1, "", diag.RuleType, `expected a VMFleet mapping at the top level, found string "VMFleet"`)},
	},
	{
		name: "malformed yaml: bad indentation",
		in:   header + "  clusters:\n    - name: a\n   storageClass: b\n",
		want: diag.List{syntaxAt(9, 0, "this line does not line up with the keys of the block above it: indent it exactly as its siblings (with spaces)")},
	},
	{
		name: "malformed yaml far below the start of its mapping",
		in:   header + "  clusters:\n" + strings.Repeat("    - name: a\n", 100) + "   - name: b\n",
		want: diag.List{syntaxAt(108, 0, "this line does not line up with the keys of the block above it: indent it exactly as its siblings (with spaces)")},
	},
	{
		name: "malformed yaml on the first line",
		in:   "apiVersion: a: b\n",
		want: diag.List{syntaxAt(1, 14, `a value holds ": ", which yaml reads as a second key: quote the value, e.g. key: "a: b"`)},
	},
	{
		name: "malformed yaml: a tab",
		in:   header + "  clusters:\n\t- name: a\n",
		want: diag.List{syntaxAt(8, 1, "a tab character indents this line, and yaml indents with spaces only: replace the tab with spaces")},
	},
	{
		name: "malformed yaml: unclosed flow",
		in:   header + "  clusters: [{name: a}\n",
		want: diag.List{syntaxAt(7, 13, "the flow list opened here is not closed: add ']' at its end, and separate its items with commas")},
	},
	{
		name: "unknown anchor",
		in:   header + "  clusters:\n    - name: a\n      nodeSelector: *missing\n",
		want: diag.List{errAt(9, "", diag.RuleSyntax, "invalid yaml: unknown anchor 'missing' referenced")},
	},
	{
		name: "nul byte",
		in:   header + "  clusters:\n    - name: a\x00\n",
		want: diag.List{errAt(8, "", diag.RuleEncoding, "the file contains a nul byte at line 8: a fleet file must be utf-8 text")},
	},
	{
		name: "invalid utf-8",
		in:   header + "  clusters:\n    - name: caf\xe9\n",
		want: diag.List{errAt(8, "", diag.RuleEncoding, "the file is not valid utf-8 text: invalid byte 0xe9 at line 8")},
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
	if diff := cmp.Diff(errAt(57, "spec.clusters[49].storgeClass", diag.RuleUnknownField, `unknown field "storgeClass"; did you mean "storageClass"?`), got[MaxFindings-1]); diff != "" {
		t.Errorf("last kept (-want +got):\n%s", diff)
	}
	summary := errAt(58, "spec.clusters[50].storgeClass", diag.RuleTooMany, "… and 70 more")
	summary.Dropped = 70
	if diff := cmp.Diff(summary, got[MaxFindings]); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	sorted := append(diag.List(nil), got...)
	sorted.Sort()
	if diff := cmp.Diff(got, sorted); diff != "" {
		t.Errorf("not sorted (-got +sorted):\n%s", diff)
	}
}
