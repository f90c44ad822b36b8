// Package decode turns the bytes of a fleet file into a *v1alpha1.VMFleet
// and an index of where each field is in the file, or into findings that say
// what is wrong, with the field path, the file and the line.
//
// The rules of the input's shape are the JSON Schema shipped for editors
// (schemas/vmfleet.schema.json, generated from the markers of api/v1alpha1):
// the walk reads the types, fields and null-means-absent from it, and the
// fleet is then validated against it, so the CLI and an editor agree. What
// decode adds is what a schema cannot see in yaml: bytes that are not
// text, limits, duplicate keys, aliases and merge keys, and the yaml 1.1
// traps (a leading zero that made a number octal). It applies no defaults
// (see v1alpha1.VMFleet.Default) and no rules across fields (see
// internal/validate).
//
// Decoding is bounded: the input size, its density (a cheap count of yaml
// values before parsing), the nodes visited while walking (aliases count
// each time they are used) and the nesting depth all have limits, so hostile
// input (alias bombs, deep nesting, huge files) ends in a finding, quickly and
// in bounded memory.
package decode

import (
	"fmt"
	"reflect"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/internal/fleetfile"
)

// Limits. They are well above any real fleet (ACM manages at most about
// 3,500 clusters per hub; a fleet of 3,500 clusters and 20 VMs is 840 KiB
// and about 60,000 yaml values) and low enough that the worst input within
// them decodes in about a second of CPU and under 150 MiB.
const (
	// MaxSize is the largest input accepted, in bytes (fleetfile.MaxSize:
	// what every reader of a fleet reads at most).
	MaxSize = fleetfile.MaxSize
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
	MaxFindings = diag.MaxFindings
)

// Source is a decoded fleet and where its fields are in the input.
type Source struct {
	File  string
	Fleet *v1alpha1.VMFleet
	// lines maps a field path to the line of its key (or list item).
	lines map[diag.Path]int
}

// Line returns the line of the field at path (e.g. "spec.vms[2].disk.source"),
// or of its nearest ancestor that has one; 0 if unknown. It implements
// diag.Locator.
//
// A field is at the line of its key, a list item at the line of its value.
// What an alias or a merge key (<<) brings is at the line of the alias or
// merge key: the place that put it there.
func (s *Source) Line(path diag.Path) int {
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
		path = path.Parent()
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
	d := &decoder{findings: findings{file: file}}
	root := d.document(data)
	if root == nil || len(d.list) > 0 {
		if len(d.list) == 0 { // cannot happen; never return neither
			d.errorAt("", 0, diag.RuleSyntax, "the file could not be decoded")
		}
		return nil, d.result()
	}
	sch := fleetSchema()
	if d.checkKind(root, sch.root); len(d.list) > 0 {
		return nil, d.result()
	}
	d.lines = make(map[diag.Path]int, 64)
	d.lines[""] = root.Line
	v, _ := d.value(root, sch.root)
	if d.stop {
		return nil, d.result()
	}
	d.validate(sch, v)
	if len(d.list) > 0 {
		return nil, d.result()
	}
	fleet, err := toFleet(v)
	if err != nil { // the schema let through what the Go types cannot hold
		d.errorAt("", root.Line, diag.RuleType, err.Error())
		return nil, d.result()
	}
	return &Source{File: file, Fleet: fleet, lines: d.lines}, nil
}

// toFleet fills the Go types from the validated value.
func toFleet(v any) (*v1alpha1.VMFleet, error) {
	fleet := new(v1alpha1.VMFleet)
	if err := fill(v, reflect.ValueOf(fleet).Elem(), ""); err != nil {
		return nil, fmt.Errorf("the fleet could not be decoded: %w", err)
	}
	return fleet, nil
}
