package fn

import (
	"fmt"
	"path"

	sdk "github.com/GoogleContainerTools/kpt-functions-sdk/go/fn"

	"vmfleet.dev/vmfleet/internal/inventory"
	"vmfleet.dev/vmfleet/render"
)

// packageMode drops what vmfleet generated before (as listed by the
// inventories) and renders every VMFleet item into the tree next to it.
func packageMode(items sdk.KubeObjects) (sdk.KubeObjects, sdk.Results, error) {
	previous, err := previousFiles(items)
	if err != nil {
		return nil, nil, err
	}
	var (
		kept    sdk.KubeObjects
		fleets  sdk.KubeObjects
		results sdk.Results
	)
	foreign := map[string]*sdk.KubeObject{} // path -> an item vmfleet did not generate
	for _, it := range items {
		p := pathOf(it)
		if isInventory(it) || (p != "" && previous[path.Clean(p)]) {
			continue
		}
		kept = append(kept, it)
		if p != "" {
			foreign[path.Clean(p)] = it
		}
		if isFleet(it) {
			fleets = append(fleets, it)
		}
	}

	type file struct {
		path  string
		fleet *sdk.KubeObject
		obj   *sdk.KubeObject
	}
	var generated []file
	owner := map[string]*sdk.KubeObject{} // path -> the fleet generating it
	for _, f := range fleets {
		fleet, found, err := load(f)
		results = append(results, found...)
		if err != nil {
			return nil, nil, err
		}
		if fleet == nil {
			continue
		}
		tree, err := fleet.Tree()
		if err != nil {
			results = append(results, resultAt(f, sdk.Error, "", err.Error()))
			continue
		}
		dir := path.Dir(pathOf(f))
		results = append(results, previousFindings(f, fleet, dir, items, previous)...)
		var listed []string
		for _, tf := range tree {
			p := path.Join(dir, tf.Path)
			anns := fileAnnotations(p)
			if path.Base(tf.Path) == render.KustomizationFile {
				anns[localConfig] = "true"
			}
			ko, err := kubeObject(tf.Object, anns)
			if err != nil {
				return nil, nil, err
			}
			generated = append(generated, file{p, f, ko})
			listed = append(listed, tf.Path)
		}
		invPath := path.Join(dir, InventoryFile)
		inv, err := kubeObject(inventory.New(fleet.Name(), listed), fileAnnotations(invPath))
		if err != nil {
			return nil, nil, err
		}
		generated = append(generated, file{invPath, f, inv})
	}
	// Collisions: reported per fleet, the first few by name.
	const shown = 3
	clashes := map[*sdk.KubeObject]int{}
	clash := func(f *sdk.KubeObject, msg string) {
		if clashes[f]++; clashes[f] <= shown {
			results = append(results, resultAt(f, sdk.Error, "", msg))
		}
	}
	for _, g := range generated {
		if other, dup := owner[g.path]; dup && other != g.fleet {
			clash(g.fleet, fmt.Sprintf("%s would be written by two fleets, %s (%s) and %s (%s): give each fleet a folder of its own",
				g.path, other.GetName(), pathOf(other), g.fleet.GetName(), pathOf(g.fleet)))
			continue
		}
		owner[g.path] = g.fleet
		if it, ok := foreign[g.path]; ok {
			clash(g.fleet, fmt.Sprintf("refusing to overwrite %s (%s %q): vmfleet did not generate it; move it away or remove it",
				g.path, it.GetKind(), it.GetName()))
		}
	}
	for _, f := range fleets {
		if n := clashes[f]; n > shown {
			results = append(results, resultAt(f, sdk.Error, "", fmt.Sprintf("… and %d more files of this fleet clash the same way", n-shown)))
		}
	}
	if hasErrors(results) {
		return nil, results, nil
	}
	out := append(sdk.KubeObjects(nil), kept...)
	for _, g := range generated {
		out = append(out, g.obj)
	}
	return out, results, nil
}

// fileAnnotations place an item in a file of its own: kpt v1 reads the
// internal.config.kubernetes.io ones, older orchestrators the others.
func fileAnnotations(p string) map[string]string {
	return map[string]string{pathAnnotation: p, legacyPath: p, indexAnnotation: "0", legacyIndex: "0"}
}

// previousFiles reads the package's inventories: the files vmfleet
// generated there, which this run drops and regenerates. An inventory is
// trusted only with what vmfleet could have generated beside it (see
// inventory.Generated): an entry naming anything else (../x, the fleet's
// own file, a user's file) is an error and nothing is dropped.
func previousFiles(items sdk.KubeObjects) (map[string]bool, error) {
	protected := map[string]string{} // path -> why it is never vmfleet's to drop
	for _, it := range items {
		if p := pathOf(it); p != "" && (isFleet(it) || isInventory(it)) {
			protected[path.Clean(p)] = it.GetKind()
		}
	}
	previous := map[string]bool{}
	for _, it := range items {
		if !isInventory(it) {
			continue
		}
		p := pathOf(it)
		if p == "" || path.Base(p) != InventoryFile {
			return nil, fmt.Errorf("inventory %q at %q: a %s lives in a file named %s beside its fleet; remove this one", it.GetName(), p, InventoryKind, InventoryFile)
		}
		files, err := inventory.Parse([]byte(it.String()))
		if err != nil {
			return nil, fmt.Errorf("inventory %s: %w", p, err)
		}
		dir := path.Dir(path.Clean(p))
		for _, f := range files {
			full := path.Join(dir, f)
			if kind, ok := protected[full]; ok {
				return nil, fmt.Errorf("inventory %s: it lists %s, which holds a %s, not a file vmfleet generated; restore the inventory", p, f, kind)
			}
			previous[full] = true
		}
	}
	return previous, nil
}
