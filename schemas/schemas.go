// Package schemas ships the VMFleet schemas generated from api/v1alpha1 (make
// schemas; make check-schemas fails when they are stale):
//
//   - vmfleet.dev_vmfleets.yaml, the CustomResourceDefinition (controller-gen);
//   - vmfleet.schema.json, a JSON Schema (draft-07) for editors and
//     kubeconform-style checkers, translated from the CRD by hack/jsonschema.
//     Unlike the CRD it rejects unknown fields and requires metadata.name.
//
// An editor with yaml-language-server picks the JSON Schema up from a comment
// at the top of a fleet file, naming the file relative to the fleet (or by URL
// where it is published; `vmfleet schema > vmfleet.schema.json` writes it):
//
//	# yaml-language-server: $schema=../schemas/vmfleet.schema.json
//
// kubeconform finds it with -schema-location 'schemas/{{.ResourceKind}}.schema.json'
// (ResourceKind is the lower-case kind, vmfleet).
package schemas

import _ "embed"

// Names of the files in this directory.
const (
	CRDFile        = "vmfleet.dev_vmfleets.yaml"
	JSONSchemaFile = "vmfleet.schema.json"
	// JSONSchemaID is the $id of the JSON Schema.
	JSONSchemaID = "https://vmfleet.dev/schemas/vmfleet.schema.json"
)

//go:embed vmfleet.schema.json
var jsonSchema []byte

//go:embed vmfleet.dev_vmfleets.yaml
var crd []byte

// JSONSchema returns the JSON Schema (draft-07) of a VMFleet document. The
// caller gets its own copy.
func JSONSchema() []byte { return clone(jsonSchema) }

// CRD returns the VMFleet CustomResourceDefinition (apiextensions.k8s.io/v1)
// as YAML. The caller gets its own copy.
func CRD() []byte { return clone(crd) }

func clone(b []byte) []byte { return append([]byte(nil), b...) }
