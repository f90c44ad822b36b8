// Package determinism proves that one fleet gives the same bytes every
// time: across runs, across GOMAXPROCS values, and across the order of the
// keys in the fleet file, for every example fleet — the hub stream, every
// cluster's stream and the rendered tree.
package determinism

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"

	"vmfleet.dev/vmfleet/internal/cli"
	"vmfleet.dev/vmfleet/internal/program"
	"vmfleet.dev/vmfleet/render"
)

// asVmfleet makes the test binary run as the vmfleet binary, so a test can
// run the whole program as a process of its own, with its own GOMAXPROCS.
const asVmfleet = "VMFLEET_TEST_AS_VMFLEET"

func TestMain(m *testing.M) {
	if os.Getenv(asVmfleet) == "1" {
		os.Exit(program.Main(cli.StdIO(), os.Args[1:]))
	}
	os.Exit(m.Run())
}

// runner runs one vmfleet command line and returns its exit code and stdout.
type runner func(t *testing.T, args ...string) (int, string)

// inProcess runs vmfleet through cli.Run.
func inProcess(t *testing.T, args ...string) (int, string) {
	var out, errb bytes.Buffer
	code := cli.Run(cli.IO{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Env: func(string) string { return "" }}, args)
	if code != 0 {
		t.Logf("vmfleet %s: %s", strings.Join(args, " "), errb.String())
	}
	return code, out.String()
}

// subprocess runs vmfleet as a process of its own with GOMAXPROCS=procs.
func subprocess(procs int) runner {
	return func(t *testing.T, args ...string) (int, string) {
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), asVmfleet+"=1", fmt.Sprintf("GOMAXPROCS=%d", procs))
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		if err != nil {
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				t.Fatalf("vmfleet %v: %v", args, err)
			}
			code = exit.ExitCode()
			t.Logf("vmfleet %s: %s", strings.Join(args, " "), errb.String())
		}
		return code, out.String()
	}
}

// outputs is everything vmfleet makes of a fleet file: "build" (the hub),
// "build --cluster C" for every cluster, and "tree/<path>" for every file
// of render -o, the marker included.
func outputs(t *testing.T, run runner, fleet string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(fleet)
	if err != nil {
		t.Fatal(err)
	}
	f, findings := render.Load(fleet, data)
	if f == nil {
		t.Fatalf("%s does not load:\n%s", fleet, findings.Error())
	}
	out := map[string]string{}
	build := func(key string, args ...string) {
		code, stdout := run(t, append([]string{"build", fleet}, args...)...)
		if code != 0 || stdout == "" {
			t.Fatalf("vmfleet build %s %v: exit %d, %d bytes", fleet, args, code, len(stdout))
		}
		out[key] = stdout
	}
	build("build")
	for _, c := range f.ClusterNames() {
		build("build --cluster "+c, "--cluster", c)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if code, _ := run(t, "render", fleet, "-o", dir); code != 0 {
		t.Fatalf("vmfleet render %s: exit %d", fleet, code)
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out["tree/"+filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// same fails the test where two sets of outputs differ.
func same(t *testing.T, what string, want, got map[string]string) {
	t.Helper()
	var keys []string
	for k := range want {
		keys = append(keys, k)
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		w, wok := want[k]
		g, gok := got[k]
		switch {
		case !wok:
			t.Errorf("%s: %s is new", what, k)
		case !gok:
			t.Errorf("%s: %s is missing", what, k)
		case w != g:
			t.Errorf("%s: %s differs at %s", what, k, firstDiff(w, g))
		}
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n-%s\n+%s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("the end: %d and %d lines", len(al), len(bl))
}

func examples(t *testing.T) []string {
	t.Helper()
	fleets, err := filepath.Glob("../../examples/*/fleet.yaml")
	if err != nil || len(fleets) == 0 {
		t.Fatalf("no example fleets: %v", err)
	}
	return fleets
}

func name(fleet string) string { return filepath.Base(filepath.Dir(fleet)) }

// The same fleet, rendered again and again in one process (Go randomizes
// map iteration on every range), gives the same bytes.
func TestSameBytesEveryRun(t *testing.T) {
	for _, fleet := range examples(t) {
		t.Run(name(fleet), func(t *testing.T) {
			want := outputs(t, inProcess, fleet)
			if len(want) < 3 {
				t.Fatalf("only %d outputs", len(want))
			}
			for i := range 2 {
				same(t, fmt.Sprintf("run %d", i+2), want, outputs(t, inProcess, fleet))
			}
		})
	}
}

// The binary gives the same bytes with GOMAXPROCS 1 and 2 (and as the
// in-process run).
func TestSameBytesAcrossGOMAXPROCS(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocesses")
	}
	for _, fleet := range examples(t) {
		t.Run(name(fleet), func(t *testing.T) {
			t.Parallel()
			want := outputs(t, inProcess, fleet)
			for _, procs := range []int{1, 2} {
				same(t, fmt.Sprintf("GOMAXPROCS=%d", procs), want, outputs(t, subprocess(procs), fleet))
			}
		})
	}
}

// Shuffling the keys of every mapping in the fleet file (lists keep their
// order: it means something) changes no output byte.
func TestKeyOrderDoesNotMatter(t *testing.T) {
	for _, fleet := range examples(t) {
		t.Run(name(fleet), func(t *testing.T) {
			want := outputs(t, inProcess, fleet)
			data, err := os.ReadFile(fleet)
			if err != nil {
				t.Fatal(err)
			}
			for seed := uint64(1); seed <= 3; seed++ {
				shuffled := shuffleKeys(t, data, seed)
				if bytes.Equal(shuffled, data) {
					t.Fatalf("seed %d changed nothing", seed)
				}
				file := filepath.Join(t.TempDir(), "fleet.yaml")
				if err := os.WriteFile(file, shuffled, 0o644); err != nil {
					t.Fatal(err)
				}
				same(t, fmt.Sprintf("keys shuffled with seed %d", seed), want, outputs(t, inProcess, file))
			}
		})
	}
}

// shuffleKeys reorders the key/value pairs of every mapping of a yaml
// document, with a fixed seed, and checks that the file did change order.
func shuffleKeys(t *testing.T, data []byte, seed uint64) []byte {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 0x766d666c656574))
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			pairs := len(n.Content) / 2
			rng.Shuffle(pairs, func(i, j int) {
				n.Content[2*i], n.Content[2*j] = n.Content[2*j], n.Content[2*i]
				n.Content[2*i+1], n.Content[2*j+1] = n.Content[2*j+1], n.Content[2*i+1]
			})
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&doc)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Windows line endings and a byte-order mark change no output byte.
func TestLineEndingsDoNotMatter(t *testing.T) {
	for _, fleet := range examples(t) {
		t.Run(name(fleet), func(t *testing.T) {
			want := outputs(t, inProcess, fleet)
			data, err := os.ReadFile(fleet)
			if err != nil {
				t.Fatal(err)
			}
			for what, variant := range map[string][]byte{
				"CRLF":            bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")),
				"byte-order mark": append([]byte("\xef\xbb\xbf"), data...),
			} {
				file := filepath.Join(t.TempDir(), "fleet.yaml")
				if err := os.WriteFile(file, variant, 0o644); err != nil {
					t.Fatal(err)
				}
				same(t, what, want, outputs(t, inProcess, file))
			}
		})
	}
}
