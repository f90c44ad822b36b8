// Package testutil holds what several test packages need: the examples,
// rendering them in memory, and comparing YAML streams as sets of objects.
package testutil

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"testing"

	yamlv3 "go.yaml.in/yaml/v3"
	"sigs.k8s.io/yaml"

	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/render"
)

// Root is the repository root.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..")
}

// Examples lists the example folders that hold a fleet.yaml.
func Examples(t testing.TB) []string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(Root(), "examples", "*", "fleet.yaml"))
	if err != nil || len(matches) == 0 {
		t.Fatalf("no examples found: %v", err)
	}
	var dirs []string
	for _, m := range matches {
		dirs = append(dirs, filepath.Dir(m))
	}
	sort.Strings(dirs)
	return dirs
}

// Load loads a fleet file and fails the test on any error finding.
func Load(t testing.TB, file string) *render.Fleet {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rel, _ := filepath.Rel(Root(), file)
	fleet, findings := render.Load(rel, data)
	if fleet == nil {
		t.Fatalf("%s does not load:\n%v", file, findings)
	}
	return fleet
}

// TreeBytes renders a fleet's tree in memory: path -> file content.
func TreeBytes(t testing.TB, fleet *render.Fleet) map[string][]byte {
	t.Helper()
	files, err := fleet.Tree()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		data, err := emit.YAML(f.Object)
		if err != nil {
			t.Fatal(err)
		}
		out[f.Path] = data
	}
	return out
}

// ClusterStream is what 'vmfleet build --cluster' prints.
func ClusterStream(t testing.TB, fleet *render.Fleet, cluster string) []byte {
	t.Helper()
	objs, err := fleet.Cluster(cluster)
	if err != nil {
		t.Fatal(err)
	}
	out, err := emit.Stream(objs)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Objects parses a YAML stream into canonical JSON documents keyed by
// apiVersion/kind/namespace/name, so two streams compare as sets.
func Objects(t testing.TB, stream []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	dec := yamlv3.NewDecoder(bytes.NewReader(stream))
	for {
		var doc any
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("parse stream: %v\n%s", err, stream)
		}
		if doc == nil {
			continue
		}
		raw, err := yaml.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		js, err := yaml.YAMLToJSON(raw)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(js, &m); err != nil {
			t.Fatal(err)
		}
		md, _ := m["metadata"].(map[string]any)
		id := m["apiVersion"].(string) + "/" + m["kind"].(string) + "/" + str(md["namespace"]) + "/" + str(md["name"])
		canon, _ := json.MarshalIndent(m, "", "  ")
		if _, dup := out[id]; dup {
			t.Fatalf("object %s appears twice", id)
		}
		out[id] = string(canon)
	}
	return out
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// HubStream is what 'vmfleet build' prints.
func HubStream(t testing.TB, fleet *render.Fleet) []byte {
	t.Helper()
	out, err := emit.Stream(fleet.Hub())
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// FreePorts returns n TCP ports on 127.0.0.1 free at the time of the call
// (each listened on, then closed), for the processes a test starts.
func FreePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
