package main

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

func mustJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestConvert(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"object with properties is closed",
			`{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}`,
			`{"type":"object","properties":{"a":{"type":"string"}},"required":["a"],"additionalProperties":false}`},
		{"empty struct is closed",
			`{"type":"object","description":"d"}`,
			`{"type":"object","description":"d","additionalProperties":false}`},
		{"map stays a map",
			`{"type":"object","additionalProperties":{"type":"string"}}`,
			`{"type":"object","additionalProperties":{"type":"string"}}`},
		{"preserve-unknown-fields stays open",
			`{"type":"object","x-kubernetes-preserve-unknown-fields":true}`,
			`{"type":"object"}`},
		{"embedded resource stays open",
			`{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true}`,
			`{"type":"object"}`},
		{"int-or-string from controller-gen",
			`{"anyOf":[{"type":"integer"},{"type":"string"}],"x-kubernetes-int-or-string":true}`,
			`{"anyOf":[{"type":"integer"},{"type":"string"}]}`},
		{"int-or-string alone",
			`{"x-kubernetes-int-or-string":true}`,
			`{"anyOf":[{"type":"integer"},{"type":"string"}]}`},
		{"nullable",
			`{"type":"string","nullable":true,"enum":["a"]}`,
			`{"type":["string","null"],"enum":["a",null]}`},
		{"exclusive bounds become numbers",
			`{"type":"integer","minimum":0,"exclusiveMinimum":true,"maximum":10,"exclusiveMaximum":false}`,
			`{"type":"integer","exclusiveMinimum":0,"maximum":10}`},
		{"openapi formats dropped, draft-07 formats kept",
			`{"type":"object","properties":{"f":{"type":"number","format":"double"},"d":{"type":"string","format":"date-time"}}}`,
			`{"type":"object","properties":{"f":{"type":"number"},"d":{"type":"string","format":"date-time"}},"additionalProperties":false}`},
		{"integer formats become their range, unless a bound is narrower",
			`{"type":"object","properties":{"n":{"type":"integer","format":"int32"},"m":{"type":"integer","format":"int64","minimum":1}}}`,
			`{"type":"object","properties":{"n":{"type":"integer","minimum":-2147483648,"maximum":2147483647},"m":{"type":"integer","minimum":1,"maximum":9223372036854775807}},"additionalProperties":false}`},
		{"set lists are unique, CEL dropped",
			`{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"set","x-kubernetes-validations":[{"rule":"true"}]}`,
			`{"type":"array","items":{"type":"string"},"uniqueItems":true}`},
		{"map lists lose their keys",
			`{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"}}},"x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"]}`,
			`{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"}},"additionalProperties":false}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := convert(mustJSON(t, tc.in), "x")
			if err != nil {
				t.Fatal(err)
			}
			if want := mustJSON(t, tc.want); !reflect.DeepEqual(got, want) {
				g, _ := json.Marshal(got)
				t.Errorf("got  %s\nwant %s", g, tc.want)
			}
		})
	}
}

func TestConvertRejectsUnknownKeys(t *testing.T) {
	_, err := convert(mustJSON(t, `{"type":"object","properties":{"a":{"type":"string","x-kubernetes-new-thing":1}}}`), "spec")
	if err == nil || !strings.Contains(err.Error(), "spec.a.x-kubernetes-new-thing") {
		t.Fatalf("err = %v, want one naming spec.a.x-kubernetes-new-thing", err)
	}
}

const testCRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: vmfleets.vmfleet.dev}
spec:
  group: vmfleet.dev
  names: {kind: VMFleet, plural: vmfleets}
  scope: Namespaced
  versions:
  - name: v1alpha1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        description: A fleet <of VMs>.
        type: object
        properties:
          apiVersion: {type: string}
          kind: {type: string}
          metadata: {type: object}
          spec:
            type: object
            required: [vlan]
            properties:
              vlan: {type: integer, format: int32, minimum: 1, maximum: 4094}
`

const testMetaCRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: vmfleetmetadata.vmfleet.dev}
spec:
  group: vmfleet.dev
  names: {kind: VMFleetMetadata, plural: vmfleetmetadata}
  scope: Namespaced
  versions:
  - name: v1alpha1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [name]
            properties:
              name: {type: string, maxLength: 63}
`

func TestGenerate(t *testing.T) {
	a, err := Generate([]byte(testCRD), []byte(testMetaCRD))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate([]byte(testCRD), []byte(testMetaCRD))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two runs differ")
	}
	want := `{
  "$id": "https://vmfleet.dev/schemas/vmfleet.schema.json",
  "$schema": "http://json-schema.org/draft-07/schema#",
  "additionalProperties": false,
  "description": "A fleet <of VMs>.",
  "properties": {
    "apiVersion": {
      "const": "vmfleet.dev/v1alpha1",
      "description": "APIVersion of the fleet: vmfleet.dev/v1alpha1.",
      "type": "string"
    },
    "kind": {
      "const": "VMFleet",
      "description": "Kind of the fleet: VMFleet.",
      "type": "string"
    },
    "metadata": {
      "additionalProperties": false,
      "properties": {
        "name": {
          "maxLength": 63,
          "type": "string"
        }
      },
      "required": [
        "name"
      ],
      "type": "object"
    },
    "spec": {
      "additionalProperties": false,
      "properties": {
        "vlan": {
          "maximum": 4094,
          "minimum": 1,
          "type": "integer"
        }
      },
      "required": [
        "vlan"
      ],
      "type": "object"
    }
  },
  "required": [
    "apiVersion",
    "kind",
    "metadata",
    "spec"
  ],
  "title": "VMFleet",
  "type": "object"
}
`
	if string(a) != want {
		t.Errorf("got:\n%s", a)
	}
}

func TestGenerateChecksTheCRD(t *testing.T) {
	for name, crd := range map[string]string{
		"other kind":      strings.Replace(testCRD, "kind: VMFleet,", "kind: Other,", 1),
		"not served":      strings.Replace(testCRD, "served: true", "served: false", 1),
		"other version":   strings.Replace(testCRD, "name: v1alpha1", "name: v1beta1", 1),
		"not a CRD":       strings.Replace(testCRD, "kind: CustomResourceDefinition", "kind: ConfigMap", 1),
		"no spec":         strings.Replace(testCRD, "          spec:\n", "          spek:\n", 1),
		"unknown keyword": strings.Replace(testCRD, "format: int32", "format: int32, x-new: 1", 1),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Generate([]byte(crd), []byte(testMetaCRD)); err == nil {
				t.Error("no error")
			}
		})
	}
	noName := strings.Replace(testMetaCRD, "required: [name]", "required: []", 1)
	if _, err := Generate([]byte(testCRD), []byte(noName)); err == nil {
		t.Error("metadata without a required name: no error")
	}
}

// TestRunWritesAtomically: run replaces the output file and leaves no temp file.
func TestRunWritesAtomically(t *testing.T) {
	dir := t.TempDir()
	crd, meta, out := dir+"/crd.yaml", dir+"/meta.yaml", dir+"/out.json"
	for p, s := range map[string]string{crd: testCRD, meta: testMetaCRD, out: "old"} {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := run(crd, meta, out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(b, []byte("{\n")) {
		t.Fatalf("out = %q, %v", b, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("%d files in the output folder, want 3", len(entries))
	}
}
