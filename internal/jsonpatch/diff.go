// Package jsonpatch computes the RFC 6902 operations that turn one JSON
// document into another. Overlays are such diffs between the base VM and a
// cluster's VM, so an overlay can never disagree with the cluster's build.
package jsonpatch

import (
	"encoding/json"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Op is one JSON patch operation.
type Op struct {
	Op    string `json:"op"`
	Path  string `json:"path"`
	Value any    `json:"value,omitempty"`
}

// MarshalJSON keeps value on add and replace even when it is a zero value
// (false, 0, ""), which omitempty would drop.
func (o Op) MarshalJSON() ([]byte, error) {
	if o.Op == "remove" {
		return json.Marshal(map[string]any{"op": o.Op, "path": o.Path})
	}
	return json.Marshal(map[string]any{"op": o.Op, "path": o.Path, "value": o.Value})
}

// Diff returns the operations turning from into to (both JSON values:
// maps, slices, strings, numbers, bools). Maps are diffed key by key in
// sorted order; lists of equal length item by item; lists of different
// length are replaced whole, which keeps every path valid.
func Diff(from, to any) []Op {
	var ops []Op
	diff("", from, to, &ops)
	return ops
}

func diff(path string, from, to any, ops *[]Op) {
	switch f := from.(type) {
	case map[string]any:
		t, ok := to.(map[string]any)
		if !ok {
			break
		}
		keys := make([]string, 0, len(f)+len(t))
		for k := range f {
			keys = append(keys, k)
		}
		for k := range t {
			if _, seen := f[k]; !seen {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := path + "/" + escape(k)
			fv, inFrom := f[k]
			tv, inTo := t[k]
			switch {
			case !inTo:
				*ops = append(*ops, Op{Op: "remove", Path: p})
			case !inFrom:
				*ops = append(*ops, Op{Op: "add", Path: p, Value: tv})
			default:
				diff(p, fv, tv, ops)
			}
		}
		return
	case []any:
		t, ok := to.([]any)
		if !ok || len(f) != len(t) {
			break
		}
		for i := range f {
			diff(path+"/"+strconv.Itoa(i), f[i], t[i], ops)
		}
		return
	}
	if !reflect.DeepEqual(from, to) {
		*ops = append(*ops, Op{Op: "replace", Path: path, Value: to})
	}
}

// escape encodes a key as a JSON pointer token (RFC 6901).
func escape(k string) string {
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}
