package jsonpatch

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"testing"

	"github.com/google/go-cmp/cmp"
	// The library kustomize applies patchesJson6902 with
	// (sigs.k8s.io/kustomize/api filters/patchjson6902), so a patch it
	// applies here is a patch the overlays' kustomize build applies.
	evanphx "gopkg.in/evanphx/json-patch.v4"
)

func parse(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber() // as emit.ToMap does
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return v
}

// apply applies ops to from with evanphx/json-patch and returns the result
// as a JSON value.
func apply(t *testing.T, from any, ops []Op) (any, error) {
	t.Helper()
	doc, err := json.Marshal(from)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(ops)
	if err != nil {
		t.Fatal(err)
	}
	patch, err := evanphx.DecodePatch(raw)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", raw, err)
	}
	out, err := patch.Apply(doc)
	if err != nil {
		return nil, fmt.Errorf("apply %s: %w", raw, err)
	}
	return parse(t, string(out)), nil
}

func TestDiff(t *testing.T) {
	for _, tc := range []struct {
		name, from, to string
		want           []Op
	}{
		{"equal", `{"a":1,"b":[1,2]}`, `{"a":1,"b":[1,2]}`, nil},
		{"add, remove, replace in key order", `{"b":1,"c":2}`, `{"a":0,"b":false}`, []Op{
			{Op: "add", Path: "/a", Value: json.Number("0")},
			{Op: "replace", Path: "/b", Value: false},
			{Op: "remove", Path: "/c"},
		}},
		{"nested", `{"spec":{"template":{"nodeSelector":{"zone":"a"}}}}`, `{"spec":{"template":{"nodeSelector":{"zone":"b","tier":"vm"}}}}`, []Op{
			{Op: "add", Path: "/spec/template/nodeSelector/tier", Value: "vm"},
			{Op: "replace", Path: "/spec/template/nodeSelector/zone", Value: "b"},
		}},
		{"lists of one length, item by item", `[{"n":"a"},{"n":"b"}]`, `[{"n":"a"},{"n":"c"}]`, []Op{
			{Op: "replace", Path: "/1/n", Value: "c"},
		}},
		{"lists of another length, whole", `{"l":[1,2]}`, `{"l":[1,2,3]}`, []Op{
			{Op: "replace", Path: "/l", Value: []any{json.Number("1"), json.Number("2"), json.Number("3")}},
		}},
		{"pointer escapes", `{"a/b":1,"m~n":1}`, `{"a/b":2,"m~n":2}`, []Op{
			{Op: "replace", Path: "/a~1b", Value: json.Number("2")},
			{Op: "replace", Path: "/m~0n", Value: json.Number("2")},
		}},
		{"kind changes", `{"a":{"x":1},"b":[1],"c":"s"}`, `{"a":"x","b":{"k":1},"c":null}`, []Op{
			{Op: "replace", Path: "/a", Value: "x"},
			{Op: "replace", Path: "/b", Value: map[string]any{"k": json.Number("1")}},
			{Op: "replace", Path: "/c", Value: nil},
		}},
		{"zero values stay values", `{"a":true,"b":1,"c":"x"}`, `{"a":false,"b":0,"c":""}`, []Op{
			{Op: "replace", Path: "/a", Value: false},
			{Op: "replace", Path: "/b", Value: json.Number("0")},
			{Op: "replace", Path: "/c", Value: ""},
		}},
		{"the whole document", `1`, `"x"`, []Op{{Op: "replace", Path: "", Value: "x"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			from, to := parse(t, tc.from), parse(t, tc.to)
			ops := Diff(from, to)
			if diff := cmp.Diff(tc.want, ops); diff != "" {
				t.Errorf("ops (-want +got):\n%s", diff)
			}
			if tc.name == "the whole document" {
				return // a root replace is RFC 6902 but not for kustomize's targets, which are objects
			}
			got, err := apply(t, from, ops)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(to, got); diff != "" {
				t.Errorf("the patch applied by evanphx/json-patch does not give the target (-want +got):\n%s", diff)
			}
		})
	}
}

// Random objects and random edits of them: the computed patch, applied by
// the library kustomize uses, always gives the edited object.
func TestDiffRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := range 2000 {
		from := randomObject(r, 3)
		to := mutate(r, deepCopy(from), 3)
		ops := Diff(from, to)
		got, err := apply(t, from, ops)
		if err != nil {
			t.Fatalf("case %d: %v\nfrom: %v\nto: %v", i, err, from, to)
		}
		if diff := cmp.Diff(normalize(t, to), got); diff != "" {
			t.Fatalf("case %d: patch %v does not give the target (-want +got):\n%s", i, ops, diff)
		}
	}
}

// The round trip above can fail: without its last operation a patch misses
// the target.
func TestRoundTripDetectsAWrongPatch(t *testing.T) {
	from, to := parse(t, `{"a":1,"b":{"c":[1,2]}}`), parse(t, `{"a":2,"b":{"c":[1,3]},"d":"x"}`)
	ops := Diff(from, to)
	got, err := apply(t, from, ops[:len(ops)-1])
	if err != nil {
		t.Fatal(err)
	}
	if cmp.Equal(to, got) {
		t.Fatalf("a patch without %v still gives the target", ops[len(ops)-1])
	}
}

var keys = []string{"a", "b", "c", "x/y", "m~n", "spec", ""}

func randomValue(r *rand.Rand, depth int) any {
	n := 6
	if depth <= 0 {
		n = 4
	}
	switch r.Intn(n) {
	case 0:
		return json.Number(fmt.Sprint(r.Intn(5)))
	case 1:
		return fmt.Sprint("s", r.Intn(3))
	case 2:
		return r.Intn(2) == 0
	case 3:
		return nil
	case 4:
		return randomObject(r, depth-1)
	default:
		l := make([]any, r.Intn(4))
		for i := range l {
			l[i] = randomValue(r, depth-1)
		}
		return l
	}
}

func randomObject(r *rand.Rand, depth int) map[string]any {
	m := map[string]any{}
	for range r.Intn(5) {
		m[keys[r.Intn(len(keys))]] = randomValue(r, depth)
	}
	return m
}

// mutate changes, adds or removes a few entries, at any depth.
func mutate(r *rand.Rand, v any, depth int) any {
	switch t := v.(type) {
	case map[string]any:
		for range r.Intn(4) {
			k := keys[r.Intn(len(keys))]
			switch r.Intn(3) {
			case 0:
				delete(t, k)
			case 1:
				t[k] = randomValue(r, depth)
			default:
				if c, ok := t[k]; ok {
					t[k] = mutate(r, c, depth-1)
				}
			}
		}
		return t
	case []any:
		if len(t) > 0 && r.Intn(2) == 0 {
			i := r.Intn(len(t))
			t[i] = mutate(r, t[i], depth-1)
			return t
		}
		return append(t, randomValue(r, depth))
	}
	if r.Intn(2) == 0 {
		return randomValue(r, depth)
	}
	return v
}

func deepCopy(v map[string]any) map[string]any {
	data, _ := json.Marshal(v)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out map[string]any
	_ = dec.Decode(&out)
	return out
}

// normalize is v as JSON reads it back (mutate may leave typed values).
func normalize(t *testing.T, v any) any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return parse(t, string(data))
}
