// Package decode turns the bytes of a fleet file into a *v1alpha1.VMFleet
// and an index of where each field is in the file, or into findings that say
// what is wrong, with the field path, the file and the line.
//
// It checks syntax, shape and types only: unknown fields, wrong types,
// missing required fields, duplicate keys, and document-level problems. It
// applies no defaults (see v1alpha1.VMFleet.Default) and no semantic rules
// (see internal/validate).
//
// Decoding is bounded: the input size, its density (a cheap count of yaml
// values before parsing), the nodes visited while walking (aliases count
// each time they are used) and the nesting depth all have limits, so hostile
// input (alias bombs, deep nesting, huge files) ends in a finding, quickly and
// in bounded memory.
package decode

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	yamlv2 "go.yaml.in/yaml/v2"
	yaml "go.yaml.in/yaml/v3"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
)

// Limits. They are well above any real fleet (ACM manages at most about
// 3,500 clusters per hub; a fleet of 3,500 clusters and 20 VMs is 840 KiB
// and about 60,000 yaml values) and low enough that the worst input within
// them decodes in about a second of CPU and under 150 MiB.
const (
	// MaxSize is the largest input accepted, in bytes.
	MaxSize = 8 << 20
	// MaxValues bounds the yaml values the parser may build, estimated
	// before parsing by counting line breaks, commas, brackets, braces and
	// the indicators "- ", ": " and "? ". The parser builds at most about
	// twice that many nodes, at about 1 µs and 250 bytes each, so this bounds
	// parse time and memory on dense input (8 MiB of "a," would otherwise be
	// 4 million values: 9 s and 1 GiB).
	MaxValues = 250_000
	// MaxNodes bounds the yaml nodes visited while decoding, counting the
	// content of an alias each time the alias is used: an alias bomb stops here.
	MaxNodes = 1_000_000
	// MaxDepth bounds the nesting of the walk, counting aliases and merge
	// keys. The VMFleet type itself is 7 levels deep; the yaml parser stops
	// at 10,000 levels by itself.
	MaxDepth = 100
	// MaxFindings is how many findings Fleet returns at most, plus one
	// "… and N more".
	MaxFindings = 50
)

// Rules of the findings decode produces.
const (
	RuleSyntax       = "syntax"
	RuleEncoding     = "encoding"
	RuleLimit        = "limit"
	RuleEmpty        = "empty"
	RuleDocuments    = "documents"
	RuleAPIVersion   = "api-version"
	RuleKind         = "kind"
	RuleUnknownField = "unknown-field"
	RuleType         = "type"
	RuleRequired     = "required"
	RuleDuplicateKey = "duplicate-key"
	RuleAlias        = "alias"
	RuleTooMany      = "too-many-findings"
)

// Source is a decoded fleet and where its fields are in the input.
type Source struct {
	File  string
	Fleet *v1alpha1.VMFleet
	// lines maps a field path to the line of its key (or list item).
	lines map[string]int
}

// Line returns the line of the field at path (e.g. "spec.vms[2].disk.source"),
// or of its nearest ancestor that has one; 0 if unknown. It implements
// diag.Locator.
//
// Paths name fields by their json names, list items by [i], and map entries
// by .key when the key is letters, digits, '-' and '_', else by ["key"]
// (Go-quoted): spec.clusters[0].nodeSelector["kubernetes.io/arch"]; see
// FieldPath. A field is at the line of its key, a list item at the line of
// its value. What an alias or a merge key (<<) brings is at the line of the
// alias or merge key: the place that put it there.
func (s *Source) Line(path string) int {
	if s == nil || s.lines == nil {
		return 0
	}
	for {
		if l, ok := s.lines[path]; ok {
			return l
		}
		if path == "" {
			return 0
		}
		path = parentPath(path)
	}
}

// Locate fills File and Line of each finding from its Path, leaving findings
// that already have a File alone.
func (s *Source) Locate(l diag.List) {
	if s == nil {
		return
	}
	for i := range l {
		if l[i].File != "" {
			continue
		}
		l[i].File = s.File
		if l[i].Line == 0 {
			l[i].Line = s.Line(l[i].Path)
		}
	}
}

