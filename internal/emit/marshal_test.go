package emit

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"vmfleet.dev/vmfleet/objects"
)

// MapYAML marshals generic values directly; it must give exactly the bytes
// of the JSON round trip it replaced.
func TestMapYAMLSameAsJSONToYAML(t *testing.T) {
	strs := []string{"", "a", "true", "yes", "On", "null", "~", "1.0", "012", "0x1F", "1e3", "-", "- a", "a: b", "#x",
		"'q'", `"dq"`, "a\nb", "a\n", "\t", " lead", "trail ", "héllo ü", "<&>", "\u2028", "0o17", "2024-01-01",
		strings.Repeat("long words ", 20), "multi\nline\n  indented\n", "{}", "[]", "*a", "&a", "!tag", "%", "@", "`"}
	// Map keys: yaml.v2 sorts keys with an order that is not transitive on
	// some mixes of digits, dots and letters ("1.0", "012", "0x1F", "1e3"),
	// so for those both paths depend on map iteration order; keys here avoid
	// such mixes (TestKeysSortStably checks).
	keys := testKeys
	nums := []json.Number{"0", "-1", "42", "9223372036854775807", "-9223372036854775808"}
	r := rand.New(rand.NewSource(1))
	var gen func(depth int) any
	gen = func(depth int) any {
		switch k := r.Intn(8); {
		case depth > 3 || k < 3:
			switch r.Intn(4) {
			case 0:
				return nums[r.Intn(len(nums))]
			case 1:
				return r.Intn(2) == 0
			case 2:
				return nil
			}
			return strs[r.Intn(len(strs))]
		case k < 6:
			m := map[string]any{}
			for i := r.Intn(5); i > 0; i-- {
				m[keys[r.Intn(len(keys))]] = gen(depth + 1)
			}
			return m
		default:
			l := []any{}
			for i := r.Intn(4); i > 0; i-- {
				l = append(l, gen(depth+1))
			}
			return l
		}
	}
	for i := 0; i < 500; i++ {
		v := gen(0)
		if i%2 == 0 {
			v = map[string]any{"root": v, "x": gen(1)}
		}
		got, err := MapYAML(v)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		want, err := yaml.JSONToYAML(raw)
		if err != nil {
			t.Fatal(err)
		}
		// Same document; key order is plain string order here, the
		// library's "natural" order there (see ordered).
		gotJSON, err := yaml.YAMLToJSON(got)
		if err != nil {
			t.Fatalf("value %#v: MapYAML output does not parse: %v\n%s", v, err, got)
		}
		wantJSON, err := yaml.YAMLToJSON(want)
		if err != nil {
			t.Fatal(err)
		}
		if string(gotJSON) != string(wantJSON) {
			t.Fatalf("value %#v:\n%s", v, firstDiff(string(got), string(want)))
		}
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) && i < len(w); i++ {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d: MapYAML %q, JSONToYAML %q", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("MapYAML has %d lines, JSONToYAML %d", len(g), len(w))
}

// Values the direct path cannot take the same way go through JSON.
func TestMapYAMLFallback(t *testing.T) {
	for _, v := range []any{
		map[string]any(nil), []any(nil), map[string]any{"a": []any(nil)},
		json.Number("1.5"), json.Number("18446744073709551615"), "bad \xff utf-8",
		map[string]any{"typed": struct{ A int }{1}}, []string{"a"},
	} {
		got, err := MapYAML(v)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(v)
		want, _ := yaml.JSONToYAML(raw)
		if string(got) != string(want) {
			t.Errorf("%#v: MapYAML %q, JSONToYAML %q", v, got, want)
		}
	}
}

var testKeys = []string{"", "a", "b", "true", "yes", "On", "null", "~", "-", "a: b", "#x", "'q'", `"dq"`, "héllo ü", "<&>",
	" lead", "trail ", "x/y", "app.kubernetes.io/name", "node-role.kubernetes.io/worker", "k8s", "v1", "v2", "v10",
	"\t", "a\nb", "42", "7"}

func TestKeysSortStably(t *testing.T) {
	m := map[string]any{}
	for i, k := range testKeys {
		m[k] = i
	}
	raw, _ := json.Marshal(m)
	first, _ := yaml.JSONToYAML(raw)
	for i := 0; i < 50; i++ {
		again, _ := yaml.JSONToYAML(raw)
		if string(again) != string(first) {
			t.Fatalf("JSONToYAML orders testKeys differently from run to run:\n%s", firstDiff(string(again), string(first)))
		}
	}
}

// Keys the yaml library orders "naturally" and not transitively come out in
// one plain string order, whatever the map iteration order.
func TestMapYAMLKeyOrderIsStable(t *testing.T) {
	m := map[string]any{}
	for _, k := range []string{"1.0", "012", "0x1F", "1e3", "a10", "a9", "10", "9", "b"} {
		m[k] = "v"
	}
	first, err := MapYAML(m)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200; i++ {
		got, err := MapYAML(m)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(first) {
			t.Fatalf("run %d differs:\n%s\nfirst:\n%s", i, got, first)
		}
	}
}

// Documents, on every CPU, gives each object's YAML in the objects' order,
// and the first failing object's error.
func TestDocuments(t *testing.T) {
	var objs []objects.Object
	for i := range 200 {
		objs = append(objs, objects.NewConfigMap("ns", fmt.Sprintf("cm-%03d", i), map[string]string{"i": fmt.Sprint(i)}))
	}
	docs, err := Documents(objs)
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range objs {
		want, err := YAML(o)
		if err != nil {
			t.Fatal(err)
		}
		if string(docs[i]) != string(want) {
			t.Fatalf("document %d:\n%s\nwant:\n%s", i, docs[i], want)
		}
	}
	bad := append(append([]objects.Object(nil), objs[:50]...), unmarshalable{"first"}, unmarshalable{"second"})
	if _, err := Documents(append(bad, objs[50:]...)); err == nil || !strings.Contains(err.Error(), "first") {
		t.Errorf("Documents with two bad objects: %v, want the first one's error", err)
	}
	if docs, err := Documents(nil); err != nil || len(docs) != 0 {
		t.Errorf("Documents(nil) = %v, %v", docs, err)
	}
}

// unmarshalable fails JSON marshaling, naming itself.
type unmarshalable struct{ name string }

func (u unmarshalable) GVK() (string, string)  { return "v1", "Bad" }
func (u unmarshalable) Meta() (string, string) { return "", u.name }
func (u unmarshalable) MarshalJSON() ([]byte, error) {
	return nil, fmt.Errorf("cannot marshal %s", u.name)
}
