package modes

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/render"
)

// These checks need no tool: they keep the examples and the README honest
// between two `make modes`.

// The README blocks the tests run; a block added or removed must be added
// or removed here (and get a test).
var wantBlocks = []string{"setup", "kustomize-hub", "kustomize-cluster", "kustomize-no-exec",
	"kpt-render", "kpt-eval", "argocd-generate", "image-kpt-render", "image-kustomize"}

func TestReadmeBlocks(t *testing.T) {
	blocks := readmeBlocks(t)
	var got []string
	for name := range blocks {
		got = append(got, name)
	}
	sort.Strings(got)
	want := append([]string(nil), wantBlocks...)
	sort.Strings(want)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("README modes:run blocks (-tested +in README):\n%s", d)
	}
}

var modeFleets = []string{
	"examples/kustomize/fleet/fleet.yaml",
	"examples/kpt/exec/fleet.yaml",
	"examples/kpt/container/fleet.yaml",
	"examples/argocd/fleet.yaml",
}

func load(t *testing.T, file string) *render.Fleet {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repo, file))
	if err != nil {
		t.Fatal(err)
	}
	f, findings := render.Load(file, data)
	if f == nil {
		t.Fatalf("%s: %v", file, findings)
	}
	return f
}

// Every mode example renders the same fleet: only the Argo CD one differs,
// in how it is delivered.
func TestModeFleetsAreOneFleet(t *testing.T) {
	specOf := func(file string) v1alpha1.Spec {
		s := load(t, file).Plan.Fleet.Spec
		s.GitOps.Delivery, s.GitOps.Plugin = "", ""
		return s
	}
	first := specOf(modeFleets[0])
	for _, f := range modeFleets[1:] {
		if d := cmp.Diff(first, specOf(f)); d != "" {
			t.Errorf("%s is not the fleet of %s (-%s +%s):\n%s", f, modeFleets[0], modeFleets[0], f, d)
		}
	}
	for _, c := range clusters {
		if _, err := load(t, modeFleets[0]).Cluster(c); err != nil {
			t.Errorf("the mode fleet has no cluster %s", c)
		}
	}
}

// pluginConfig is the part of Argo CD's ConfigManagementPlugin
// (cmpserver/plugin/config.go) vmfleet's plugin uses.
type pluginConfig struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name string `json:"name"`
	} `json:"metadata"`
	Spec struct {
		Version  string `json:"version"`
		Generate struct {
			Command []string `json:"command"`
			Args    []string `json:"args"`
		} `json:"generate"`
		Discover struct {
			FileName string `json:"fileName"`
			Find     struct {
				Glob string `json:"glob"`
			} `json:"find"`
		} `json:"discover"`
		// Parameters announced to the UI (Argo CD's ParameterAnnouncement).
		Parameters struct {
			Static []struct {
				Name  string `json:"name"`
				Title string `json:"title"`
			} `json:"static"`
		} `json:"parameters"`
	} `json:"spec"`
}

func readPlugin(t *testing.T) pluginConfig {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repo, "examples/argocd/install/plugin.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var p pluginConfig
	if err := yaml.UnmarshalStrict(data, &p); err != nil {
		t.Fatalf("plugin.yaml: %v", err)
	}
	return p
}

func TestArgoCDExample(t *testing.T) {
	p := readPlugin(t)
	// Argo CD's own checks (ValidatePluginConfig).
	if p.APIVersion != "argoproj.io/v1alpha1" || p.Kind != "ConfigManagementPlugin" || p.Metadata.Name == "" ||
		len(p.Spec.Generate.Command) == 0 || (p.Spec.Discover.FileName == "" && p.Spec.Discover.Find.Glob == "") {
		t.Fatalf("plugin.yaml is not a valid ConfigManagementPlugin: %+v", p)
	}
	// A versioned plugin is known as NAME-VERSION (its socket is NAME-VERSION.sock).
	name := p.Metadata.Name
	if p.Spec.Version != "" {
		name += "-" + p.Spec.Version
	}

	fleet := load(t, "examples/argocd/fleet.yaml")
	if g := fleet.Plan.Fleet.Spec.GitOps; g.Delivery != v1alpha1.DeliveryPlugin || g.Plugin != name {
		t.Errorf("examples/argocd/fleet.yaml: gitops delivery %q plugin %q, want plugin delivery by %q", g.Delivery, g.Plugin, name)
	}
	var appset objects.Object
	for _, o := range fleet.Hub() {
		if _, kind := o.GVK(); kind == "ApplicationSet" {
			appset = o
		}
	}
	if appset == nil {
		t.Fatal("the fleet has no ApplicationSet")
	}
	want, err := emit.YAML(appset)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(repo, "examples/argocd/applicationset.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var w, g map[string]any
	if err := yaml.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(w, g); d != "" {
		t.Errorf("examples/argocd/applicationset.yaml is not what `vmfleet build examples/argocd/fleet.yaml` gives (-build +file):\n%s", d)
	}
	src := appSetSource(t, g)
	if src.Plugin.Name != name {
		t.Errorf("the ApplicationSet names plugin %q, plugin.yaml is %q", src.Plugin.Name, name)
	}
	if len(src.Plugin.Env) != 1 || src.Plugin.Env[0].Name != "CLUSTER" || src.Plugin.Env[0].Value != "{{name}}" {
		t.Errorf("the ApplicationSet passes plugin env %+v, want CLUSTER={{name}}", src.Plugin.Env)
	}
}

type appSource struct {
	RepoURL        string `json:"repoURL"`
	Path           string `json:"path"`
	TargetRevision string `json:"targetRevision"`
	Plugin         struct {
		Name string `json:"name"`
		Env  []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"env"`
	} `json:"plugin"`
}

func appSetSource(t *testing.T, appset map[string]any) appSource {
	t.Helper()
	spec, _ := appset["spec"].(map[string]any)
	tmpl, _ := spec["template"].(map[string]any)
	tspec, _ := tmpl["spec"].(map[string]any)
	raw, err := yaml.Marshal(tspec["source"])
	if err != nil {
		t.Fatal(err)
	}
	var s appSource
	if err := yaml.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	return s
}