var _ diag.Locator = (*Source)(nil)

// Fleet decodes one VMFleet from data; file is the name used in findings.
// It returns either a source with a fleet and no findings, or nil and at
// least one error finding. Findings are sorted and capped at MaxFindings
// (then one "… and N more").
func Fleet(file string, data []byte) (*Source, diag.List) {
	d := &decoder{file: file}
	root := d.document(data)
	if root == nil || len(d.findings) > 0 {
		if len(d.findings) == 0 { // cannot happen; never return neither
			d.errorAt("", 0, RuleSyntax, "the file could not be decoded")
		}
		return nil, d.result()
	}
	fleet := new(v1alpha1.VMFleet)
	d.lines = make(map[string]int, 64)
	d.lines[""] = root.Line
	d.value(root, reflect.ValueOf(fleet).Elem())
	if len(d.findings) > 0 {
		return nil, d.result()
	}
	return &Source{File: file, Fleet: fleet, lines: d.lines}, nil
}

// document runs the checks on the raw bytes, parses them, and returns the
// root mapping of the one fleet document, or nil with findings.
func (d *decoder) document(data []byte) *yaml.Node {
	if len(data) > MaxSize {
		d.errorAt("", 0, RuleLimit, fmt.Sprintf("the file is %d bytes, over the limit of %d bytes (8 MiB)", len(data), MaxSize))
		return nil
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		d.errorAt("", lineAt(data, i), RuleEncoding, fmt.Sprintf("the file contains a nul byte at line %d: a fleet file must be utf-8 text", lineAt(data, i)))
		return nil
	}
	if !utf8.Valid(data) {
		i := firstInvalidUTF8(data)
		d.errorAt("", lineAt(data, i), RuleEncoding, fmt.Sprintf("the file is not valid utf-8 text: invalid byte 0x%02x at line %d", data[i], lineAt(data, i)))
		return nil
	}
	if n := estimateValues(data); n > MaxValues {
		d.errorAt("", 0, RuleLimit, fmt.Sprintf("the file has too many yaml values: about %d, over the limit of %d", n, MaxValues))
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
			d.errorAt("", line, RuleSyntax, "invalid yaml: "+msg)
			return nil
		}
		if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || isNull(doc.Content[0]) {
			continue // an empty document: only comments, or null
		}
		docs = append(docs, doc)
	}
	switch len(docs) {
	case 0:
		d.errorAt("", 0, RuleEmpty, "the file is empty: expected a VMFleet")
		return nil
	case 1:
	default:
		lines := make([]string, len(docs))
		for i, doc := range docs {
			lines[i] = strconv.Itoa(docLine(doc))
		}
		d.errorAt("", docLine(docs[1]), RuleDocuments, fmt.Sprintf("the file has %d yaml documents (at lines %s): expected exactly one VMFleet", len(docs), joinWords(lines)))
		return nil
	}
	root := docs[0].Content[0]
	if root.Kind == yaml.AliasNode && root.Alias != nil {
		root = root.Alias
	}
	if root.Kind != yaml.MappingNode {
		d.errorAt("", root.Line, RuleType, "expected a VMFleet mapping at the top level, found "+describe(root))
		return nil
	}
	d.checkKind(root)
	return root
}

// checkKind reports an apiVersion or kind that is present, a string, and
// not the VMFleet's. Missing ones and wrong types are left to the walk.
func (d *decoder) checkKind(root *yaml.Node) {
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		if k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode || v.ShortTag() != strTag {
			continue
		}
		switch k.Value {
		case "apiVersion":
			if v.Value != v1alpha1.APIVersion {
				d.errorAt("apiVersion", k.Line, RuleAPIVersion, fmt.Sprintf("found apiVersion %s, expected %q", quote(v.Value), v1alpha1.APIVersion))
			}
		case "kind":
			if v.Value != v1alpha1.Kind {
				d.errorAt("kind", k.Line, RuleKind, fmt.Sprintf("found kind %s, expected %q", quote(v.Value), v1alpha1.Kind))
			}
		}
	}
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

