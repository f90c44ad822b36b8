package decode

import (
	"testing"
)

// A yaml syntax error says where (line and column of the problem, not of
// the block holding it), what, and how to fix it.
func TestSyntaxMessages(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"a tab indents a key below a nested block", header + "  gitops:\n    path: a\n\trepoURL: b\n",
			"fleet.yaml:9:1: error: invalid yaml: a tab character indents this line, and yaml indents with spaces only: replace the tab with spaces"},
		{"a tab after spaces in a list item", header + "  vms:\n    - name: a\n  \t  namespace: b\n",
			"fleet.yaml:9:3: error: invalid yaml: a tab character indents this line, and yaml indents with spaces only: replace the tab with spaces"},
		{"a tab indents the first key of a mapping", "apiVersion: vmfleet.dev/v1alpha1\nkind: VMFleet\nmetadata:\n\tname: x\n",
			"fleet.yaml:4:1: error: invalid yaml: a tab character indents this line, and yaml indents with spaces only: replace the tab with spaces"},
		{"an unclosed double quote", header + "  clusters:\n    - name: \"a\n    - name: b\n",
			`fleet.yaml:8:13: error: invalid yaml: the quoted value that starts here has no closing ": add it at the end of the value`},
		{"an unclosed single quote", header + "  clusters:\n    - name: 'a\n",
			`fleet.yaml:8:13: error: invalid yaml: the quoted value that starts here has no closing ': add it at the end of the value`},
		{"a colon and space in a value", header + "  clusters:\n    - name: a\n      storageClass: fast: ssd\n",
			`fleet.yaml:9:25: error: invalid yaml: a value holds ": ", which yaml reads as a second key: quote the value, e.g. key: "a: b"`},
		{"a key indented below a key with a value", header + "  clusters:\n    - name: a\n       storageClass: b\n",
			"fleet.yaml:9:8: error: invalid yaml: this line is indented more than the key on line 8, which has a value already: indent it as that key, or move that key's value below it"},
		{"an unclosed flow mapping", header + "  clusters:\n    - {name: a, storageClass: b\n  vms: []\n",
			"fleet.yaml:8:7: error: invalid yaml: the flow mapping opened here is not closed: add '}' at its end, and separate its items with commas"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, findings := Fleet("fleet.yaml", []byte(tc.in))
			if len(findings) != 1 || findings[0].String() != tc.want {
				t.Errorf("got %v\nwant %s\ninput:\n%s", findings, tc.want, tc.in)
			}
		})
	}
}

// An upper-case name is one finding, with its fix: the lower-case name.
func TestUpperCaseName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{header + "  clusters:\n    - name: Spoke-A\n  vms:\n    - {name: app, namespace: a, clusters: [Spoke-A], instancetype: u1.small, disk: {size: 1Gi, source: {blank: {}}}}\n",
			`fleet.yaml:8: error: spec.clusters[0].name: "Spoke-A" is not a valid name: names are lower case (Kubernetes object and DNS names); write "spoke-a", here and wherever the fleet refers to it`},
		{header + "  clusters:\n    - name: a\n  vms:\n    - {name: App, namespace: Tenant.App, instancetype: u1.small, disk: {size: 1Gi, source: {blank: {}}}}\n",
			`fleet.yaml:10: error: spec.vms[0].name: "App" is not a valid name: names are lower case (Kubernetes object and DNS names); write "app", here and wherever the fleet refers to it`},
		{header + "  clusters:\n    - name: Spoke_A\n",
			`fleet.yaml:8: error: spec.clusters[0].name: "Spoke_A" is not a valid name: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`},
	} {
		_, findings := Fleet("fleet.yaml", []byte(tc.in))
		if len(findings) == 0 || findings[0].String() != tc.want {
			t.Errorf("got %v\nwant %s", findings, tc.want)
		}
	}
	_, findings := Fleet("fleet.yaml", []byte(header+"  clusters:\n    - name: Spoke-A\n  vms:\n    - {name: app, namespace: a, clusters: [Spoke-A], instancetype: u1.small, disk: {size: 1Gi, source: {blank: {}}}}\n"))
	if len(findings) != 1 {
		t.Errorf("an upper-case cluster name gives %d findings, want one: %v", len(findings), findings)
	}
}
