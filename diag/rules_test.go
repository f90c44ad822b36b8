package diag

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// published are the rule ids as KRM results carry them (tags.rule). A rule
// may be added; an id here may never change.
var published = []string{
	"syntax", "encoding", "limit", "empty", "documents", "api-version", "kind",
	"unknown-field", "type", "required", "duplicate-key", "alias", "too-many-findings",
	"enum", "dns-1123", "label", "quantity", "range", "duration", "metric",
	"interface-name", "disk-source",
	"duplicate", "unknown-cluster", "unknown-network", "path", "policy-name",
	"cidr", "ip", "url", "plain-text-secret", "cloud-init", "sizing",
	"live-migration-rwo", "migration-name-length", "network-reach", "manual-run-strategy",
	"no-vms",
	"address-duplicate", "address-network", "address-range", "allow-ipam-unused", "baseline-owner", "bridge-type", "bridge-uplink", "existing-and-renamed", "ipam-type", "layer2-bridge", "layer2-uplink", "layer2-vlan", "localnet-mapping", "migration-clusters", "migration-ipam", "migration-rename", "nad-namespace", "network-data", "starting-csv", "toleration", "unknown-bridge", "vm-ipam", "vm-ipam-allowed",
	"kubevirt-version", "decommission-disks", "resize-kubevirt-version", "decommission-unretired",
	"uplink-shared", "br-ex-linux-bridge", "br-ex-uplink",
	"cpu-model", "sysprep-linux", "virtio-drivers-linux", "cloud-init-windows", "preference-os", "virtio-drivers", "container-disk-image", "container-disk-storage", "container-disk-data", "ephemeral-source", "ephemeral-vm-persistent-disk", "tenant-hyperconverged", "per-cluster-default", "tpm-state-class", "static-address-windows", "cpu-baseline", "replicas", "replica-name", "retired-replicas", "unknown-instancetype", "unknown-preference",
	"guest-memory", "user-data-size", "derived-name", "name-collision",
	"s3-url", "s3-credentials", "golden-image-common", "image-schedule", "unknown-image", "image-reach", "image-removed", "image-changed", "mirror-source", "not-mirrored", "snapshot-schedule", "snapshot-name", "snapshot-storage",
	"rollout-step",
}

func TestRules(t *testing.T) {
	var got []string
	seen := map[Rule]bool{}
	for _, r := range Rules {
		if seen[r] {
			t.Errorf("rule %q listed twice", r)
		}
		seen[r] = true
		got = append(got, string(r))
	}
	if diff := cmp.Diff(published, got); diff != "" {
		t.Errorf("rules (-published +Rules):\n%s", diff)
	}
	// Every constant of type Rule in rules.go is in Rules.
	fs := token.NewFileSet()
	f, err := parser.ParseFile(fs, "rules.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	consts := 0
	for _, decl := range f.Decls {
		g, ok := decl.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Rule" {
				t.Errorf("%s: a constant of rules.go that is not a Rule", fs.Position(vs.Pos()))
				continue
			}
			for _, v := range vs.Values {
				lit := v.(*ast.BasicLit).Value
				consts++
				if !seen[Rule(lit[1:len(lit)-1])] {
					t.Errorf("rule %s is not in Rules", lit)
				}
			}
		}
	}
	if consts != len(Rules) {
		t.Errorf("rules.go declares %d rules, Rules lists %d", consts, len(Rules))
	}
}

func TestCount(t *testing.T) {
	l := List{{Severity: Error}, {Severity: Warning}, {Severity: Error, Rule: RuleTooMany, Dropped: 70}}
	if got := l.Count(); got != 72 {
		t.Errorf("Count = %d, want 72", got)
	}
	if got := l.Errors().Count(); got != 71 {
		t.Errorf("Errors().Count = %d, want 71", got)
	}
}
