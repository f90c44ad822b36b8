package render_test

// Fuzz targets of the core (make fuzz; FUZZTIME per target, default 2m):
//
//	go test -run '^$' -fuzz '^FuzzLoad$' -fuzztime 2m ./render/
//	go test -run '^$' -fuzz '^FuzzRender$' -fuzztime 2m ./render/
//
// Their seeds are committed under testdata/fuzz/<target>/: every example
// fleet and every case of the bad-fleet corpus (tests/reliability), as
// seed-* files written by VMFLEET_UPDATE=1 go test -run TestFuzzSeeds
// ./render/ (make update-corpus), plus the inputs fuzzing found (named by
// their hash, kept as regressions). Without -fuzz, go test runs every
// seed as a plain test.

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"

	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/render"
)

const fuzzFile = "fuzz/fleet.yaml"

// FuzzLoad: render.Load never panics, and returns either a fleet and no
// error finding, or no fleet and at least one error finding; every finding
// is well formed, and Load is deterministic.
func FuzzLoad(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		fleet, findings := render.Load(fuzzFile, data)
		if (fleet == nil) != findings.HasErrors() {
			t.Fatalf("fleet %v with findings:\n%s", fleet != nil, findings.Error())
		}
		// yaml breaks lines at \n, \r, NEL, LS and PS (\r\n counts twice
		// here: this is an upper bound).
		lines := 1
		for _, sep := range []string{"\n", "\r", "\u0085", "\u2028", "\u2029"} {
			lines += bytes.Count(data, []byte(sep))
		}
		for _, fd := range findings {
			checkFinding(t, fd, lines)
		}
		again, findings2 := render.Load(fuzzFile, data)
		if (again == nil) != (fleet == nil) || findings2.Error() != findings.Error() {
			t.Fatalf("Load is not deterministic:\n%s\n---\n%s", findings.Error(), findings2.Error())
		}
	})
}

func checkFinding(t *testing.T, fd diag.Finding, lines int) {
	t.Helper()
	switch {
	case fd.Severity != diag.Error && fd.Severity != diag.Warning && fd.Severity != diag.Info:
		t.Errorf("finding with severity %q: %s", fd.Severity, fd)
	case fd.Message == "":
		t.Errorf("finding without a message: %s", fd)
	case fd.File != fuzzFile:
		t.Errorf("finding names file %q, want %q: %s", fd.File, fuzzFile, fd)
	case fd.Line < 0 || fd.Line > lines:
		t.Errorf("finding at line %d of a %d-line input: %s", fd.Line, lines, fd)
	case strings.ContainsAny(fd.String(), "\n\r"):
		t.Errorf("finding spans lines: %q", fd.String())
	}
}

// FuzzRender: for an input that loads, Hub, every Cluster and Tree never
// panic or fail, their bytes are deterministic (twice from one fleet, and
// from a second Load), and every tree path stays inside the output folder.
//
// Byte mutations of a fleet rarely leave it valid, so the input is a fleet
// and edits: structure-keeping changes (set a value, copy a list item,
// drop a key or an item) applied to the fleet's yaml before it is loaded.
func FuzzRender(f *testing.F) {
	f.Fuzz(func(t *testing.T, data, edits []byte) {
		data = editYAML(data, edits)
		fleet, _ := render.Load(fuzzFile, data)
		if fleet == nil {
			return
		}
		first := renderAll(t, fleet)
		if second := renderAll(t, fleet); second != first {
			t.Fatalf("two renders of one fleet differ:\n%s", firstDiff(first, second))
		}
		again, findings := render.Load(fuzzFile, data)
		if again == nil {
			t.Fatalf("the input loaded once, then not:\n%s", findings.Error())
		}
		if third := renderAll(t, again); third != first {
			t.Fatalf("renders of two loads differ:\n%s", firstDiff(first, third))
		}
		if _, err := fleet.Cluster("no-such-cluster-" + strconv.Itoa(len(data))); err == nil {
			t.Error("Cluster of an unknown name: no error")
		}
	})
}

// fuzzValues are what edits set scalars to, besides the fleet's own values.
var fuzzValues = []string{
	"a", "x-1", "spoke-new", "vm-new", "tenant-new", "", "0", "1", "2", "4094", "65535", "-1", "true", "false", "null",
	"ReadWriteMany", "ReadWriteOnce", "Block", "Filesystem", "None", "LiveMigrate", "LiveMigrateIfPossible", "External",
	"Always", "Halted", "Manual", "RerunOnFailure", "Once", "clusters", "placement", "overlays", "plugin", "enforce", "inform",
	"1Gi", "512Mi", "100Ti", "10.0.0.0/16", "whereabouts", "host-local", "static", "dhcp",
	"docker://quay.io/containerdisks/fedora:41", "https://mirror.example.com/disk.qcow2", "https://s3.example.com/bucket/disk.img",
	strings.Repeat("l", 47), strings.Repeat("m", 48), strings.Repeat("n", 63),
}

