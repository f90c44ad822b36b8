package crdroot

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"vmfleet.dev/vmfleet/api/v1alpha1"
)

// jsonFields lists a struct's JSON field names with their Go types; inline
// (embedded) structs contribute their own fields.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && (name == "" || strings.Contains(opts, "inline")) {
			for k, v := range jsonFields(f.Type) {
				out[k] = v
			}
			continue
		}
		if name == "-" {
			continue
		}
		out[name] = f.Type
	}
	return out
}

// TestRootMatchesAPI: the VMFleet controller-gen reads has the same JSON
// fields as api/v1alpha1.VMFleet, and takes spec (and, through
// VMFleetMetadata, metadata) from the API types themselves.
func TestRootMatchesAPI(t *testing.T) {
	api := jsonFields(reflect.TypeOf(v1alpha1.VMFleet{}))
	root := jsonFields(reflect.TypeOf(VMFleet{}))
	for name := range api {
		if _, ok := root[name]; !ok {
			t.Errorf("api/v1alpha1.VMFleet has %q; crdroot.VMFleet does not: restate it here", name)
		}
	}
	for name := range root {
		if _, ok := api[name]; !ok {
			t.Errorf("crdroot.VMFleet has %q; api/v1alpha1.VMFleet does not", name)
		}
	}
	if root["spec"] != api["spec"] {
		t.Errorf("crdroot.VMFleet spec is %v, the API's is %v", root["spec"], api["spec"])
	}
	if meta := jsonFields(reflect.TypeOf(VMFleetMetadata{}))["spec"]; meta != api["metadata"] {
		t.Errorf("crdroot.VMFleetMetadata spec is %v, the API's metadata is %v", meta, api["metadata"])
	}
}

// typeDoc returns the doc comment (with its +markers) of a type declared in dir.
func typeDoc(t *testing.T, dir, name string) string {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, s := range g.Specs {
				ts := s.(*ast.TypeSpec)
				if ts.Name.Name != name {
					continue
				}
				doc := ts.Doc
				if doc == nil {
					doc = g.Doc
				}
				if doc == nil {
					return ""
				}
				var lines []string
				for _, c := range doc.List {
					lines = append(lines, strings.TrimSpace(strings.TrimPrefix(c.Text, "//")))
				}
				return strings.Join(lines, "\n")
			}
		}
	}
	t.Fatalf("no type %s in %s", name, dir)
	return ""
}

// TestRootDocMatchesAPI: the CRD's description and resource markers come
// from crdroot.VMFleet, so its doc comment must be the API's, word for word.
func TestRootDocMatchesAPI(t *testing.T) {
	api := typeDoc(t, "../../../api/v1alpha1", "VMFleet")
	root := typeDoc(t, ".", "VMFleet")
	if api != root {
		t.Errorf("the doc comments of VMFleet differ; copy api/v1alpha1's to crdroot.go:\napi/v1alpha1:\n%s\n\ncrdroot:\n%s", api, root)
	}
	if !strings.Contains(root, "+kubebuilder:object:root=true") {
		t.Error("crdroot.VMFleet lost +kubebuilder:object:root=true")
	}
}
