package fn_test

import (
	"path"
	"sort"
	"strings"
	"testing"

	sdk "github.com/GoogleContainerTools/kpt-functions-sdk/go/fn"
	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"

	"vmfleet.dev/vmfleet/fn"
	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/render"
)

// tree runs the function in package mode and returns the items by path.
func tree(t *testing.T, items []string) (map[string]*sdk.KubeObject, *sdk.ResourceList) {
	t.Helper()
	out, stderr, code := run(t, resourceList(items, ""))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	byPath := map[string]*sdk.KubeObject{}
	for _, it := range out.Items {
		p := it.GetAnnotation("internal.config.kubernetes.io/path")
		if _, dup := byPath[p]; dup {
			t.Fatalf("two items at %s", p)
		}
		byPath[p] = it
	}
	return byPath, out
}

// items turns a package-mode output back into input items, as kpt does
// between two renders.
func items(out *sdk.ResourceList) []string {
	var list []string
	for _, it := range out.Items {
		list = append(list, indent([]byte(it.String()), nil))
	}
	return list
}

func TestPackageTree(t *testing.T) {
	data := readFleet(t)
	fleet := loadFleet(t, data)
	files, err := fleet.Tree()
	if err != nil {
		t.Fatal(err)
	}
	kptfile := "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: pkg\n"
	in := []string{indent([]byte(kptfile), atPath("Kptfile")), indent(data, atPath("fleets/ha/fleet.yaml"))}

	got, out := tree(t, in)
	want := map[string]bool{"Kptfile": true, "fleets/ha/fleet.yaml": true, "fleets/ha/" + fn.InventoryFile: true}
	for _, f := range files {
		want["fleets/ha/"+f.Path] = true
		ko, ok := got["fleets/ha/"+f.Path]
		if !ok {
			continue
		}
		doc, err := emit.YAML(f.Object)
		if err != nil {
			t.Fatal(err)
		}
		var wantObj, gotObj map[string]any
		if err := yaml.Unmarshal(doc, &wantObj); err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal([]byte(ko.String()), &gotObj); err != nil {
			t.Fatal(err)
		}
		meta, _ := gotObj["metadata"].(map[string]any)
		anns, _ := meta["annotations"].(map[string]any)
		for k := range anns {
			if strings.Contains(k, "config.kubernetes.io/") {
				delete(anns, k)
			}
		}
		if len(anns) == 0 {
			delete(meta, "annotations")
		}
		if len(meta) == 0 {
			delete(gotObj, "metadata")
		}
		if path.Base(f.Path) == render.KustomizationFile && ko.GetAnnotation("config.kubernetes.io/local-config") != "true" {
			t.Errorf("%s is not local-config", f.Path)
		}
		if d := cmp.Diff(wantObj, gotObj); d != "" {
			t.Errorf("%s differs from vmfleet render (-want +got):\n%s", f.Path, d)
		}
	}
	var gotPaths, wantPaths []string
	for p := range got {
		gotPaths = append(gotPaths, p)
	}
	for p := range want {
		wantPaths = append(wantPaths, p)
	}
	sort.Strings(gotPaths)
	sort.Strings(wantPaths)
	if d := cmp.Diff(wantPaths, gotPaths); d != "" {
		t.Fatalf("paths (-want +got):\n%s", d)
	}

	// A second run over the first one's output changes nothing.
	again, out2 := tree(t, items(out))
	for p, o := range got {
		if again[p] == nil || again[p].String() != o.String() {
			t.Errorf("second run changed %s", p)
		}
	}
	if len(again) != len(got) {
		t.Errorf("second run: %d items, first %d", len(again), len(got))
	}

	// A VM leaves the fleet only once it was retired (its live copy must lose
	// Prune=false first); then it takes its files along.
	editFleet := func(in []string, text func(string) string, edit func(o *sdk.KubeObject)) []string {
		out := append([]string(nil), in...)
		for i, it := range out {
			if strings.Contains(it, "kind: VMFleet\n") {
				o, err := sdk.ParseKubeObject([]byte(text(string(data))))
				if err != nil {
					t.Fatal(err)
				}
				vms, _, err := o.NestedSlice("spec", "vms")
				if err != nil || len(vms) == 0 {
					t.Fatal("no vms")
				}
				edit(o)
				out[i] = indent([]byte(o.String()), atPath("fleets/ha/fleet.yaml"))
			}
		}
		return out
	}
	same := func(s string) string { return s }
	removeVMs := func(o *sdk.KubeObject) {
		if _, err := o.RemoveNestedField("spec", "vms"); err != nil {
			t.Fatal(err)
		}
	}
	if _, stderr, code := run(t, resourceList(editFleet(items(out2), same, removeVMs), "")); code != 1 || !strings.Contains(stderr, "without being retired there first") {
		t.Errorf("a VM left the fleet unretired: exit %d, stderr:\n%s", code, stderr)
	}
	retire := func(s string) string {
		return strings.ReplaceAll(s, "\n      namespace: tenant-payments\n      clusters:", "\n      namespace: tenant-payments\n      state: retired\n      clusters:")
	}
	_, out3 := tree(t, editFleet(items(out2), retire, func(*sdk.KubeObject) {}))
	third, _ := tree(t, editFleet(items(out3), same, removeVMs))
	for p := range third {
		if strings.HasPrefix(p, "fleets/ha/base/") {
			t.Errorf("%s is still there after its VM left the fleet", p)
		}
	}
	if third["fleets/ha/hub/kustomization.yaml"] == nil {
		t.Error("the hub is gone too")
	}
}

