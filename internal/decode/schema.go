package decode

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/schemas"
)

// schema is one node of the JSON Schema, as the walk reads it.
type schema map[string]any

func (s schema) typ() string {
	t, _ := s["type"].(string)
	return t
}

// isStruct reports whether s is a type of the API (it lists its fields)
// rather than a map.
func (s schema) isStruct() bool {
	_, ok := s["properties"]
	return ok
}

// field returns the schema of field or map key name, and whether s allows it.
func (s schema) field(name string) (schema, bool) {
	if p, ok := s["properties"].(map[string]any); ok {
		if sub, ok := p[name].(map[string]any); ok {
			return sub, true
		}
	}
	switch ap := s["additionalProperties"].(type) {
	case map[string]any:
		return ap, true
	case bool:
		return nil, ap
	}
	return nil, true
}

func (s schema) items() schema {
	sub, _ := s["items"].(map[string]any)
	return sub
}

// fieldNames lists the fields of s, sorted, for suggestions.
func (s schema) fieldNames() []string {
	p, _ := s["properties"].(map[string]any)
	names := make([]string, 0, len(p))
	for k := range p {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// number returns s[key] as text ("" when absent).
func (s schema) number(key string) string {
	if n, ok := s[key].(json.Number); ok {
		return n.String()
	}
	return ""
}

// compiledSchema is the shipped JSON Schema, parsed for the walk and
// compiled for validation.
type compiledSchema struct {
	root      schema
	validator *jsonschema.Schema
}

// fleetSchema compiles schemas.JSONSchema once. The schema is embedded and
// tested, so a failure here is a broken build.
var fleetSchema = sync.OnceValue(func() *compiledSchema {
	c, err := compileSchema(schemas.JSONSchema())
	if err != nil {
		panic(fmt.Sprintf("decode: the embedded JSON Schema: %v", err))
	}
	return c
})

func compileSchema(data []byte) (*compiledSchema, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var root map[string]any
	if err := dec.Decode(&root); err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	if err := c.AddResource(schemas.JSONSchemaID, doc); err != nil {
		return nil, err
	}
	v, err := c.Compile(schemas.JSONSchemaID)
	if err != nil {
		return nil, err
	}
	return &compiledSchema{root: root, validator: v}, nil
}

// at returns the schema node at a schema location: the JSON pointer after
// the '#' of a validation error's SchemaURL.
func (c *compiledSchema) at(url string) schema {
	_, ptr, _ := strings.Cut(url, "#")
	s := c.root
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if tok == "" {
			continue
		}
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		sub, ok := s[tok].(map[string]any)
		if !ok {
			return nil
		}
		s = sub
	}
	return s
}

// validate checks the walked value against the schema and adds a finding
// for each error, with its field path and line.
func (d *decoder) validate(c *compiledSchema, v any) {
	err := c.validator.Validate(v)
	if err == nil {
		return
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		d.errorAt("", d.lines[""], diag.RuleType, "the fleet could not be checked: "+err.Error())
		return
	}
	src := &Source{lines: d.lines}
	d.schemaErrors(c, ve, v, src, map[string]bool{})
}

// schemaErrors adds the findings of the leaves of ve. Two keywords may say
// the same of one value (a name too long and not a name): seen keeps one.
func (d *decoder) schemaErrors(c *compiledSchema, ve *jsonschema.ValidationError, root any, src *Source, seen map[string]bool) {
	if len(ve.Causes) > 0 {
		for _, cause := range ve.Causes {
			d.schemaErrors(c, cause, root, src, seen)
		}
		return
	}
	path, value, shape := locate(root, c.root, ve.InstanceLocation)
	line := src.Line(path)
	for _, e := range explain(ve.ErrorKind, c.at(ve.SchemaURL), path, shape, value) {
		if key := string(path) + "\x00" + e.msg; !seen[key] {
			seen[key] = true
			d.errorAt(path, line, e.rule, e.msg)
		}
	}
}

// locate follows an error's instance location through the value and the
// schema: its field path, the value there, and the path's shape for
// messages (list items as [], map entries as {}: spec.networks[].vlan).
func locate(v any, s schema, loc []string) (diag.Path, any, string) {
	var path diag.Path
	var shape []byte
	for _, tok := range loc {
		switch x := v.(type) {
		case []any:
			i, _ := strconv.Atoi(tok)
			path = path.Index(i)
			shape = append(shape, "[]"...)
			v, s = nil, s.items()
			if i >= 0 && i < len(x) {
				v = x[i]
			}
		default:
			m, _ := x.(map[string]any)
			path = path.Child(tok)
			if s.isStruct() {
				shape = diag.AppendChild(shape, tok)
			} else {
				shape = append(shape, "{}"...)
			}
			v = m[tok]
			s, _ = s.field(tok)
		}
	}
	return path, v, string(shape)
}
