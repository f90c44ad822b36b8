package decode

import (
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"

	"vmfleet.dev/vmfleet/diag"
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
			errAt(10, "spec.vms[0].disk.source", diag.RuleDiskSource, "give exactly one of blank, containerDisk, dataSource, http, image, pvc, registry, s3"),
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

// TestPathPatternIsClean: the gitops path pattern accepts exactly the paths
// path.Clean leaves alone (but for a trailing /) that are relative and not
// above the root: every string of a, ., / up to 7 characters.
func TestPathPatternIsClean(t *testing.T) {
	re := regexp.MustCompile(patternOf(t, "spec.gitops.path"))
	clean := func(p string) bool {
		c := path.Clean(p)
		return p != "" && !strings.HasPrefix(p, "/") && c == strings.TrimSuffix(p, "/") && !strings.HasPrefix(c, "..")
	}
	var all func(prefix string, n int)
	checked := 0
	all = func(prefix string, n int) {
		if got, want := re.MatchString(prefix), clean(prefix); got != want {
			t.Errorf("%q: the pattern says %v, path.Clean %v", prefix, got, want)
		}
		checked++
		if n == 0 {
			return
		}
		for _, c := range []string{"a", ".", "/"} {
			all(prefix+c, n-1)
		}
	}
	all("", 7)
	if checked < 3000 {
		t.Errorf("checked %d paths", checked)
	}
}

// TestQuantityPattern: the quantity pattern accepts what Kubernetes parses
// as a quantity greater than zero.
func TestQuantityPattern(t *testing.T) {
	re := regexp.MustCompile(patternOf(t, "spec.vms[].dataDisks[].size"))
	for _, q := range []string{"1", "40Gi", "512Mi", "0.5", ".5", "1.", "+1Gi", "1e3", "1E3", "1k", "1m", "100n", "2Ti", "1.5Gi", "0001",
		"0", "0.0", "-1", "-8Gi", "40GB", "fast", "", "1 Gi", "Gi", "1Gib", "1e", "0e5", "00", ".0", "1ki", "1KI"} {
		parsed, err := resource.ParseQuantity(q)
		want := err == nil && parsed.Sign() > 0
		if got := re.MatchString(q); got != want {
			t.Errorf("%q: the pattern says %v, resource.ParseQuantity %v (%v)", q, got, want, err)
		}
	}
}

// patternOf is the pattern of the schema field at shape.
func patternOf(t *testing.T, shape string) string {
	t.Helper()
	s := fleetSchema().root
	for _, part := range strings.Split(strings.ReplaceAll(shape, "[]", ".[]"), ".") {
		if part == "[]" {
			s = s.items()
			continue
		}
		s, _ = s.field(part)
	}
	p, ok := s["pattern"].(string)
	if !ok {
		t.Fatalf("%s has no pattern", shape)
	}
	return p
}

// TestNamePatterns: a name field's pattern and length limit accept what
// Kubernetes accepts as a DNS-1123 label or subdomain.
func TestNamePatterns(t *testing.T) {
	samples := []string{"a", "a-b", "a.b", "-a", "a-", "A", "a_b", "1", "a..b", ".a", "a.", "x/y", "..", " a", "ü",
		strings.Repeat("a", 63), strings.Repeat("a", 64), strings.Repeat("a.", 126) + "a", strings.Repeat("a", 254)}
	for _, tc := range []struct {
		shape string
		max   int
		k8s   func(string) []string
	}{
		{"spec.vms[].name", 63, validation.IsDNS1123Label},
		{"spec.vms[].instancetype", 253, validation.IsDNS1123Subdomain},
	} {
		re := regexp.MustCompile(patternOf(t, tc.shape))
		for _, v := range samples {
			got := re.MatchString(v) && len(v) <= tc.max
			if want := len(tc.k8s(v)) == 0; got != want && v != "" {
				t.Errorf("%s %q: the schema says %v, apimachinery %v", tc.shape, v, got, want)
			}
		}
	}
}
