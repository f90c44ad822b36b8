//go:build e2e

package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// ---- self-test: hand-written objects from the seed's shapes ------------------------------------------

// Each testdata/selftest/*.yaml must pass, unless it has "# e2e-expect-reject: TEXT" lines: then at least
// one object must be rejected, and the rejections together must mention every TEXT (the field, the CRD,
// the Policy and template index…). That proves the check can fail, and fail precisely.
func TestSelfTest(t *testing.T) {
	files, _ := filepath.Glob("testdata/selftest/*.yaml")
	if len(files) == 0 {
		t.Fatal("no testdata/selftest/*.yaml")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			objs, err := parseStream(data, f)
			if err != nil {
				t.Fatal(err)
			}
			var expect []string
			for _, l := range strings.Split(string(data), "\n") {
				if s, ok := strings.CutPrefix(l, "# e2e-expect-reject:"); ok {
					expect = append(expect, strings.TrimSpace(s))
				}
			}
			fails := checkAll(t, objs)
			var text strings.Builder
			for _, fl := range fails {
				text.WriteString(fl.String() + "\n")
			}
			switch {
			case len(expect) == 0:
				for _, fl := range fails {
					t.Errorf("%s", fl)
				}
			case len(fails) == 0:
				t.Errorf("expected a rejection mentioning %q, but every object was accepted", expect)
			default:
				for _, e := range expect {
					if !strings.Contains(text.String(), e) {
						t.Errorf("rejection does not mention %q:\n%s", e, text.String())
					}
				}
				t.Logf("rejected as expected:\n%s", text.String())
			}
		})
	}
}

// ---- examples: everything the real CLI emits ----------------------------------------------------------

// exampleObjects counts what TestExamples took from the real CLI.
var exampleObjects struct{ fleets, streams, top, unwrapped int }

// TestExamples dry-runs every object of every example fleet: the hub stream and each cluster's stream.
func TestExamples(t *testing.T) {
	for _, fleet := range examples(t) {
		name := filepath.Base(filepath.Dir(fleet))
		t.Run(name, func(t *testing.T) {
			hub, clusters := fleetStreams(t, fleet)
			count := func(objs []object) {
				all, _ := expand(objs)
				exampleObjects.top += len(objs)
				exampleObjects.unwrapped += len(all) - len(objs)
			}
			count(hub)
			if len(hub) == 0 {
				t.Errorf("vmfleet build %s printed no hub objects", fleet)
			}
			for _, f := range checkAll(t, hub) {
				t.Errorf("%s", f)
			}
			var names []string
			for c := range clusters {
				names = append(names, c)
			}
			sort.Strings(names)
			for _, c := range names {
				count(clusters[c])
				exampleObjects.streams++
				if len(clusters[c]) == 0 {
					t.Errorf("vmfleet build %s --cluster %s printed no objects", fleet, c)
				}
				for _, f := range checkAll(t, clusters[c]) {
					t.Errorf("%s", f)
				}
			}
			t.Logf("%s: %d hub objects, %d clusters %v", name, len(hub), len(names), names)
		})
		exampleObjects.fleets++
		exampleObjects.streams++ // the hub stream
	}
	t.Logf("examples: %d fleets, %d streams (hub + one per cluster), %d objects emitted + %d unwrapped from Policies, each dry-run",
		exampleObjects.fleets, exampleObjects.streams, exampleObjects.top, exampleObjects.unwrapped)
}

// TestLabApplyTwice applies the lab fleet's hub objects and one cluster's objects for real, twice.
func TestLabApplyTwice(t *testing.T) {
	examples(t)
	fleet := filepath.Join(env.root, "examples", "lab", "fleet.yaml")
	if _, err := os.Stat(fleet); err != nil {
		t.Fatalf("examples/lab/fleet.yaml: %v", err)
	}
	hub, clusters := fleetStreams(t, fleet)
	var names []string
	for c := range clusters {
		names = append(names, c)
	}
	sort.Strings(names)
	if len(names) == 0 {
		t.Fatal("the lab fleet has no clusters")
	}
	t.Logf("applying the hub objects and cluster %s's objects", names[0])
	applyTwice(t, append(hub, clusters[names[0]]...))
}

// ---- real applies (after every dry-run, so that dry-runs always see an empty cluster) -----------------

// TestSelfTestApplyTwice applies the passing self-test objects for real, twice: the second apply must
// change nothing.
func TestSelfTestApplyTwice(t *testing.T) {
	files, _ := filepath.Glob("testdata/selftest/*.yaml")
	var objs []object
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte("# e2e-expect-reject:")) {
			continue
		}
		o, err := parseStream(data, f)
		if err != nil {
			t.Fatal(err)
		}
		objs = append(objs, o...)
	}
	applyTwice(t, objs)
}

// TestProbe is a tool, not a check: with E2E_PROBE=DIR (or a file) it dry-runs every *.yaml there and logs
// what the real CRDs accept or reject, without failing. Use it to ask the schemas a question:
//
//	make e2e E2E_FLAGS='-run TestProbe' E2E_PROBE=/tmp/probe
func TestProbe(t *testing.T) {
	dir := os.Getenv("E2E_PROBE")
	if dir == "" {
		t.Skip("E2E_PROBE is not set")
	}
	files := []string{dir}
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		files, _ = filepath.Glob(filepath.Join(dir, "*.yaml"))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		objs, err := parseStream(data, f)
		if err != nil {
			t.Fatal(err)
		}
		all, notes := expand(objs)
		for _, n := range notes {
			t.Log(n)
		}
		for _, o := range all {
			_, fails, more := ck.check([]object{o}, dryRun)
			for _, n := range more {
				t.Log(n)
			}
			if len(fails) == 0 {
				t.Logf("ACCEPTED %s", o.describe())
			}
			for _, fl := range fails {
				t.Logf("REJECTED %s", fl)
			}
		}
	}
}
