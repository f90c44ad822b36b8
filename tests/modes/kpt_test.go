package modes

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// kptTree checks a hydrated package against `vmfleet render` of its fleet:
// the same relative paths and the same objects (kpt marks kustomization.yaml
// local-config); both write the same inventory, .vmfleet-tree.yaml. Then it builds
// the package's hub and overlays with kustomize, which must give `vmfleet
// build` (what Argo CD applies from this tree).
func kptTree(t *testing.T, tl tools, ws, path, pkg string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "render")
	vmfleet(t, tl, "render", filepath.Join(pkg, "fleet.yaml"), "-o", out)
	want := readTree(t, out)
	// One inventory format: kpt's is the object `vmfleet render` writes.
	if d := cmp.Diff(parseStream(t, want[".vmfleet-tree.yaml"]), parseStream(t, readTree(t, pkg)[".vmfleet-tree.yaml"])); d != "" {
		t.Errorf("the kpt package's inventory differs from vmfleet render's (-render +kpt):\n%s", d)
	}
	delete(want, ".vmfleet-tree.yaml")
	got := readTree(t, pkg)
	for _, p := range []string{"Kptfile", "fleet.yaml", ".vmfleet-tree.yaml"} {
		if _, ok := got[p]; !ok {
			t.Errorf("the package has no %s after the render", p)
		}
		delete(got, p)
	}
	if d := cmp.Diff(paths(want), paths(got)); d != "" {
		t.Fatalf("files of the kpt tree differ from vmfleet render (-render +kpt):\n%s", d)
	}
	for p, w := range want {
		wo := parseStream(t, w)
		g := parseStream(t, got[p])
		if len(wo) != 1 || len(g) != 1 {
			t.Errorf("%s: %d objects from render, %d from kpt; want 1", p, len(wo), len(g))
			continue
		}
		if str(g[0], "kind") == "Kustomization" {
			if str(g[0], "metadata", "annotations", "config.kubernetes.io/local-config") != "true" {
				t.Errorf("%s is not marked local-config", p)
			}
			meta := g[0]["metadata"].(map[string]any)
			anns := meta["annotations"].(map[string]any)
			delete(anns, "config.kubernetes.io/local-config")
			if len(anns) == 0 {
				delete(meta, "annotations")
			}
			if len(meta) == 0 {
				delete(g[0], "metadata")
			}
		}
		if d := cmp.Diff(wo[0], g[0]); d != "" {
			t.Errorf("%s differs from vmfleet render (-render +kpt):\n%s", p, d)
		}
	}

	inv := parseStream(t, readTree(t, pkg)[".vmfleet-tree.yaml"])
	if len(inv) != 1 || str(inv[0], "kind") != "VMFleetTree" || str(inv[0], "metadata", "annotations", "config.kubernetes.io/local-config") != "true" {
		t.Errorf(".vmfleet-tree.yaml is not a local-config VMFleetTree: %v", inv)
	} else {
		var files []string
		for _, f := range inv[0]["files"].([]any) {
			files = append(files, f.(string))
		}
		sort.Strings(files)
		if d := cmp.Diff(paths(want), files); d != "" {
			t.Errorf("the inventory does not list the generated files (-generated +listed):\n%s", d)
		}
	}

	fleet := filepath.Join(pkg, "fleet.yaml")
	for _, c := range append([]string{""}, clusters...) {
		dir, args := filepath.Join(pkg, "hub"), []string{"build", fleet}
		if c != "" {
			dir, args = filepath.Join(pkg, "overlays", c), append(args, "--cluster", c)
		}
		if _, err := os.Stat(dir); err != nil {
			continue // a cluster that left the fleet
		}
		r := tool(t, ws, path, ws, nil, "kustomize", "build", dir)
		if r.err != nil {
			t.Fatalf("kustomize build %s: %s", dir, r)
		}
		sameObjects(t, "kustomize build "+dir+" vs vmfleet "+strings.Join(args, " "), vmfleet(t, tl, args...), []byte(r.stdout))
	}
}

