package decode

import (
	"reflect"

	yaml "go.yaml.in/yaml/v3"

	"vmfleet.dev/vmfleet/diag"
)

// The walk's bounds: a node budget that counts an alias's content at each
// use, a depth limit, and alias cycles; and the sharing of anchored values.

type anchorKey struct {
	n *yaml.Node
	s uintptr // the schema it was decoded with
}

// anchorValue is a decoded anchor and what decoding it cost, charged again
// at each alias: nodes to the budget, depth below it to MaxDepth.
type anchorValue struct {
	v            any
	nodes, depth int
}

// visit charges one node to the budget and reports when it is spent.
func (d *decoder) visit(n *yaml.Node) bool {
	if d.stop {
		return false
	}
	d.nodes++
	if d.nodes > MaxNodes {
		d.errorf(d.lineHere(n), diag.RuleLimit, "the fleet is too large: more than %d yaml nodes to decode, counting the content of an alias at each use", MaxNodes)
		d.stop = true
		return false
	}
	return true
}

// enter goes one level deeper and reports when that is too deep.
func (d *decoder) enter(n *yaml.Node) bool {
	d.depth++
	d.peak = max(d.peak, d.depth)
	if d.depth > MaxDepth {
		d.errorf(d.lineHere(n), diag.RuleLimit, "the fleet is nested too deeply: more than %d levels, counting aliases and merge keys", MaxDepth)
		d.stop = true
		return false
	}
	return true
}

func (d *decoder) leave() { d.depth-- }

// deref follows an alias. It returns the target and true, with the target
// pushed on the active stack (the caller pops it with d.release), or
// reports a cycle and returns false.
func (d *decoder) deref(n *yaml.Node) (*yaml.Node, bool) {
	t := n.Alias
	if t == nil {
		d.errorf(n.Line, diag.RuleAlias, "alias *%s refers to nothing", n.Value)
		return nil, false
	}
	for _, a := range d.active {
		if a == t {
			d.errorf(n.Line, diag.RuleAlias, "alias *%s refers to a value that contains it", n.Value)
			return nil, false
		}
	}
	d.active = append(d.active, t)
	return t, true
}

func (d *decoder) release() { d.active = d.active[:len(d.active)-1] }

// anchor decodes an anchored mapping or list once per schema (if it holds
// nothing wrong), and at each
// later use charges what the first decoding cost, so an alias counts, in
// nodes and depth, as if its content were written there.
func (d *decoder) anchor(n *yaml.Node, s schema) any {
	key := anchorKey{n, reflect.ValueOf(s).Pointer()}
	if a, ok := d.anchored[key]; ok {
		if d.nodes += a.nodes; d.nodes > MaxNodes {
			d.errorf(d.lineHere(n), diag.RuleLimit, "the fleet is too large: more than %d yaml nodes to decode, counting the content of an alias at each use", MaxNodes)
			d.stop = true
		}
		if d.depth+a.depth > MaxDepth && !d.stop {
			d.errorf(d.lineHere(n), diag.RuleLimit, "the fleet is nested too deeply: more than %d levels, counting aliases and merge keys", MaxDepth)
			d.stop = true
		}
		d.peak = max(d.peak, d.depth+a.depth)
		return a.v
	}
	nodes, peak, found := d.nodes, d.peak, len(d.list)+d.dropped
	d.peak = d.depth
	v := d.node(n, s)
	if len(d.list)+d.dropped != found {
		// Decoded again at each use, so each use reports what is wrong
		// there.
		d.peak = max(peak, d.peak)
		return v
	}
	if d.anchored == nil {
		d.anchored = map[anchorKey]anchorValue{}
	}
	d.anchored[key] = anchorValue{v: v, nodes: d.nodes - nodes, depth: d.peak - d.depth}
	d.peak = max(peak, d.peak)
	return v
}