// editYAML applies edits (3 bytes each: operation, target, value) to the
// yaml document in data; data is returned as is when it is not yaml.
func editYAML(data, edits []byte) []byte {
	if len(edits) < 3 || len(edits) > 300 {
		return data
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return data
	}
	var scalars, lists, maps []*yaml.Node
	values := append([]string(nil), fuzzValues...)
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		switch n.Kind {
		case yaml.ScalarNode:
			scalars = append(scalars, n)
			values = append(values, n.Value)
		case yaml.SequenceNode:
			lists = append(lists, n)
		case yaml.MappingNode:
			maps = append(maps, n)
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&doc)
	for i := 0; i+2 < len(edits); i += 3 {
		op, a, b := edits[i]%4, int(edits[i+1]), int(edits[i+2])
		switch {
		case op == 0 && len(scalars) > 0: // set a value
			n := scalars[a%len(scalars)]
			n.Value, n.Tag, n.Style = values[b%len(values)], "", 0
		case op == 1 && len(lists) > 0: // copy a list item, renamed
			l := lists[a%len(lists)]
			if len(l.Content) == 0 || len(l.Content) >= 32 {
				continue
			}
			c := copyNode(l.Content[b%len(l.Content)])
			if c.Kind == yaml.MappingNode {
				for j := 0; j+1 < len(c.Content); j += 2 {
					if c.Content[j].Value == "name" {
						c.Content[j+1].Value += "-" + strconv.Itoa(b)
					}
				}
			}
			l.Content = append(l.Content, c)
		case op == 2 && len(maps) > 0: // drop a key
			m := maps[a%len(maps)]
			if len(m.Content) >= 2 {
				j := b % (len(m.Content) / 2) * 2
				m.Content = append(m.Content[:j:j], m.Content[j+2:]...)
			}
		case op == 3 && len(lists) > 0: // drop a list item
			l := lists[a%len(lists)]
			if len(l.Content) > 0 {
				j := b % len(l.Content)
				l.Content = append(l.Content[:j:j], l.Content[j+1:]...)
			}
		}
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		return data
	}
	return out
}

func copyNode(n *yaml.Node) *yaml.Node {
	c := *n
	c.Anchor = ""
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, k := range n.Content {
		c.Content[i] = copyNode(k)
	}
	return &c
}

// renderAll renders everything a fleet gives as one text: the hub stream,
// each cluster's stream and each tree file, with their names.
func renderAll(t *testing.T, fleet *render.Fleet) string {
	t.Helper()
	var b strings.Builder
	hub, err := emit.Stream(fleet.Hub())
	if err != nil {
		t.Fatalf("hub: %v", err)
	}
	fmt.Fprintf(&b, "=== hub\n%s", hub)
	for _, c := range fleet.ClusterNames() {
		objs, err := fleet.Cluster(c)
		if err != nil {
			t.Fatalf("cluster %s: %v", c, err)
		}
		out, err := emit.Stream(objs)
		if err != nil {
			t.Fatalf("cluster %s: %v", c, err)
		}
		fmt.Fprintf(&b, "=== cluster %s\n%s", c, out)
	}
	files, err := fleet.Tree()
	if err != nil {
		t.Fatalf("tree: %v", err)
	}
	seen := map[string]bool{}
	for _, file := range files {
		p := file.Path
		top, _, _ := strings.Cut(p, "/")
		if !filepath.IsLocal(p) || path.Clean(p) != p || strings.Contains(p, `\`) || seen[p] ||
			!slices.Contains([]string{render.HubDir, render.BaseDir, render.NamespacesDir, render.OverlaysDir}, top) {
			t.Fatalf("tree path %q is not a new clean path under hub/, base/, namespaces/ or overlays/", p)
		}
		seen[p] = true
		data, err := emit.YAML(file.Object)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		fmt.Fprintf(&b, "=== %s\n%s", p, data)
	}
	return b.String()
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n-%s\n+%s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(al), len(bl))
}

// TestFuzzSeeds, with VMFLEET_UPDATE=1, writes the seed corpora of both
// targets from examples/*/fleet.yaml and tests/reliability/testdata/cases.
func TestFuzzSeeds(t *testing.T) {
	if os.Getenv("VMFLEET_UPDATE") != "1" {
		t.Skip("writes seeds with VMFLEET_UPDATE=1")
	}
	sources := map[string]string{} // seed name -> file
	examples, _ := filepath.Glob("../examples/*/fleet.yaml")
	for _, e := range examples {
		sources["seed-example-"+filepath.Base(filepath.Dir(e))] = e
	}
	cases, _ := filepath.Glob("../tests/reliability/testdata/cases/*/case.yaml")
	for _, c := range cases {
		sources["seed-case-"+filepath.Base(filepath.Dir(c))] = c
	}
	if len(examples) == 0 || len(cases) == 0 {
		t.Fatal("no examples or cases")
	}
	for _, target := range []string{"FuzzLoad", "FuzzRender"} {
		dir := filepath.Join("testdata", "fuzz", target)
		old, _ := filepath.Glob(filepath.Join(dir, "seed-*"))
		for _, o := range old {
			if err := os.Remove(o); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, src := range sources {
			data, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			seed := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
			if target == "FuzzRender" { // and no edits
				seed += "[]byte(\"\")\n"
			}
			if err := os.WriteFile(filepath.Join(dir, name), []byte(seed), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("wrote %d seeds for each target", len(sources))
}
