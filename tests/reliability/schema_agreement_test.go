package reliability

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	yaml "go.yaml.in/yaml/v3"

	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/internal/decode"
	"vmfleet.dev/vmfleet/render"
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
	all, cases := classify(t)
	count := map[string][]string{}
	for _, c := range cases {
		count[c.origin] = append(count[c.origin], c.name)
		editorRejects := sch.Validate(c.doc) != nil
		if want := c.origin == originSchema; editorRejects != want {
			t.Errorf("%s: the CLI rejects it in %s, the JSON Schema rejects it: %v\n%v", c.name, c.origin, editorRejects, c.findings)
		}
	}
	t.Logf("%d cases, %d schema-checkable: %d rejected by the schema and the CLI alike, %d by rules across fields only (internal/validate), %d by the yaml only",
		all, len(cases), len(count[originSchema]), len(count[originValidate]), len(count[originYAML]))
	t.Logf("across fields: %s", strings.Join(count[originValidate], " "))
	t.Logf("yaml only: %s", strings.Join(count[originYAML], " "))
	if len(count[originSchema]) < 40 || len(count[originValidate]) < 20 {
		t.Errorf("too few cases in a class: the classification is broken")
	}
}

// TestEditorAgreement is TestSchemaAgreement with a real editor: the
// yaml-language-server of make check-editor (VMFLEET_YLS names its folder,
// which holds check.js) opens every schema-checkable case with the shipped
// schema. Where the CLI rejects a case by the schema, the editor reports a
// problem on a line the CLI names too; elsewhere it reports none.
func TestEditorAgreement(t *testing.T) {
	dir := os.Getenv("VMFLEET_YLS")
	if dir == "" {
		t.Skip("VMFLEET_YLS is not set (make check-editor sets it)")
	}
	// VMFLEET_YLS_SCHEMA gives the editor another schema: a negative
	// control (the schema before its markers must fail here).
	schema := "../../schemas/vmfleet.schema.json"
	if s := os.Getenv("VMFLEET_YLS_SCHEMA"); s != "" {
		schema = s
	}
	_, cases := classify(t)
	args := []string{filepath.Join(dir, "check.js"), "--report", schema}
	for _, c := range cases {
		args = append(args, c.file)
	}
	out, err := exec.Command("node", args...).Output()
	if err != nil {
		t.Fatalf("yaml-language-server: %v", err)
	}
	var diags map[string][]string
	if err := json.Unmarshal(out, &diags); err != nil {
		t.Fatalf("yaml-language-server report: %v\n%s", err, out)
	}
	for _, c := range cases {
		got, ok := diags[c.file]
		switch {
		case !ok:
			t.Errorf("%s: no report from the editor", c.name)
		case c.origin != originSchema && len(got) > 0:
			t.Errorf("%s: the CLI rejects it in %s, the editor reports %q", c.name, c.origin, got)
		case c.origin == originSchema && !sameLine(got, c.findings):
			t.Errorf("%s: the editor reports %q, the CLI\n%v", c.name, got, c.findings)
		}
	}
}

// sameLine reports whether an editor diagnostic ("L12: …") is at an error
// finding: on its line (a field's key), or the next (where the editor puts
// a block value below its key).
func sameLine(diags []string, findings diag.List) bool {
	for _, d := range diags {
		for _, f := range findings.Errors() {
			for _, l := range []int{f.Line, f.Line + 1} {
				if strings.HasPrefix(d, "L"+strconv.Itoa(l)+":") {
					return true
				}
			}
		}
	}
	return false
}

const (
	originSchema   = "the schema"
	originValidate = "internal/validate"
	originYAML     = "the yaml"
)

// checkableCase is a corpus case an editor can check, and where the CLI
// rejects it.
type checkableCase struct {
	name, file string
	doc        any
	findings   diag.List
	origin     string
}

// classify returns the number of corpus cases and the schema-checkable ones.
func classify(t *testing.T) (int, []checkableCase) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(casesDir, "*", "case.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var out []checkableCase
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		doc, ok := editorDocument(data)
		if !ok {
			continue
		}
		c := checkableCase{name: filepath.Base(filepath.Dir(file)), file: file, doc: doc, origin: originSchema}
		_, c.findings = decode.Fleet(file, data)
		switch {
		case !c.findings.HasErrors():
			c.origin = originValidate
			_, c.findings = render.Load(file, data)
		case onlyYAML(c.findings):
			c.origin = originYAML
		}
		out = append(out, c)
	}
	return len(files), out
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