// parserProblems are the messages of the yaml parser (not its scanner):
// go.yaml.in/yaml/v3 reports their line 0-based, and none at all on the
// first line.
var parserProblems = []string{
	"did not find expected <stream-start>",
	"did not find expected <document start>",
	"found undefined tag handle",
	"did not find expected node content",
	"did not find expected '-' indicator",
	"did not find expected key",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found duplicate %TAG directive",
}

// parseError turns a yaml parser error into a line and a lowercase message.
func parseError(data []byte, err error) (int, string) {
	line, msg := splitError(err)
	parser := strings.HasPrefix(msg, "expected ") && strings.Contains(msg, " event but got ")
	for _, p := range parserProblems {
		if msg == p {
			parser = true
		}
	}
	switch {
	case strings.HasPrefix(msg, "unknown anchor '"):
		name := strings.TrimSuffix(strings.TrimPrefix(msg, "unknown anchor '"), "' referenced")
		line = aliasLine(data, name)
	case strings.HasPrefix(msg, "attempted to go past the end of stream"):
		line = lineAt(data, len(data))
	case parser:
		// go.yaml.in/yaml/v3 shows where the construct holding the problem
		// starts, 0-based (and nothing for the first line): for a block
		// mapping that can be hundreds of lines above the problem.
		if l, ok := problemLine(data, msg); ok {
			line = l
		} else {
			line++
		}
	case line == 0:
		line = 1 // the scanner shows no line for the first line
	}
	if last := lastLine(data); line > last {
		// The parser puts the end of the stream on a new line when the last
		// line has no line break: a line the file does not have.
		line = last
	}
	msg = strings.ReplaceAll(msg, "YAML", "yaml")
	if msg == "could not find expected ':'" {
		// The scanner says this of a line that is not "key: value", and
		// of a key longer than yaml's limit for implicit keys.
		msg += " (write each key and its ':' on one line; a key may be at most 1024 characters long)"
	}
	if msg != "" {
		r, size := utf8.DecodeRuneInString(msg)
		msg = strings.ToLower(string(r)) + msg[size:]
	}
	return line, msg
}

// splitError splits "yaml: line N: message" into N (0 if absent) and message.
func splitError(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil && n > 0 {
				return n, rest[i+2:]
			}
		}
	}
	return 0, msg
}

// problemLine finds the line of a parser problem by parsing data again with
// go.yaml.in/yaml/v2: the same parser, but its errors show the line of the
// problem (0-based) rather than of its context. Only on the error path; if
// the two parsers disagree on the problem it reports false.
func problemLine(data []byte, msg string) (int, bool) {
	dec := yamlv2.NewDecoder(bytes.NewReader(data))
	for {
		var s skipV2
		err := dec.Decode(&s)
		if err == nil {
			continue
		}
		if errors.Is(err, io.EOF) {
			return 0, false
		}
		line, m := splitError(err)
		return line + 1, m == msg
	}
}

// skipV2 decodes nothing: the parse is all problemLine needs.
type skipV2 struct{}

func (*skipV2) UnmarshalYAML(func(any) error) error { return nil }

// lastLine is the number of the last line, as yaml counts lines (\r\n, \r
// and \n each end one).
func lastLine(data []byte) int {
	n := 1
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
			n++
		case '\n':
			n++
		}
	}
	return n
}

// aliasLine finds the line of the first use of alias *name.
func aliasLine(data []byte, name string) int {
	if name == "" {
		return 0
	}
	pat := []byte("*" + name)
	for off := 0; off < len(data); {
		i := bytes.Index(data[off:], pat)
		if i < 0 {
			return 0
		}
		end := off + i + len(pat)
		if end == len(data) || !isAnchorChar(data[end]) {
			return lineAt(data, off+i)
		}
		off = end
	}
	return 0
}

func isAnchorChar(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', '[', ']', '{', '}':
		return false
	}
	return true
}
