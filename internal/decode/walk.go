package decode

import (
	"fmt"

	yaml "go.yaml.in/yaml/v3"

	"vmfleet.dev/vmfleet/diag"
)

// decoder walks the yaml node tree together with the JSON Schema, building
// the fleet as JSON values (map[string]any, []any, string, json.Number,
// bool) and collecting findings.
type decoder struct {
	findings
	lines  map[diag.Path]int
	path   []byte       // the current field path
	nodes  int          // nodes visited, aliases counted at each use
	depth  int          // nesting, aliases and merge keys counted
	active []*yaml.Node // alias targets being expanded, to catch cycles
	// site is the alias whose target is being decoded: a finding about the
	// target as a whole (its type) is at the line of the alias.
	site, siteTarget *yaml.Node
	stop             bool // a limit was hit: unwind without more findings
	// anchored holds what an anchored mapping or list decoded to, so each
	// alias of it shares the value rather than building it again: the
	// value stays the size of the file, not of the expansion.
	anchored map[anchorKey]anchorValue
	peak     int // the deepest level reached, for anchorValue.depth
}

// reported stands for a value the walk already reported as wrong: the key
// stays, so the field is not also missing, and the schema validator (for
// which it is no JSON value) says nothing more about it.
type reported struct{}

// errorf adds an error finding at the current path.
func (d *decoder) errorf(line int, rule diag.Rule, format string, args ...any) {
	if d.overflow(line) {
		return
	}
	d.errorAt(diag.Path(d.path), line, rule, fmt.Sprintf(format, args...))
}

// push appends a field name or map key to the current path and returns the
// length to restore.
func (d *decoder) push(key string) int {
	n := len(d.path)
	d.path = diag.AppendChild(d.path, key)
	return n
}

func (d *decoder) pushIndex(i int) int {
	n := len(d.path)
	d.path = diag.AppendIndex(d.path, i)
	return n
}

func (d *decoder) pop(n int) { d.path = d.path[:n] }

// record notes the line of the current path, unless the value comes through
// an alias: then Line finds the line of the alias, the nearest ancestor
// recorded. (This also bounds the index by the size of the file, not of
// the expansion.) The first line given for a path wins.
func (d *decoder) record(line int) {
	if len(d.active) > 0 {
		return
	}
	if _, seen := d.lines[diag.Path(d.path)]; !seen {
		d.lines[diag.Path(d.path)] = line
	}
}

// value decodes n as schema s says. It reports whether n held a value:
// false for null (absent), and after a limit stopped the walk.
func (d *decoder) value(n *yaml.Node, s schema) (any, bool) {
	if n == nil || !d.visit(n) {
		return nil, false
	}
	if n.Kind == yaml.AliasNode {
		if !d.enter(n) {
			return nil, false
		}
		defer d.leave()
		t, ok := d.deref(n)
		if !ok {
			return reported{}, true
		}
		defer d.release()
		site, target := d.site, d.siteTarget
		d.site, d.siteTarget = n, t
		v, ok := d.value(t, s)
		d.site, d.siteTarget = site, target
		return v, ok
	}
	if isNull(n) {
		return nil, false
	}
	if n.Anchor != "" && (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) {
		return d.anchor(n, s), true
	}
	return d.node(n, s), true
}

// node decodes a node that is no alias and not null.
func (d *decoder) node(n *yaml.Node, s schema) any {
	switch s.typ() {
	case "object":
		return d.object(n, s)
	case "array":
		return d.sequence(n, s)
	default:
		return d.scalar(n, s)
	}
}

// object decodes a mapping: a struct of the API when s lists properties,
// else a map whose values all follow s.additionalProperties.
func (d *decoder) object(n *yaml.Node, s schema) any {
	if n.Kind != yaml.MappingNode {
		d.typeError(n, s)
		return reported{}
	}
	if !d.enter(n) {
		return reported{}
	}
	defer d.leave()
	out := make(map[string]any, len(n.Content)/2)
	// given: keys seen, with a value or null, for duplicates and merges.
	given := make(map[string]bool, len(n.Content)/2)
	d.eachPair(n, func(k, val *yaml.Node, merged bool) {
		name, ok := d.key(k)
		if !ok {
			return
		}
		sub, known := s.field(name)
		p := d.push(name)
		defer d.pop(p)
		if !known {
			// Also for a key a merge brings: it is reported at the line
			// where it is written.
			if d.overflow(k.Line) {
				return
			}
			msg := "unknown field " + quote(name)
			if m := diag.Suggest(name, s.fieldNames()); m != "" {
				msg += fmt.Sprintf("; did you mean %q?", m)
			}
			d.errorf(k.Line, diag.RuleUnknownField, "%s", msg)
			return
		}
		if given[name] {
			if !merged {
				d.errorf(k.Line, diag.RuleDuplicateKey, "duplicate key %s (first at line %d)", quote(name), firstKeyLine(n, name))
			}
			return
		}
		given[name] = true
		d.record(k.Line)
		v, present := d.value(val, sub)
		switch {
		case present:
			out[name] = v
		case s.isStruct() || d.stop:
			// null is absent: the schema then says if it was required
		default:
			d.errorf(k.Line, diag.RuleType, "expected %s, found null", expected(sub))
			out[name] = reported{}
		}
	})
	return out
}

