//go:build e2e

package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

var (
	env      paths
	ck       *checker
	freshHub *cluster
)

// hcoVersions are the HyperConverged CRDs every HyperConverged object is checked against. The newest
// is installed in the main cluster; each other one gets a cluster of its own holding only that CRD.
var hcoVersions = []string{"v1.18.1", "v1.16.0"}

// noCRD lists kinds vmfleet emits for which no served module ships a CRD: objects of these kinds are
// reported as NOT CHECKED (never silently passed).
var noCRD = map[string]string{}

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	var err error
	if env, err = findPaths(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	mods, err := moduleCRDs(env)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	ck = &checker{skip: map[string]string{}, ledger: newLedger()}
	for k, v := range noCRD {
		ck.skip[k] = v
	}

	// One cluster set per HCO version; the main one holds every CRD.
	type spec struct {
		name string
		crds []crdFile
	}
	type hcoCRD struct {
		version string
		file    crdFile
	}
	var hco []hcoCRD
	for _, v := range hcoVersions {
		f := filepath.Join(env.hcoDir, "hyperconverged-hco-"+v+".crd.yaml")
		if _, err := os.Stat(f); err != nil {
			fmt.Printf("e2e: WARNING: %s is absent: HyperConverged is NOT checked against HCO %s\n", f, v)
			continue
		}
		hco = append(hco, hcoCRD{v, crdFile{path: f, source: "file " + f + " (HCO " + v + ")"}})
	}
	specs := []spec{{"main", append([]crdFile{}, mods...)}}
	if len(hco) == 0 {
		ck.skip["hco.kubevirt.io/HyperConverged"] = "no CRD available: no hyperconverged-hco-*.crd.yaml in " + env.hcoDir
	} else {
		specs[0].crds = append(specs[0].crds, hco[0].file)
		for _, h := range hco[1:] {
			specs = append(specs, spec{"hco-" + h.version, []crdFile{h.file}})
		}
	}
	// A hub with every CRD and no namespace at all, for the fresh-hub apply (freshhub_test.go).
	specs = append(specs, spec{"fresh-hub", specs[0].crds})

	clusters := make([]*cluster, len(specs))
	errs := make([]error, len(specs))
	var wg sync.WaitGroup
	for i, s := range specs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			clusters[i], errs[i] = startCluster(env, s.name, s.crds)
			// freePorts closes its listeners before the servers bind: with several clusters starting at
			// once (and other processes on the machine) a port can be taken in between. Once more, on new ports.
			if errs[i] != nil && strings.Contains(errs[i].Error(), "address already in use") {
				clusters[i], errs[i] = startCluster(env, s.name, s.crds)
			}
		}()
	}
	wg.Wait()
	defer func() {
		for _, c := range clusters {
			if c != nil {
				c.stop()
			}
		}
	}()
	for _, err := range errs {
		if err != nil {
			fmt.Fprintln(os.Stderr, "e2e:", err)
			return 1
		}
	}
	ck.main, ck.variants = clusters[0], clusters[1:len(clusters)-1]
	freshHub = clusters[len(clusters)-1]

	fmt.Println("e2e: CRD sources:")
	for _, c := range clusters {
		var lines []string
		for _, info := range c.crds {
			lines = append(lines, fmt.Sprintf("  [%s] %s", c.name, info))
		}
		sort.Strings(lines)
		fmt.Println(strings.Join(lines, "\n"))
	}
	for k, why := range ck.skip {
		fmt.Printf("e2e: NOTE: %s: %s\n", k, why)
	}

	code := m.Run()
	fmt.Printf("\ne2e: objects checked (server-side apply, fieldValidation=Strict):\n%s", ck.ledger.report())
	return code
}

// checkAll dry-runs objs (and everything inside their Policies) and reports every failure.
func checkAll(t *testing.T, objs []object) []failure {
	t.Helper()
	all, notes := expand(objs)
	_, fails, more := ck.check(all, dryRun)
	for _, n := range append(notes, more...) {
		t.Log(n)
	}
	return fails
}

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

