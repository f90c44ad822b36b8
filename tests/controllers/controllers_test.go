//go:build controllers

package controllers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// checkers are the modules under tests/controllers/, each built once into the cache by
// hack/controller-check.sh; `make controllers` passes their paths as VMFLEET_CHECK_<NAME>.
var checkers = []string{"kubevirt", "cdi", "argocd", "ocm", "policy"}

var (
	repo    string
	vmfleet string
	bins    = map[string]string{}
)

func TestMain(m *testing.M) {
	var err error
	if repo, err = filepath.Abs(filepath.Join("..", "..")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	vmfleet = os.Getenv("VMFLEET_BIN")
	var missing []string
	if vmfleet == "" {
		missing = append(missing, "VMFLEET_BIN")
	}
	for _, c := range checkers {
		env := "VMFLEET_CHECK_" + strings.ToUpper(c)
		if bins[c] = os.Getenv(env); bins[c] == "" {
			missing = append(missing, env)
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(os.Stderr, "controllers: %s not set: run `make controllers` (it builds the checkers and sets them)\n",
			strings.Join(missing, ", "))
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// ---- the report every checker prints ----

type cause struct {
	Stage   string `json:"stage"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

type result struct {
	Source        string   `json:"source"`
	Kind          string   `json:"kind"`
	Namespace     string   `json:"namespace"`
	Name          string   `json:"name"`
	Causes        []cause  `json:"causes"`
	Notes         []string `json:"notes"`
	FeatureGates  []string `json:"featureGates"`
	MutatedFields []string `json:"mutatedFields"`
}

type report struct {
	Checker string   `json:"checker"`
	Objects []result `json:"objects"`
}

// check runs one checker. The exit code is 0 (all accepted) or 1 (some object rejected); anything else,
// or a report that does not parse, fails the test.
func check(t *testing.T, name string, args ...string) (report, string, int) {
	t.Helper()
	cmd := exec.Command(bins[name], args...)
	cmd.Dir = repo
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	if code != 0 && code != 1 {
		t.Fatalf("%s %s: exit %d\n%s", name, strings.Join(args, " "), code, stderr.String())
	}
	var rep report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("%s %s: report: %v\n%s", name, strings.Join(args, " "), err, stdout.String())
	}
	return rep, stderr.String(), code
}

func rejections(stderr string) string {
	var out []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "REJECTED ") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// ---- what vmfleet emits, from the real CLI ----

type streams struct {
	hub      string            // file holding `vmfleet build FLEET`
	clusters map[string]string // cluster → file holding `vmfleet build FLEET --cluster C`
}

func (s streams) clusterFiles() []string {
	var out []string
	for _, f := range s.clusters {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

func cli(t *testing.T, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(vmfleet, args...)
	cmd.Dir = repo
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("vmfleet %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

// render writes the hub stream and every cluster's stream of fleet into dir; the clusters are the folders
// under overlays/ of `vmfleet render`.
func render(t *testing.T, fleet, dir string) streams {
	t.Helper()
	s := streams{hub: filepath.Join(dir, "hub.yaml"), clusters: map[string]string{}}
	if err := os.WriteFile(s.hub, cli(t, "build", fleet), 0o644); err != nil {
		t.Fatal(err)
	}
	tree := filepath.Join(dir, "tree")
	cli(t, "render", fleet, "-o", tree)
	entries, err := os.ReadDir(filepath.Join(tree, "overlays"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		f := filepath.Join(dir, "cluster-"+e.Name()+".yaml")
		if err := os.WriteFile(f, cli(t, "build", fleet, "--cluster", e.Name()), 0o644); err != nil {
			t.Fatal(err)
		}
		s.clusters[e.Name()] = f
	}
	if len(s.clusters) == 0 {
		t.Fatalf("vmfleet render %s: no cluster under overlays/", fleet)
	}
	return s
}

func examples(t *testing.T) []string {
	fleets, _ := filepath.Glob(filepath.Join(repo, "examples", "*", "fleet.yaml"))
	sort.Strings(fleets)
	if len(fleets) == 0 {
		t.Fatal("no examples/*/fleet.yaml")
	}
	return fleets
}

// ---- examples: every example through every checker ----

// TestExamples sends every example's output through the controllers' own code: every cluster stream's
// VirtualMachines through KubeVirt's webhooks (with the hub stream's ApplicationSets for the fields the VM
// mutator sets), the DataVolumes KubeVirt would create through CDI's, the hub stream's ApplicationSets
// through Argo CD's ApplicationSet controller, its Placements through OCM's placement controller, and its
// Policies, PolicySets and bindings through the policy propagator.
func TestExamples(t *testing.T) {
	for _, fleet := range examples(t) {
		name := filepath.Base(filepath.Dir(fleet))
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			s := render(t, fleet, dir)
			dvs := filepath.Join(dir, "datavolumes.json")

			args := append([]string{"-hub", s.hub, "-datavolumes", dvs}, s.clusterFiles()...)
			rep, stderr, code := check(t, "kubevirt", args...)
			if code != 0 {
				t.Errorf("KubeVirt rejects %s's VirtualMachines:\n%s", name, rejections(stderr))
			}
			logKubeVirt(t, rep)

			rep, stderr, code = check(t, "cdi", dvs, s.hub)
			if code != 0 {
				t.Errorf("CDI rejects the DataVolumes of %s's VirtualMachines or its golden images' DataImportCrons:\n%s", name, rejections(stderr))
			}
			t.Logf("cdi: %d DataVolumes and DataImportCrons checked", len(rep.Objects))

			args = []string{"-fleet", fleet, "-tree", filepath.Join(dir, "tree")}
			for _, c := range sortedClusters(s) {
				args = append(args, "-cluster", c+"="+s.clusters[c])
			}
			rep, stderr, code = check(t, "argocd", append(args, s.hub)...)
			if code != 0 {
				t.Errorf("Argo CD's ApplicationSet controller does not make the right Applications for %s:\n%s", name, rejections(stderr))
			}
			logNotes(t, "argocd", rep)

			rep, stderr, code = check(t, "ocm", "-fleet", fleet, s.hub)
			if code != 0 {
				t.Errorf("OCM's placement controller does not select the intended clusters for %s:\n%s", name, rejections(stderr))
			}
			logNotes(t, "ocm", rep)

			rep, stderr, code = check(t, "policy", "-fleet", fleet, s.hub)
			if code != 0 {
				t.Errorf("the policy propagator finds broken Policies, PolicySets or bindings in %s:\n%s", name, rejections(stderr))
			}
			logNotes(t, "policy", rep)
		})
	}
}

func sortedClusters(s streams) []string {
	var out []string
	for c := range s.clusters {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

func logNotes(t *testing.T, checker string, rep report) {
	for _, o := range rep.Objects {
		for _, n := range o.Notes {
			t.Logf("%s: %s %s/%s: %s", checker, o.Kind, o.Namespace, o.Name, n)
		}
	}
}

// logKubeVirt logs, once per distinct value, the feature gates the VMs need and the fields the VM mutator sets.
func logKubeVirt(t *testing.T, rep report) {
	gates, mutated := map[string][]string{}, map[string][]string{}
	for _, o := range rep.Objects {
		g := strings.Join(o.FeatureGates, ",")
		if g == "" {
			g = "none"
		}
		gates[g] = append(gates[g], o.Name)
		m := strings.Join(o.MutatedFields, " ")
		mutated[m] = append(mutated[m], o.Name)
	}
	for g, vms := range gates {
		t.Logf("kubevirt: feature gates needed: %s (%s)", g, strings.Join(vms, ", "))
	}
	for m, vms := range mutated {
		t.Logf("kubevirt: the VM mutator sets %s (%s)", m, strings.Join(vms, ", "))
	}
	t.Logf("kubevirt: %d VirtualMachines checked", len(rep.Objects))
}

func headerValue(t *testing.T, data []byte, prefix string) string {
	t.Helper()
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, prefix); ok {
			return strings.TrimSpace(v)
		}
	}
	t.Fatalf("no %q line", prefix)
	return ""
}

// ---- negative controls: broken output each checker must reject ----

// TestNegativeControls: every testdata/<checker>/*.yaml is output broken on purpose. The checker must reject
// it, and its rejections together must mention every "# expect: TEXT" line of the file. For cdi, the file
// holds VirtualMachines: their DataVolumes are made by the kubevirt checker first, as in TestExamples. A
// file with an ApplicationSet is also the kubevirt checker's hub stream. For argocd, ocm and policy the file is a
// hub stream, and its "# fleet: examples/X/fleet.yaml" line names the fleet (clusters, labels, tree).
func TestNegativeControls(t *testing.T) {
	for _, c := range checkers {
		files, _ := filepath.Glob(filepath.Join("testdata", c, "*.yaml"))
		if len(files) == 0 {
			t.Errorf("no negative controls for %s: testdata/%s/*.yaml", c, c)
		}
		for _, f := range files {
			t.Run(c+"/"+filepath.Base(f), func(t *testing.T) {
				abs, _ := filepath.Abs(f)
				data, err := os.ReadFile(abs)
				if err != nil {
					t.Fatal(err)
				}
				var expect []string
				for _, l := range strings.Split(string(data), "\n") {
					if s, ok := strings.CutPrefix(l, "# expect:"); ok {
						expect = append(expect, strings.TrimSpace(s))
					}
				}
				if len(expect) == 0 {
					t.Fatalf("%s has no '# expect: TEXT' line", f)
				}
				var stderr string
				var code int
				switch c {
				case "kubevirt":
					args := []string{abs}
					if bytes.Contains(data, []byte("kind: ApplicationSet")) {
						args = []string{"-hub", abs, abs}
					}
					_, stderr, code = check(t, c, args...)
				case "cdi":
					dvs := filepath.Join(t.TempDir(), "datavolumes.json")
					check(t, "kubevirt", "-datavolumes", dvs, abs)
					_, stderr, code = check(t, c, dvs, abs)
				case "argocd", "ocm", "policy":
					fleet := headerValue(t, data, "# fleet:")
					args := []string{"-fleet", filepath.Join(repo, fleet)}
					if c == "argocd" && bytes.Contains(data, []byte("\n# overlay:")) {
						// Objects added to one cluster's stream, checked against the fleet's own hub
						// stream and AppProject.
						dir := t.TempDir()
						s := render(t, filepath.Join(repo, fleet), dir)
						cl := headerValue(t, data, "# overlay:")
						if s.clusters[cl] == "" {
							t.Fatalf("%s: the fleet has no cluster %q", f, cl)
						}
						own, err := os.ReadFile(s.clusters[cl])
						if err != nil {
							t.Fatal(err)
						}
						if err := os.WriteFile(s.clusters[cl], append(append(own, "\n---\n"...), data...), 0o644); err != nil {
							t.Fatal(err)
						}
						args = append(args, "-tree", filepath.Join(dir, "tree"))
						for _, c := range sortedClusters(s) {
							args = append(args, "-cluster", c+"="+s.clusters[c])
						}
						abs = s.hub
					} else if c == "argocd" {
						tree := filepath.Join(t.TempDir(), "tree")
						cli(t, "render", filepath.Join(repo, fleet), "-o", tree)
						args = append(args, "-tree", tree)
					}
					_, stderr, code = check(t, c, append(args, abs)...)
				}
				if code == 0 {
					t.Fatalf("%s accepted a negative control; it must reject it with %q\n%s", c, expect, stderr)
				}
				rej := rejections(stderr)
				for _, e := range expect {
					if !strings.Contains(rej, e) {
						t.Errorf("%s rejected %s, but not with %q:\n%s", c, filepath.Base(f), e, rej)
					}
				}
				t.Logf("rejected as expected:\n%s", rej)
			})
		}
	}
}

// TestCatalog: the instancetype and preference names vmfleet checks VMs
// against (internal/validate/catalog, regenerated by `make catalog`) are
// exactly those virt-operator v1.6.0 installs.
func TestCatalog(t *testing.T) {
	cmd := exec.Command(bins["kubevirt"], "-catalog")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	shipped, err := cmd.Output()
	if err != nil {
		t.Fatalf("kubevirt -catalog: %v\n%s", err, stderr.String())
	}
	held, err := os.ReadFile(filepath.Join(repo, "internal", "validate", "catalog", "kubevirt-v1.6.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if string(shipped) != string(held) {
		t.Errorf("internal/validate/catalog/kubevirt-v1.6.txt differs from what virt-operator v1.6.0 installs: run make catalog\nshipped:\n%s", shipped)
	}
	for _, name := range []string{"instancetype u1.large", "preference windows.2k22", "preference windows.2k25", "preference windows.11"} {
		if !strings.Contains(string(held), name+"\n") {
			t.Errorf("the catalog lacks %s", name)
		}
	}
}