func TestKptRender(t *testing.T) {
	tl := need(t)
	ws, path := workspace(t, tl)
	pkg := filepath.Join(ws, "examples/kpt/exec")
	fleet := filepath.Join(pkg, "fleet.yaml")
	original, err := os.ReadFile(fleet)
	if err != nil {
		t.Fatal(err)
	}

	r := runBlock(t, ws, path, readmeBlocks(t)["kpt-render"])
	if r.err != nil {
		t.Fatalf("README kpt-render: %s", r)
	}
	kptTree(t, tl, ws, path, pkg)
	if now, _ := os.ReadFile(fleet); string(now) != string(original) {
		t.Errorf("kpt rewrote the example's fleet.yaml:\n%s", cmp.Diff(string(original), string(now)))
	}

	render := func() result {
		return tool(t, ws, path, ws, nil, "kpt", "fn", "render", pkg, "--allow-exec")
	}
	t.Run("second render changes nothing", func(t *testing.T) {
		before := readTree(t, pkg)
		if r := render(); r.err != nil {
			t.Fatalf("second render: %s", r)
		}
		sameBytes(t, "the second render changed the package", before, readTree(t, pkg))
	})

	t.Run("a VM that leaves the fleet takes its files along", func(t *testing.T) {
		data, _ := os.ReadFile(fleet)
		i := strings.Index(string(data), "    - name: payments-web\n")
		if i < 0 {
			t.Fatal("the fleet has no VM payments-web")
		}
		// Not before it is retired: Argo CD would not prune it (Prune=false).
		writeFile(t, fleet, string(data[:i]), 0o644) // payments-web is the last VM
		before := readTree(t, pkg)
		if r := render(); r.err == nil || !strings.Contains(r.stdout+r.stderr, `vm "payments-web" leaves cluster`) {
			t.Fatalf("an unretired VM left the fleet: %s", r)
		}
		sameBytes(t, "a refused render changed the package", before, readTree(t, pkg))
		writeFile(t, fleet, string(data[:i])+"    - name: payments-web\n      state: retired\n"+string(data[i+len("    - name: payments-web\n"):]), 0o644)
		if r := render(); r.err != nil {
			t.Fatalf("render retiring payments-web: %s", r)
		}
		writeFile(t, fleet, string(data[:i]), 0o644)
		if r := render(); r.err != nil {
			t.Fatalf("render: %s", r)
		}
		for p := range readTree(t, pkg) {
			if strings.Contains(p, "payments-web") {
				t.Errorf("%s is still there", p)
			}
		}
		kptTree(t, tl, ws, path, pkg)
	})

	t.Run("an invalid fleet fails and changes nothing", func(t *testing.T) {
		edit(t, fleet, "      accessMode: ReadWriteOnce\n", "      accessMode: ReadWriteOnce\n      bogus: 1\n")
		before := readTree(t, pkg)
		r := render()
		if r.err == nil {
			t.Fatalf("an invalid fleet rendered: %s", r)
		}
		if !strings.Contains(r.stdout+r.stderr, "fleet.yaml: error: spec.clusters[1].bogus: unknown field") {
			t.Errorf("kpt does not show the finding: %s", r)
		}
		sameBytes(t, "a failed render changed the package", before, readTree(t, pkg))
		edit(t, fleet, "      bogus: 1\n", "")
	})

	t.Run("two fleets in one folder are an error", func(t *testing.T) {
		data, _ := os.ReadFile(fleet)
		writeFile(t, filepath.Join(pkg, "fleet2.yaml"), strings.Replace(string(data), "name: payments\n", "name: payments-copy\n", 1), 0o644)
		before := readTree(t, pkg)
		r := render()
		if r.err == nil {
			t.Fatalf("two fleets writing the same files rendered: %s", r)
		}
		if !strings.Contains(r.stdout+r.stderr, "would be written by two fleets") {
			t.Errorf("kpt does not show why: %s", r)
		}
		sameBytes(t, "a failed render changed the package", before, readTree(t, pkg))
		if err := os.Remove(filepath.Join(pkg, "fleet2.yaml")); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("without --allow-exec kpt refuses", func(t *testing.T) {
		before := readTree(t, pkg)
		r := tool(t, ws, path, ws, nil, "kpt", "fn", "render", pkg)
		if r.err == nil || !strings.Contains(r.stderr, "--allow-exec") {
			t.Errorf("kpt fn render without --allow-exec: %s", r)
		}
		sameBytes(t, "a refused render changed the package", before, readTree(t, pkg))
	})
}

func TestKptEval(t *testing.T) {
	tl := need(t)
	ws, path := workspace(t, tl)
	r := runBlock(t, ws, path, readmeBlocks(t)["kpt-eval"])
	if r.err != nil {
		t.Fatalf("README kpt-eval: %s", r)
	}
	pkg := filepath.Join(ws, "examples/kpt/exec")
	kptTree(t, tl, ws, path, pkg)

	// eval then render: the same files, byte for byte.
	before := readTree(t, pkg)
	if r := tool(t, ws, path, ws, nil, "kpt", "fn", "render", pkg, "--allow-exec"); r.err != nil {
		t.Fatalf("render after eval: %s", r)
	}
	sameBytes(t, "render after eval changed the package", before, readTree(t, pkg))
}