func TestPackageFailuresChangeNothing(t *testing.T) {
	data := readFleet(t)
	other := strings.Replace(string(data), "name: payments-ha", "name: other", 1)
	bad := strings.Replace(string(data), "  clusters:\n", "  clusters:\n    - bogus: 1\n", 1)
	foreign := "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n"
	for _, tc := range []struct {
		name  string
		items []string
		want  []string
	}{
		{"two fleets, one folder", []string{indent(data, atPath("fleet.yaml")), indent([]byte(other), atPath("other.yaml"))},
			[]string{"would be written by two fleets", "payments-ha (fleet.yaml)", "other (other.yaml)"}},
		{"invalid fleet", []string{indent([]byte(bad), atPath("x/fleet.yaml"))},
			[]string{"vmfleet: x/fleet.yaml: error: spec.clusters[0].bogus: unknown field", "nothing was generated"}},
		{"foreign file", []string{indent(data, atPath("fleet.yaml")), indent([]byte(foreign), atPath("hub/kustomization.yaml"))},
			[]string{"refusing to overwrite hub/kustomization.yaml (ConfigMap \"mine\")"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := resourceList(tc.items, "")
			out, stderr, code := run(t, in)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if len(out.Results) == 0 || out.Results[0].Severity != sdk.Error {
				t.Errorf("no error result: %v", out.Results)
			}
			if len(out.Items) != len(tc.items) {
				t.Errorf("a failed run returned %d items, want the %d it got", len(out.Items), len(tc.items))
			}
			for _, it := range out.Items {
				if it.GetKind() == "VMFleet" && it.GetAnnotation(fn.GeneratedAnnotation) != "" {
					t.Error("a failed run annotated the fleet")
				}
			}
		})
	}
}

func TestNoFleetDropsPreviousOutput(t *testing.T) {
	data := readFleet(t)
	got, out := tree(t, []string{indent(data, atPath("fleet.yaml"))})
	if len(got) < 5 {
		t.Fatalf("only %d items", len(got))
	}
	var rest []string
	for _, it := range items(out) {
		if !strings.Contains(it, "kind: VMFleet\n") {
			rest = append(rest, it)
		}
	}
	after, _ := tree(t, rest)
	if len(after) != 0 {
		t.Errorf("with the fleet gone, %d generated items remain", len(after))
	}
}