// applyTwice applies objs for real (not the objects inside Policies: on a hub those are only data), then
// again, and asserts that the second apply changed nothing: same resourceVersions, and `kubectl diff
// --server-side` finds no difference.
func applyTwice(t *testing.T, objs []object) {
	t.Helper()
	var top []object
	for _, o := range objs {
		if _, skip := ck.skip[o.group()+"/"+o.kind]; skip {
			t.Logf("NOT APPLIED %s: %s", o.describe(), ck.skip[o.group()+"/"+o.kind])
			continue
		}
		top = append(top, o)
	}
	first, fails, notes := ck.check(top, realApply)
	for _, n := range notes {
		t.Log(n)
	}
	for _, f := range fails {
		t.Errorf("first apply: %s", f)
	}
	if t.Failed() {
		return
	}
	second, fails, _ := ck.check(top, realApply)
	for _, f := range fails {
		t.Errorf("second apply: %s", f)
	}
	if len(first) != len(second) {
		t.Fatalf("first apply gave %d results, second %d", len(first), len(second))
	}
	changed := 0
	for i := range first {
		if first[i].resourceVersion != second[i].resourceVersion {
			changed++
			t.Errorf("second apply changed %s: resourceVersion %s → %s", first[i].obj.describe(),
				first[i].resourceVersion, second[i].resourceVersion)
		}
	}
	// kubectl's own verdict: exit 0 = no differences.
	var stream bytes.Buffer
	for _, r := range second {
		stream.WriteString("---\n")
		stream.Write(r.obj.body)
		stream.WriteString("\n")
	}
	out, code, err := ck.main.kubectl(env, stream.Bytes(), "diff", "--server-side", "--field-manager=vmfleet", "-f", "-")
	if err != nil || code != 0 {
		t.Errorf("kubectl diff --server-side after the second apply: exit %d, %v\n%s", code, err, out)
	}
	t.Logf("applied %d objects twice: %d changed on the second apply; kubectl diff --server-side exit %d",
		len(top), changed, code)
}

// ---- examples: everything the real CLI emits ----------------------------------------------------------

var (
	cliOnce sync.Once
	cliPath string
	cliErr  error
)

// vmfleetCLI builds cmd/vmfleet once.
func vmfleetCLI(t *testing.T) string {
	t.Helper()
	cliOnce.Do(func() {
		dir, err := os.MkdirTemp("", "vmfleet-e2e-cli-")
		if err != nil {
			cliErr = err
			return
		}
		cliPath = filepath.Join(dir, "vmfleet")
		cmd := exec.Command("go", "build", "-o", cliPath, "./cmd/vmfleet")
		cmd.Dir = env.root
		if out, err := cmd.CombinedOutput(); err != nil {
			cliErr = fmt.Errorf("go build ./cmd/vmfleet: %w\n%s", err, out)
		}
	})
	if cliErr != nil {
		t.Fatal(cliErr)
	}
	return cliPath
}

func runCLI(t *testing.T, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(vmfleetCLI(t), args...)
	cmd.Dir = env.root
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("vmfleet %s: %v\nstderr:\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

func examples(t *testing.T) []string {
	fleets, _ := filepath.Glob(filepath.Join(env.root, "examples", "*", "fleet.yaml"))
	sort.Strings(fleets)
	if len(fleets) == 0 {
		t.Skip("SKIPPED: there is no examples/*/fleet.yaml yet, so there is no vmfleet output to check; " +
			"the self-tests above prove the harness")
	}
	return fleets
}

// fleetStreams builds the hub stream and every cluster's stream of one fleet with the real CLI. The
// cluster names are the folders under overlays/ of `vmfleet render`.
func fleetStreams(t *testing.T, fleet string) (hub []object, clusters map[string][]object) {
	t.Helper()
	rel, _ := filepath.Rel(env.root, fleet)
	hub, err := parseStream(runCLI(t, "build", fleet), "vmfleet build "+rel)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	runCLI(t, "render", fleet, "-o", out)
	entries, err := os.ReadDir(filepath.Join(out, "overlays"))
	if err != nil {
		t.Fatalf("vmfleet render %s: %v", rel, err)
	}
	clusters = map[string][]object{}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		objs, err := parseStream(runCLI(t, "build", fleet, "--cluster", name), "vmfleet build "+rel+" --cluster "+name)
		if err != nil {
			t.Fatal(err)
		}
		clusters[name] = objs
	}
	if len(clusters) == 0 {
		t.Errorf("vmfleet render %s: no cluster folders under overlays/", rel)
	}
	return hub, clusters
}

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
