// Package seed checks that every YAML shape of the seed text has its
// counterpart in what vmfleet renders for examples/lab: each seed object is
// a subset of a rendered object (hub, cluster, or a template inside a Policy).
package seed

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	yamlv3 "go.yaml.in/yaml/v3"

	"vmfleet.dev/vmfleet/tests/internal/testutil"
)

func TestSeedShapes(t *testing.T) {
	fleet := testutil.Load(t, filepath.Join(testutil.Root(), "examples", "lab", "fleet.yaml"))
	var stream bytes.Buffer
	stream.Write(testutil.HubStream(t, fleet))
	for _, c := range fleet.ClusterNames() {
		stream.WriteString("---\n")
		stream.Write(testutil.ClusterStream(t, fleet, c))
	}
	rendered := index(unwrap(docs(t, stream.Bytes())))

	seed, err := os.ReadFile("testdata/seed-shapes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	shapes := docs(t, seed)
	if len(shapes) != 7 {
		t.Fatalf("expected the seed's 7 shapes, found %d", len(shapes))
	}
	for _, shape := range shapes {
		id := id(shape)
		t.Run(id, func(t *testing.T) {
			got, ok := rendered[id]
			if !ok {
				t.Fatalf("vmfleet renders no %s for examples/lab", id)
			}
			if err := subset("", shape, got); err != nil {
				t.Error(err)
			}
		})
	}
}

func docs(t *testing.T, data []byte) []map[string]any {
	dec := yamlv3.NewDecoder(bytes.NewReader(data))
	var out []map[string]any
	for {
		var m map[string]any
		err := dec.Decode(&m)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if m != nil {
			out = append(out, m)
		}
	}
}

// unwrap adds the objects inside Policies: policy templates and the
// object templates of ConfigurationPolicies.
func unwrap(objs []map[string]any) []map[string]any {
	out := append([]map[string]any(nil), objs...)
	for _, o := range objs {
		spec, _ := o["spec"].(map[string]any)
		for _, key := range []string{"policy-templates", "object-templates"} {
			list, _ := spec[key].([]any)
			for _, item := range list {
				if def, ok := item.(map[string]any)["objectDefinition"].(map[string]any); ok {
					out = append(out, unwrap([]map[string]any{def})...)
				}
			}
		}
	}
	return out
}

func index(objs []map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, o := range objs {
		out[id(o)] = o
	}
	return out
}

func id(o map[string]any) string {
	md, _ := o["metadata"].(map[string]any)
	return fmt.Sprintf("%v/%v/%v/%v", o["apiVersion"], o["kind"], md["namespace"], md["name"])
}

// subset reports the first place where want is not contained in got.
// Strings that hold JSON or YAML documents are compared parsed; lists of
// scalars as sets; lists of objects item by item.
func subset(path string, want, got any) error {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an object, got %v", path, got)
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				return fmt.Errorf("%s.%s: missing (want %v)", path, k, wv)
			}
			if err := subset(path+"."+k, wv, gv); err != nil {
				return err
			}
		}
		return nil
	case []any:
		g, ok := got.([]any)
		if !ok {
			return fmt.Errorf("%s: want a list, got %v", path, got)
		}
		for i, wv := range w {
			if _, isObj := wv.(map[string]any); isObj {
				if i >= len(g) {
					return fmt.Errorf("%s[%d]: missing", path, i)
				}
				if err := subset(fmt.Sprintf("%s[%d]", path, i), wv, g[i]); err != nil {
					return err
				}
				continue
			}
			found := false
			for _, gv := range g {
				if fmt.Sprint(gv) == fmt.Sprint(wv) {
					found = true
				}
			}
			if !found {
				return fmt.Errorf("%s: %v is missing from %v", path, wv, g)
			}
		}
		return nil
	case string:
		g, ok := got.(string)
		if !ok {
			return fmt.Errorf("%s: want %q, got %v", path, w, got)
		}
		if pw, pg, ok := parsed(w, g); ok {
			return subset(path, pw, pg)
		}
		if w != g {
			return fmt.Errorf("%s: want %q, got %q", path, w, g)
		}
		return nil
	default:
		if fmt.Sprint(want) != fmt.Sprint(got) {
			return fmt.Errorf("%s: want %v, got %v", path, want, got)
		}
		return nil
	}
}

// parsed decodes two multi-line strings holding JSON or YAML documents.
func parsed(w, g string) (any, any, bool) {
	if !bytes.ContainsRune([]byte(w), '\n') {
		return nil, nil, false
	}
	var pw, pg any
	if json.Unmarshal([]byte(w), &pw) == nil && json.Unmarshal([]byte(g), &pg) == nil {
		return pw, pg, true
	}
	if yamlv3.Unmarshal([]byte(w), &pw) == nil && yamlv3.Unmarshal([]byte(g), &pg) == nil {
		if _, ok := pw.(map[string]any); ok {
			return pw, pg, true
		}
	}
	return nil, nil, false
}
