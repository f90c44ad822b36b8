package decode

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/internal/diag"
)

// schemaCases: each kind of schema error, in the words of its field. They
// are also seeds of FuzzFleet.
var schemaCases = []struct {
	name string
	in   string
	want diag.List
}{
	{
		name: "enum",
		in:   header + "  clusters:\n    - {name: a, accessMode: ReadWriteSometimes}\n",
		want: diag.List{errAt(8, "spec.clusters[0].accessMode", diag.RuleEnum, `"ReadWriteSometimes" is not one of "ReadWriteMany", "ReadWriteOnce"`)},
	},
	{
		name: "dns names, empty and too long",
		in:   header + clusters + "  vms:\n    - {name: My_VM, namespace: '', instancetype: " + strings.Repeat("a", 254) + ", disk: {size: 1Gi, source: {blank: {}}}}\n",
		want: diag.List{
			errAt(10, "spec.vms[0].instancetype", diag.RuleDNS1123, `"`+strings.Repeat("a", 254)+`" is not a valid name: must be no more than 253 characters`),
			errAt(10, "spec.vms[0].name", diag.RuleDNS1123, `"My_VM" is not a valid name: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`),
			errAt(10, "spec.vms[0].namespace", diag.RuleRequired, "must not be empty"),
		},
	},
	{
		name: "quantities",
		in:   header + clusters + "  virtualization: {hyperconverged: {liveMigration: {bandwidthPerMigration: fast}}}\n  vms:\n    - {name: v, namespace: n, cpu: {cores: 1}, memory: -8Gi, disk: {size: '0', source: {blank: {}}}}\n",
		want: diag.List{
			errAt(9, "spec.virtualization.hyperconverged.liveMigration.bandwidthPerMigration", diag.RuleQuantity, `"fast" is not a quantity (for example 40Gi or 512Mi)`),
			errAt(11, "spec.vms[0].disk.size", diag.RuleQuantity, `"0" must be greater than zero`),
			errAt(11, "spec.vms[0].memory", diag.RuleQuantity, `"-8Gi" must be greater than zero`),
		},
	},
	{
		name: "strings of a form",
		in:   strings.Replace(header, "path: tenants/app-team/vms", "path: /abs", 1) + clusters + "  observability: {extraMetrics: [ok_metric, 1bad], guestMetrics: {interval: 30 seconds}}\n",
		want: diag.List{
			errAt(6, "spec.gitops.path", diag.RulePath, `"/abs" must be a clean path relative to the repository root (no leading /, no ..)`),
			errAt(9, "spec.observability.extraMetrics[1]", diag.RuleMetric, `"1bad" is not a Prometheus metric name`),
			errAt(9, "spec.observability.guestMetrics.interval", diag.RuleDuration, `"30 seconds" is not a duration such as 30s or 1m`),
		},
	},
	{
		name: "field words",
		in:   strings.Replace(header, "repoURL: https://gitlab.lab/platform/platform-gitops", `repoURL: ""`, 1) + "  clusters: []\n  networks:\n    - {name: a, namespace: n, bridge: '', vlan: 0}\n    - {name: b, namespace: n, bridge: br-much-too-long-name, mtu: 100000}\n",
		want: diag.List{
			errAt(6, "spec.gitops.repoURL", diag.RuleRequired, "must not be empty: the git repository Argo CD syncs from"),
			errAt(7, "spec.clusters", diag.RuleRequired, "the fleet needs at least one cluster"),
			errAt(9, "spec.networks[0].vlan", diag.RuleRange, "0 is not a VLAN id (1-4094)"),
			errAt(10, "spec.networks[1].bridge", diag.RuleInterfaceName, `"br-much-too-long-name" is longer than a Linux interface name may be (15 characters)`),
			errAt(10, "spec.networks[1].mtu", diag.RuleRange, "100000 is not an MTU (576-65535)"),
		},
	},
	{
		name: "exactly one disk source",
		in:   header + clusters + "  vms:\n    - {name: v, namespace: n, instancetype: u1.small, disk: {size: 1Gi, source: {}}, dataDisks: [{name: d, size: 1Gi, source: {blank: {}, pvc: {name: p}}}]}\n",
		want: diag.List{
			errAt(10, "spec.vms[0].dataDisks[0].source", diag.RuleDiskSource, "give exactly one source, found blank and pvc"),
			errAt(10, "spec.vms[0].disk.source", diag.RuleDiskSource, "give exactly one of blank, dataSource, http, pvc, registry, s3"),
		},
	},
}

// TestEmptyIsUnset: an empty string in an optional field is unset, as Go's
// omitempty reads it (a default or nothing applies); in a required one it
// is an error (the schema cases above).
func TestEmptyIsUnset(t *testing.T) {
	in := strings.Replace(header, "path: tenants/app-team/vms", `path: x, argoNamespace: "", project: "", plugin: ""`, 1) +
		"  clusters:\n    - {name: a, storageClass: \"\"}\n" +
		"  virtualization: {policySet: '', operator: {channel: '', namespace: ''}, hyperconverged: {liveMigration: {bandwidthPerMigration: '', network: ''}}}\n" +
		"  observability: {guestMetrics: {interval: ''}}\n" +
		"  vms:\n    - {name: v, namespace: n, instancetype: u1.small, preference: '', memory: '', disk: {size: 1Gi, source: {pvc: {name: p, namespace: ''}}}, cloudInit: {secretRef: s, networkDataSecretRef: ''}}\n"
	if _, got := Fleet("fleet.yaml", []byte(in)); len(got) > 0 {
		t.Errorf("findings:\n%v", got)
	}
}

func TestSchemaFindings(t *testing.T) {
	for _, tc := range schemaCases {
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

// explainedKeywords are the keywords of the schema that explain handles,
// or that never fail (annotations, and those the walk applies itself).
var explainedKeywords = map[string]bool{
	"$schema": true, "$id": true, "title": true, "description": true,
	"type": true, "properties": true, "additionalProperties": true, "items": true,
	"required": true, "enum": true, "const": true, "pattern": true,
	"minLength": true, "maxLength": true, "minimum": true, "maximum": true,
	"minItems": true, "minProperties": true, "maxProperties": true,
}

// TestSchemaExplained: every keyword and pattern of the schema has its message, and
// every field with words of its own is a field of the schema.
func TestSchemaExplained(t *testing.T) {
	shapes := map[string]bool{}
	var walk func(s schema, shape string)
	walk = func(s schema, shape string) {
		shapes[shape] = true
		for k := range s {
			if !explainedKeywords[k] {
				t.Errorf("%s: the schema uses %s, which explain does not put in words", shape, k)
			}
		}
		if p, ok := s["pattern"].(string); ok {
			if _, known := patterns[p]; !known {
				t.Errorf("%s: pattern %s has no message in patterns", shape, p)
			}
		}
		if props, ok := s["properties"].(map[string]any); ok {
			for name, sub := range props {
				walk(sub.(map[string]any), string(diag.AppendChild([]byte(shape), name)))
			}
		}
		if items := s.items(); items != nil {
			walk(items, shape+"[]")
		}
		if ap, ok := s["additionalProperties"].(map[string]any); ok {
			walk(ap, shape+"{}")
		}
	}
	walk(fleetSchema().root, "")
	for shape := range fieldWords {
		if !shapes[shape] {
			t.Errorf("fieldWords has %s, which the schema does not", shape)
		}
	}
	if len(shapes) < 100 {
		t.Errorf("walked %d schema nodes; the walk is broken", len(shapes))
	}
}
