package main

// The report every checker under tests/controllers prints (the same shape in each module; the driver,
// tests/controllers/controllers_test.go, reads it), and the YAML stream reader.

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

type cause struct {
	Stage   string `json:"stage"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

type result struct {
	Source        string   `json:"source"`
	Kind          string   `json:"kind"`
	Namespace     string   `json:"namespace,omitempty"`
	Name          string   `json:"name"`
	Causes        []cause  `json:"causes,omitempty"`
	Notes         []string `json:"notes,omitempty"`
	FeatureGates  []string `json:"featureGates,omitempty"`
	MutatedFields []string `json:"mutatedFields,omitempty"`
}

type report struct {
	Checker string   `json:"checker"`
	Objects []result `json:"objects"`
}

// emit prints the JSON report on stdout and one line per object on stderr; 1 if any object was rejected.
func (r report) emit() int {
	if r.Objects == nil {
		r.Objects = []result{}
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

// object is one document of a stream, with what the checkers key on.
type object struct {
	APIVersion string
	Kind       string
	Namespace  string
	Name       string
	Raw        []byte // JSON
}

// readStream reads a multi-document YAML (or JSON) file; "-" is stdin.
func readStream(path string) ([]object, error) {
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
	var out []object
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
		out = append(out, object{meta.APIVersion, meta.Kind, meta.Metadata.Namespace, meta.Metadata.Name, doc})
	}
}
