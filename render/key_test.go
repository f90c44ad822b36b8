package render_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"vmfleet.dev/vmfleet/render"
	"vmfleet.dev/vmfleet/tests/scale/fixture"
)

// The memo trusts one rule: files with the same key have the same bytes.
// A kustomization's key is made from its fields: it must cover every one
// (a new field fails here until the key holds it), and two kustomizations
// of a tree must share a key exactly when their JSON, which their YAML is
// made from, is the same, including after a change to any one field.
func TestKeysFollowTheJSON(t *testing.T) {
	for typ, fields := range map[reflect.Type]int{
		reflect.TypeOf(render.Kustomization{}): 3, // TypeMeta (apiVersion, kind), Resources, Patches
		reflect.TypeOf(render.Patch{}):         2,
		reflect.TypeOf(render.Target{}):        5,
	} {
		if typ.NumField() != fields {
			t.Errorf("%v has %d fields, the key covers %d: add the new one to kustomizationKey", typ, typ.NumField(), fields)
		}
	}
	fleet, findings := render.Load("fleet.yaml", fixture.Fleet(30, 12))
	if fleet == nil {
		t.Fatalf("fixture does not load: %v", findings)
	}
	files, err := fleet.Tree()
	if err != nil {
		t.Fatal(err)
	}
	// Variants of the first overlay, each one field away from it.
	var first *render.Kustomization
	for _, f := range files {
		if k, ok := f.Object.(*render.Kustomization); ok && len(k.Patches) > 0 {
			first = k
			break
		}
	}
	if first == nil {
		t.Fatal("no kustomization with patches in the fixture")
	}
	clone := func(edit func(k *render.Kustomization)) render.File {
		k := *first
		k.Resources = append([]string(nil), first.Resources...)
		k.Patches = append([]render.Patch(nil), first.Patches...)
		edit(&k)
		return render.File{Path: "x", Object: &k}
	}
	files = append(files,
		clone(func(k *render.Kustomization) { k.APIVersion += "x" }),
		clone(func(k *render.Kustomization) { k.Kind += "x" }),
		clone(func(k *render.Kustomization) { k.Resources = nil }),
		clone(func(k *render.Kustomization) { k.Resources = []string{} }),
		clone(func(k *render.Kustomization) { k.Resources[0] += "x" }),
		clone(func(k *render.Kustomization) {
			k.Resources = append(k.Resources[:1:1], "a"+k.Resources[1], k.Resources[2])
		}),
		clone(func(k *render.Kustomization) { k.Patches = k.Patches[1:] }),
		clone(func(k *render.Kustomization) { k.Patches[0].Patch += " " }),
		clone(func(k *render.Kustomization) { k.Patches[0].Target.Group += "x" }),
		clone(func(k *render.Kustomization) { k.Patches[0].Target.Version += "x" }),
		clone(func(k *render.Kustomization) { k.Patches[0].Target.Kind += "x" }),
		clone(func(k *render.Kustomization) { k.Patches[0].Target.Namespace += "x" }),
		clone(func(k *render.Kustomization) { k.Patches[0].Target.Name += "x" }),
		clone(func(k *render.Kustomization) {}), // the same: same key
	)
	keys, err := render.Keys(files)
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[[32]byte]string{}
	for i, f := range files {
		j, err := json.Marshal(f.Object)
		if err != nil {
			t.Fatal(err)
		}
		if other, ok := byKey[keys[i]]; ok && other != string(j) {
			t.Errorf("%s: same key as an object with other JSON", f.Path)
		}
		byKey[keys[i]] = string(j)
	}
	byJSON := map[string][32]byte{}
	for i, f := range files {
		j, _ := json.Marshal(f.Object)
		if k, ok := byJSON[string(j)]; ok && k != keys[i] {
			t.Errorf("%s: same JSON as another object, other key", f.Path)
		}
		byJSON[string(j)] = keys[i]
	}
	if len(byKey) != len(byJSON) {
		t.Errorf("%d keys for %d distinct JSON documents", len(byKey), len(byJSON))
	}
}
