// Package checkutil is what every checker under tests/controllers shares: the report it prints (the driver,
// tests/controllers/controllers_test.go, reads it), the YAML stream reader and what it takes from the VMFleet
// file. A module of its own, required by each checker module through a local replace.
package checkutil

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
)

type Cause struct {
	Stage   string `json:"stage"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

type Result struct {
	Source        string   `json:"source"`
	Kind          string   `json:"kind"`
	Namespace     string   `json:"namespace,omitempty"`
	Name          string   `json:"name"`
	Causes        []Cause  `json:"causes,omitempty"`
	Notes         []string `json:"notes,omitempty"`
	FeatureGates  []string `json:"featureGates,omitempty"`
	MutatedFields []string `json:"mutatedFields,omitempty"`
}

type Report struct {
	Checker string   `json:"checker"`
	Objects []Result `json:"objects"`
}

// Emit prints the JSON report on stdout and one line per object on stderr; 1 if any object was rejected.
func (r Report) Emit() int {
	if r.Objects == nil {
		r.Objects = []Result{}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		return 2
	}
	code := 0
	for _, o := range r.Objects {
		id := fmt.Sprintf("%s %s/%s (%s)", o.Kind, o.Namespace, o.Name, o.Source)
		if len(o.Causes) == 0 {
			fmt.Fprintf(os.Stderr, "ACCEPTED %s\n", id)
			continue
		}
		code = 1
		for _, c := range o.Causes {
			fmt.Fprintf(os.Stderr, "REJECTED %s: %s: %s: %s\n", id, c.Stage, c.Field, c.Message)
		}
	}
	return code
}

// Object is one document of a stream, with what the checkers key on.
type Object struct {
	APIVersion string
	Kind       string
	Namespace  string
	Name       string
	Raw        []byte // JSON
}

// ReadStream reads a multi-document YAML (or JSON) file; "-" is stdin.
func ReadStream(path string) ([]Object, error) {
	var in io.Reader
	if path == "-" {
		in = os.Stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		in = f
	}
	dec := utilyaml.NewYAMLOrJSONDecoder(bufio.NewReader(in), 4096)
	var out []Object
	for i := 0; ; i++ {
		var doc json.RawMessage
		if err := dec.Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return nil, fmt.Errorf("%s: document %d: %w", path, i+1, err)
		}
		if len(bytes.TrimSpace(doc)) == 0 || string(doc) == "null" {
			continue
		}
		var meta struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Metadata   struct {
				Name      string `json:"name"`
				Namespace string `json:"namespace"`
			} `json:"metadata"`
		}
		if err := json.Unmarshal(doc, &meta); err != nil {
			return nil, fmt.Errorf("%s: document %d: %w", path, i+1, err)
		}
		out = append(out, Object{meta.APIVersion, meta.Kind, meta.Metadata.Namespace, meta.Metadata.Name, doc})
	}
}
