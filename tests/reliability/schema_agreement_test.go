package reliability

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	yaml "go.yaml.in/yaml/v3"

	"vmfleet.dev/vmfleet/internal/decode"
	"vmfleet.dev/vmfleet/internal/diag"
	"vmfleet.dev/vmfleet/schemas"
)

// yamlOnly are the rules of what a schema never sees: the yaml itself, as
// decode reads it, before there is a document to check.
var yamlOnly = map[diag.Rule]bool{
	diag.RuleDuplicateKey: true, diag.RuleAlias: true, diag.RuleLimit: true,
}

// TestSchemaAgreement: the CLI and an editor using the shipped JSON Schema
// agree on every case of the corpus. The editor reads each case as
// yaml-language-server does (yaml 1.2, every document against the schema);
// every case it can read as one fleet document is "schema-checkable". Then:
//   - a case decode rejects for a rule of the schema, the schema rejects;
//   - a case decode accepts (a rule across fields rejects it, in
//     internal/validate), the schema accepts: no rule lives in both;
//   - a case decode rejects only for the yaml itself (a duplicate key, the
//     yaml 1.1 octal trap, an alias), the schema accepts as the editor reads
//     it: what the editor's yaml parser says is its own.
func TestSchemaAgreement(t *testing.T) {
	sch := compileFleetSchema(t)
	cases, err := filepath.Glob(filepath.Join(casesDir, "*", "case.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var checkable, bySchema, acrossFields, yamlLevel []string
	for _, file := range cases {
		name := filepath.Base(filepath.Dir(file))
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		doc, ok := editorDocument(data)
		if !ok {
			continue
		}
		checkable = append(checkable, name)
		editorRejects := sch.Validate(doc) != nil
		_, findings := decode.Fleet(file, data)
		origin := "schema"
		switch {
		case !findings.HasErrors():
			origin = "validate"
			acrossFields = append(acrossFields, name)
		case onlyYAML(findings):
			origin = "yaml"
			yamlLevel = append(yamlLevel, name)
		default:
			bySchema = append(bySchema, name)
		}
		if want := origin == "schema"; editorRejects != want {
			t.Errorf("%s: the CLI rejects it in %s, the JSON Schema rejects it: %v\n%v", name, origin, editorRejects, findings)
		}
	}
	t.Logf("%d cases, %d schema-checkable: %d rejected by the schema and the CLI alike, %d by rules across fields only (internal/validate), %d by the yaml only",
		len(cases), len(checkable), len(bySchema), len(acrossFields), len(yamlLevel))
	t.Logf("across fields: %s", strings.Join(acrossFields, " "))
	t.Logf("yaml only: %s", strings.Join(yamlLevel, " "))
	if len(bySchema) < 40 || len(acrossFields) < 20 {
		t.Errorf("too few cases in a class: the classification is broken")
	}
}

// onlyYAML reports whether every error is about the yaml rather than the
// fleet: yamlOnly rules, and the yaml 1.1 octal trap.
func onlyYAML(l diag.List) bool {
	for _, f := range l.Errors() {
		if !yamlOnly[f.Rule] && !strings.HasPrefix(f.Message, "ambiguous integer") {
			return false
		}
	}
	return true
}

// editorDocument reads data as one yaml 1.2 document holding a mapping, as
// an editor validates it, and returns it as a JSON value; false when there
// is no such document (syntax errors, several or no documents, a value
// tagged outside yaml 1.2's core schema, which has no JSON form to check).
func editorDocument(data []byte) (any, bool) {
	var docs []any
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, false
		}
		if !coreTags(&n, 0) {
			return nil, false
		}
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, false
		}
		if v != nil {
			docs = append(docs, v)
		}
	}
	if len(docs) != 1 {
		return nil, false
	}
	if _, ok := docs[0].(map[string]any); !ok {
		return nil, false
	}
	j, err := json.Marshal(docs[0])
	if err != nil {
		return nil, false
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		return nil, false
	}
	return v, true
}

// coreTags reports whether every value of n has a tag of yaml 1.2's core
// schema (a string, number, boolean, null, list or mapping).
func coreTags(n *yaml.Node, depth int) bool {
	if depth > 200 {
		return false
	}
	switch n.ShortTag() {
	case "!!str", "!!int", "!!float", "!!bool", "!!null", "!!seq", "!!map", "!!merge", "":
	default:
		if n.Kind != yaml.DocumentNode && n.Kind != yaml.AliasNode {
			return false
		}
	}
	for _, c := range n.Content {
		if !coreTags(c, depth+1) {
			return false
		}
	}
	return true
}

func compileFleetSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemas.JSONSchema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	if err := c.AddResource(schemas.JSONSchemaID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(schemas.JSONSchemaID)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}
