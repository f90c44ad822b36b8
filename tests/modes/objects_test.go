package modes

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
	yaml "go.yaml.in/yaml/v3"
)

// parseStream parses a YAML stream into objects (null documents skipped).
func parseStream(t *testing.T, data []byte) []map[string]any {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var out []map[string]any
	for {
		var m map[string]any
		err := dec.Decode(&m)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("not a YAML stream: %v\n%s", err, clip(string(data)))
		}
		if m != nil {
			out = append(out, m)
		}
	}
}

func str(m map[string]any, keys ...string) string {
	var v any = m
	for _, k := range keys {
		mm, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = mm[k]
	}
	s, _ := v.(string)
	return s
}

func objectID(m map[string]any) string {
	return str(m, "apiVersion") + " " + str(m, "kind") + " " + str(m, "metadata", "namespace") + "/" + str(m, "metadata", "name")
}

// keyed indexes objects by apiVersion, kind, namespace and name.
func keyed(t *testing.T, objs []map[string]any) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, o := range objs {
		id := objectID(o)
		if _, dup := out[id]; dup {
			t.Fatalf("two objects %s", id)
		}
		out[id] = o
	}
	return out
}

// sameObjects fails unless two YAML streams hold the same set of objects.
func sameObjects(t *testing.T, what string, want, got []byte) {
	t.Helper()
	w, g := keyed(t, parseStream(t, want)), keyed(t, parseStream(t, got))
	if len(w) == 0 {
		t.Fatalf("%s: the reference holds no objects", what)
	}
	if d := cmp.Diff(w, g); d != "" {
		t.Errorf("%s: objects differ (-want +got):\n%s", what, d)
	}
}
