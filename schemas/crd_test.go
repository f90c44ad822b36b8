package schemas_test

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	apiextv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"sigs.k8s.io/yaml"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/schemas"
)

func loadCRD(t *testing.T) *apiextv1.CustomResourceDefinition {
	t.Helper()
	var crd apiextv1.CustomResourceDefinition
	if err := yaml.UnmarshalStrict(schemas.CRD(), &crd); err != nil {
		t.Fatalf("CRD() does not parse as an apiextensions.k8s.io/v1 CustomResourceDefinition: %v", err)
	}
	return &crd
}

func TestCRD(t *testing.T) {
	crd := loadCRD(t)
	if crd.APIVersion != "apiextensions.k8s.io/v1" || crd.Kind != "CustomResourceDefinition" {
		t.Fatalf("CRD() is a %s %s", crd.APIVersion, crd.Kind)
	}
	if crd.Name != "vmfleets."+v1alpha1.Group || crd.Spec.Group != v1alpha1.Group {
		t.Errorf("name %q group %q", crd.Name, crd.Spec.Group)
	}
	n := crd.Spec.Names
	if n.Kind != v1alpha1.Kind || n.ListKind != "VMFleetList" || n.Plural != "vmfleets" || n.Singular != "vmfleet" {
		t.Errorf("names = %+v", n)
	}
	if crd.Spec.Scope != apiextv1.NamespaceScoped {
		t.Errorf("scope = %s", crd.Spec.Scope)
	}
	if len(crd.Spec.Versions) != 1 {
		t.Fatalf("%d versions, want 1", len(crd.Spec.Versions))
	}
	v := crd.Spec.Versions[0]
	if v.Name != v1alpha1.Version || !v.Served || !v.Storage {
		t.Errorf("version %s served=%v storage=%v, want %s served and stored", v.Name, v.Served, v.Storage, v1alpha1.Version)
	}
	if v.Schema == nil || v.Schema.OpenAPIV3Schema == nil {
		t.Fatal("no openAPIV3Schema")
	}
	root := v.Schema.OpenAPIV3Schema
	// A CRD may only constrain metadata.name and metadata.generateName; the
	// apiserver rejects anything else there.
	if m, ok := root.Properties["metadata"]; ok {
		for k := range m.Properties {
			if k != "name" && k != "generateName" {
				t.Errorf("the CRD constrains metadata.%s", k)
			}
		}
		if m.Type != "object" {
			t.Errorf("metadata type = %q", m.Type)
		}
	}
	for _, k := range []string{"apiVersion", "kind", "metadata", "spec"} {
		if _, ok := root.Properties[k]; !ok {
			t.Errorf("the CRD schema has no %s", k)
		}
	}
}

// TestCRDAndJSONSchemaAgree walks the CRD's spec schema and the JSON Schema's
// side by side: same properties, types, enums, bounds, patterns, required
// fields and descriptions, and no unknown field allowed in the JSON Schema
// where the CRD would prune it.
func TestCRDAndJSONSchemaAgree(t *testing.T) {
	crd := loadCRD(t)
	raw, err := json.Marshal(crd.Spec.Versions[0].Schema.OpenAPIV3Schema)
	if err != nil {
		t.Fatal(err)
	}
	var crdRoot, js map[string]any
	if err := json.Unmarshal(raw, &crdRoot); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(schemas.JSONSchema(), &js); err != nil {
		t.Fatal(err)
	}
	if crdRoot["description"] != js["description"] {
		t.Errorf("root description differs: %q vs %q", crdRoot["description"], js["description"])
	}
	crdSpec := crdRoot["properties"].(map[string]any)["spec"].(map[string]any)
	jsSpec := js["properties"].(map[string]any)["spec"].(map[string]any)
	nodes := agree(t, "spec", crdSpec, jsSpec)
	if nodes < 100 {
		t.Errorf("compared only %d schema nodes; the walk is broken", nodes)
	}
}

func agree(t *testing.T, path string, c, j map[string]any) int {
	t.Helper()
	n := 1
	for _, k := range []string{"type", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength",
		"minItems", "maxItems", "minProperties", "maxProperties", "required", "description"} {
		cv := c[k]
		if k == "type" && c["x-kubernetes-int-or-string"] == true {
			if _, ok := j["anyOf"]; !ok {
				t.Errorf("%s: int-or-string without anyOf", path)
			}
			continue
		}
		if (k == "minimum" || k == "maximum") && cv == nil && intBound(c["format"], k, j[k]) {
			continue // the JSON Schema states the range of format int32/int64
		}
		if !reflect.DeepEqual(cv, j[k]) {
			t.Errorf("%s: %s is %v in the CRD, %v in the JSON Schema", path, k, cv, j[k])
		}
	}
	for k := range j {
		if strings.HasPrefix(k, "x-kubernetes-") {
			t.Errorf("%s: JSON Schema carries %s", path, k)
		}
	}
	cp, _ := c["properties"].(map[string]any)
	jp, _ := j["properties"].(map[string]any)
	if len(cp) != len(jp) {
		t.Errorf("%s: %d properties in the CRD, %d in the JSON Schema", path, len(cp), len(jp))
	}
	for name, sub := range cp {
		jsub, ok := jp[name].(map[string]any)
		if !ok {
			t.Errorf("%s.%s: missing from the JSON Schema", path, name)
			continue
		}
		n += agree(t, path+"."+name, sub.(map[string]any), jsub)
	}
	if ci, ok := c["items"].(map[string]any); ok {
		ji, ok := j["items"].(map[string]any)
		if !ok {
			t.Errorf("%s: items missing from the JSON Schema", path)
		} else {
			n += agree(t, path+"[]", ci, ji)
		}
	}
	switch ca := c["additionalProperties"].(type) {
	case map[string]any:
		ja, ok := j["additionalProperties"].(map[string]any)
		if !ok {
			t.Errorf("%s: additionalProperties is %v in the JSON Schema", path, j["additionalProperties"])
		} else {
			n += agree(t, path+"{}", ca, ja)
		}
	case nil:
		if c["type"] == "object" && c["x-kubernetes-preserve-unknown-fields"] != true && j["additionalProperties"] != false {
			t.Errorf("%s: the JSON Schema allows fields the CRD prunes", path)
		}
	}
	return n
}

// intBound reports whether v is the minimum or maximum (which) of OpenAPI
// integer format f.
func intBound(f any, which string, v any) bool {
	bounds := map[string][2]float64{"int32": {math.MinInt32, math.MaxInt32}, "int64": {math.MinInt64, math.MaxInt64}}
	b, ok := bounds[fmt.Sprint(f)]
	if !ok {
		return false
	}
	want := b[0]
	if which == "maximum" {
		want = b[1]
	}
	n, ok := v.(float64)
	return ok && n == want
}
