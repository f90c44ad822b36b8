//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"strings"

	"sigs.k8s.io/yaml"
)

// splitYAML splits a YAML stream into its documents; empty and comment-only documents are dropped.
// A document separator is a line "---" (or "--- ...") at column 0; block scalars are always indented,
// so they cannot hold one.
func splitYAML(data []byte) ([][]byte, error) {
	var docs [][]byte
	var cur bytes.Buffer
	flush := func() {
		doc := cur.Bytes()
		cur = bytes.Buffer{}
		for _, l := range strings.Split(string(doc), "\n") {
			if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
				docs = append(docs, doc)
				return
			}
		}
	}
	for _, line := range strings.SplitAfter(string(data), "\n") {
		t := strings.TrimRight(line, "\r\n")
		if t == "---" || strings.HasPrefix(t, "--- ") || t == "..." {
			flush()
			continue
		}
		cur.WriteString(line)
	}
	flush()
	return docs, nil
}

// decodeYAML decodes one document the way the API server does (sigs.k8s.io/yaml), keeping integers
// as json.Number so that re-encoding does not turn them into floats.
func decodeYAML(doc []byte) (map[string]any, error) {
	j, err := yaml.YAMLToJSON(doc)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(j))
	dec.UseNumber()
	var u map[string]any
	if err := dec.Decode(&u); err != nil {
		return nil, err
	}
	return u, nil
}

func get(u any, path ...string) any {
	for _, p := range path {
		m, ok := u.(map[string]any)
		if !ok {
			return nil
		}
		u = m[p]
	}
	return u
}

func str(u any, path ...string) string {
	s, _ := get(u, path...).(string)
	return s
}

func list(u any, path ...string) []any {
	l, _ := get(u, path...).([]any)
	return l
}
