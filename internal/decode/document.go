package decode

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"

	"vmfleet.dev/vmfleet/diag"
)

// document runs the checks on the raw bytes, parses them, and returns the
// root mapping of the one fleet document, or nil with findings.
func (d *decoder) document(data []byte) *yaml.Node {
	if len(data) > MaxSize {
		d.errorAt("", 0, diag.RuleLimit, fmt.Sprintf("the file is %d bytes, over the limit of %d bytes (8 MiB): %s", len(data), MaxSize, splitFleet))
		return nil
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		d.errorAt("", lineAt(data, i), diag.RuleEncoding, fmt.Sprintf("the file contains a nul byte at line %d: a fleet file must be utf-8 text", lineAt(data, i)))
		return nil
	}
	if !utf8.Valid(data) {
		i := firstInvalidUTF8(data)
		d.errorAt("", lineAt(data, i), diag.RuleEncoding, fmt.Sprintf("the file is not valid utf-8 text: invalid byte 0x%02x at line %d", data[i], lineAt(data, i)))
		return nil
	}
	if n := estimateValues(data); n > MaxValues {
		d.errorAt("", 0, diag.RuleLimit, fmt.Sprintf("the file has too many yaml values: about %d, over the limit of %d (about 5,000 VMs of 45 values each): %s", n, MaxValues, splitFleet))
		return nil
	}

	var docs []*yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		doc := new(yaml.Node)
		err := dec.Decode(doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, msg := parseError(data, err)
			line, col, msg := explainSyntax(data, line, msg)
			d.errorAt("", line, diag.RuleSyntax, "invalid yaml: "+msg)
			if n := len(d.list); n > 0 {
				d.list[n-1].Column = col
			}
			return nil
		}
		if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || isNull(doc.Content[0]) {
			continue // an empty document: only comments, or null
		}
		docs = append(docs, doc)
	}
	switch len(docs) {
	case 0:
		d.errorAt("", 0, diag.RuleEmpty, "the file is empty: expected a VMFleet")
		return nil
	case 1:
	default:
		lines := make([]string, len(docs))
		for i, doc := range docs {
			lines[i] = strconv.Itoa(docLine(doc))
		}
		d.errorAt("", docLine(docs[1]), diag.RuleDocuments, fmt.Sprintf("the file has %d yaml documents (at lines %s): expected exactly one VMFleet", len(docs), joinWords(lines)))
		return nil
	}
	root := docs[0].Content[0]
	if root.Kind == yaml.AliasNode && root.Alias != nil {
		root = root.Alias
	}
	if root.Kind != yaml.MappingNode {
		d.errorAt("", root.Line, diag.RuleType, "expected a VMFleet mapping at the top level, found "+describe(root))
		return nil
	}
	return root
}

func docLine(doc *yaml.Node) int {
	if doc.Line > 0 {
		return doc.Line
	}
	if len(doc.Content) > 0 {
		return doc.Content[0].Line
	}
	return 0
}

// lineAt is the 1-based line of byte offset i.
func lineAt(data []byte, i int) int {
	if i > len(data) {
		i = len(data)
	}
	return bytes.Count(data[:i], []byte{'\n'}) + 1
}

func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return 0
}

// estimateValues counts, in one pass, what can start a yaml value: line
// breaks, commas, opening brackets and braces, and the block indicators
// "- ", ": " and "? " (and "-", ":", "?" at a line end). The parser builds at most about twice as many
// values, so this bounds its time and memory before it runs.
func estimateValues(data []byte) int {
	n := 1
	for i, c := range data {
		switch c {
		case '\n', ',', '[', '{':
			n++
		case '\r': // a line break by itself (old Mac line ends)
			if i+1 == len(data) || data[i+1] != '\n' {
				n++
			}
		case '-', ':', '?':
			if i+1 == len(data) {
				n++
				break
			}
			switch data[i+1] {
			case ' ', '\t', '\r', '\n':
				n++
			}
		}
	}
	return n
}

// checkKind reports an apiVersion or kind that is present, a string, and
// not the const the schema gives it: then the file is some other object,
// and its fields are not worth a finding each. Missing ones and wrong types
// are left to the walk.
func (d *decoder) checkKind(root *yaml.Node, s schema) {
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode || v.ShortTag() != strTag {
			continue
		}
		rule := map[string]diag.Rule{"apiVersion": diag.RuleAPIVersion, "kind": diag.RuleKind}[k.Value]
		if rule == "" {
			continue
		}
		sub, _ := s.field(k.Value)
		if want, ok := sub["const"].(string); ok && v.Value != want {
			d.errorAt(diag.Path(k.Value), k.Line, rule, fmt.Sprintf("found %s %s, expected %q", k.Value, quote(v.Value), want))
		}
	}
}

// splitFleet is the way out of the input limits: a fleet past them is
// several teams' VMs, or many copies of one.
const splitFleet = "split it into several fleets on one hub, each a file of its own (one owns the virtualization baseline, the others name that fleet in spec.virtualization.managedBy), or give identical VMs one entry with replicas"