func (d *decoder) sequence(n *yaml.Node, s schema) any {
	if n.Kind != yaml.SequenceNode {
		d.typeError(n, s)
		return reported{}
	}
	if !d.enter(n) {
		return reported{}
	}
	defer d.leave()
	items := s.items()
	out := make([]any, len(n.Content))
	for i, item := range n.Content {
		if d.stop {
			break
		}
		p := d.pushIndex(i)
		d.record(item.Line)
		v, present := d.value(item, items)
		if !present && !d.stop {
			d.errorf(item.Line, diag.RuleType, "expected %s, found null", expected(items))
			v = reported{}
		}
		out[i] = v
		d.pop(p)
	}
	return out
}

// firstKeyLine is the line of the first key named name in mapping n.
func firstKeyLine(n *yaml.Node, name string) int {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind == yaml.AliasNode && k.Alias != nil {
			k = k.Alias
		}
		if k.Kind == yaml.ScalarNode && k.Value == name {
			return n.Content[i].Line
		}
	}
	return 0
}

// lineOf is the line for a finding about node n as a whole: the line of
// the alias that brought it, if any.
func (d *decoder) lineOf(n *yaml.Node) int {
	if n == d.siteTarget && d.site != nil {
		return d.site.Line
	}
	return n.Line
}

// lineHere is the line recorded for the current path, else n's.
func (d *decoder) lineHere(n *yaml.Node) int {
	if l, ok := d.lines[diag.Path(d.path)]; ok && l > 0 {
		return l
	}
	return n.Line
}

// eachPair calls fn for each key and value of mapping n: first the keys
// written in n, then those its merge keys (<<) bring, which never override
// a key already seen (merged is true for them).
func (d *decoder) eachPair(n *yaml.Node, fn func(k, v *yaml.Node, merged bool)) {
	d.pairs(n, false, fn)
}

func (d *decoder) pairs(n *yaml.Node, merged bool, fn func(k, v *yaml.Node, merged bool)) {
	c := n.Content
	hasMerge := false
	for i := 0; i+1 < len(c) && !d.stop; i += 2 {
		if isMergeKey(c[i]) {
			hasMerge = true
			continue
		}
		if !d.visit(c[i]) {
			return
		}
		fn(c[i], c[i+1], merged)
	}
	if !hasMerge {
		return
	}
	for i := 0; i+1 < len(c) && !d.stop; i += 2 {
		if isMergeKey(c[i]) {
			d.merge(c[i+1], fn)
		}
	}
}

// merge brings the keys of the value of a merge key: a mapping, or a list
// of mappings (earlier ones win), each possibly an alias.
func (d *decoder) merge(v *yaml.Node, fn func(k, v *yaml.Node, merged bool)) {
	if !d.visit(v) || !d.enter(v) {
		return
	}
	defer d.leave()
	const needs = "a merge key (<<) needs a mapping or a list of mappings, found "
	switch v.Kind {
	case yaml.AliasNode:
		t, ok := d.deref(v)
		if !ok {
			return
		}
		defer d.release()
		if t.Kind != yaml.MappingNode {
			d.errorf(v.Line, diag.RuleType, "%s%s", needs, describe(t))
			return
		}
		d.pairs(t, true, fn)
	case yaml.MappingNode:
		d.pairs(v, true, fn)
	case yaml.SequenceNode:
		for _, item := range v.Content {
			if d.stop {
				return
			}
			if item.Kind != yaml.MappingNode && !(item.Kind == yaml.AliasNode && item.Alias != nil && item.Alias.Kind == yaml.MappingNode) {
				d.errorf(item.Line, diag.RuleType, "%sa list holding %s", needs, describe(item))
				continue
			}
			d.merge(item, fn)
		}
	default:
		d.errorf(v.Line, diag.RuleType, "%s%s", needs, describe(v))
	}
}

// key returns the text of a mapping key, following an alias.
func (d *decoder) key(k *yaml.Node) (string, bool) {
	if k.Kind == yaml.AliasNode && k.Alias != nil && k.Alias.Kind != yaml.AliasNode {
		k = k.Alias
	}
	if k.Kind != yaml.ScalarNode {
		d.errorf(k.Line, diag.RuleType, "expected a key, found %s", describe(k))
		return "", false
	}
	if isNull(k) {
		d.errorf(k.Line, diag.RuleType, "expected a key, found null")
		return "", false
	}
	return k.Value, true
}
