// Package emit serializes objects: clean, deterministic YAML (sorted keys,
// no nulls, no empty status), as single documents or a stream.
package emit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	yamlv2 "go.yaml.in/yaml/v2"
	"sigs.k8s.io/yaml"

	"vmfleet.dev/vmfleet/objects"
)

// ToMap turns a typed object into its JSON form as generic values, with
// nulls and an empty status removed: upstream Go types (KubeVirt's) marshal
// creationTimestamp: null and status: {} that no one wrote.
func ToMap(o objects.Object) (map[string]any, error) {
	raw, err := json.Marshal(o)
	if err != nil {
		return nil, fmt.Errorf("marshal %s: %w", ID(o), err)
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("marshal %s: %w", ID(o), err)
	}
	prune(m)
	if s, ok := m["status"].(map[string]any); ok && len(s) == 0 {
		delete(m, "status")
	}
	return m, nil
}

// prune drops null values, and the empty maps they leave behind only where
// the map was a metadata block (creationTimestamp: null was its only field).
func prune(v any) {
	switch t := v.(type) {
	case map[string]any:
		for k, child := range t {
			if child == nil {
				delete(t, k)
				continue
			}
			prune(child)
			if cm, ok := child.(map[string]any); ok && len(cm) == 0 && (k == "metadata" || k == "resources") {
				delete(t, k)
			}
		}
	case []any:
		for _, child := range t {
			prune(child)
		}
	}
}

// YAML renders one object as a YAML document.
func YAML(o objects.Object) ([]byte, error) {
	m, err := ToMap(o)
	if err != nil {
		return nil, err
	}
	return MapYAML(m)
}

// Documents renders each object as a YAML document, on every CPU: for a
// large fleet this is most of a render's CPU time, and the objects are
// independent. The documents keep the objects' order, and the error is the
// first object's that failed, as a sequential loop would report it.
func Documents(objs []objects.Object) ([][]byte, error) {
	docs := make([][]byte, len(objs))
	errs := make([]error, len(objs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(objs)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(objs) {
					return
				}
				docs[i], errs[i] = YAML(objs[i])
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return docs, nil
}

// MapYAML renders generic values as YAML with sorted keys.
//
// Values of the shape ToMap returns (maps, lists, strings, bools,
// json.Number) are marshaled directly; yaml.JSONToYAML of their JSON gives
// the same bytes (it parses the JSON back into the same values, then
// marshals those) at twice the cost. Anything else goes through JSON.
func MapYAML(m any) ([]byte, error) {
	if generic(m) {
		return yamlv2.Marshal(ordered(m))
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return yaml.JSONToYAML(raw)
}

// generic reports whether v holds only values that marshal to YAML exactly as
// their JSON does after yaml.JSONToYAML: non-nil maps and lists (JSON would
// make nil ones null), valid UTF-8 strings (JSON would replace bad bytes),
// bools, integer json.Numbers (yaml reads a JSON integer past int64 as
// uint64, json.Number as float64), nil.
func generic(v any) bool {
	switch t := v.(type) {
	case nil, bool:
		return true
	case json.Number:
		_, err := t.Int64()
		return err == nil
	case string:
		return utf8.ValidString(t)
	case map[string]any:
		if t == nil {
			return false
		}
		for k, child := range t {
			if !utf8.ValidString(k) || !generic(child) {
				return false
			}
		}
		return true
	case []any:
		if t == nil {
			return false
		}
		for _, child := range t {
			if !generic(child) {
				return false
			}
		}
		return true
	}
	return false
}

// Stream renders objects as one YAML stream in a stable order: kinds that
// others depend on first, then namespace and name.
func Stream(objs []objects.Object) ([]byte, error) { return stream(objs, YAML) }

func stream(objs []objects.Object, yaml func(objects.Object) ([]byte, error)) ([]byte, error) {
	sorted := append([]objects.Object(nil), objs...)
	Sort(sorted)
	var b bytes.Buffer
	for i, o := range sorted {
		doc, err := yaml(o)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			b.WriteString("---\n")
		}
		b.Write(doc)
	}
	return b.Bytes(), nil
}

// kindOrder puts prerequisites first, as kubectl and Argo CD would apply them.
var kindOrder = map[string]int{
	"Namespace": 0, "ManagedClusterSetBinding": 1, "Placement": 2, "ConfigMap": 3,
	"Policy": 4, "PolicySet": 5, "PlacementBinding": 6, "GitOpsCluster": 7, "ApplicationSet": 8,
	"NetworkAttachmentDefinition": 9, "Service": 10, "ServiceMonitor": 11, "VirtualMachine": 12,
}

// Sort orders objects by kind order, kind, namespace and name.
func Sort(objs []objects.Object) {
	sort.SliceStable(objs, func(i, j int) bool {
		ai, ak := objs[i].GVK()
		bi, bk := objs[j].GVK()
		if oa, ob := order(ak), order(bk); oa != ob {
			return oa < ob
		}
		if ak != bk {
			return ak < bk
		}
		if ai != bi {
			return ai < bi
		}
		an, aname := objs[i].Meta()
		bn, bname := objs[j].Meta()
		if an != bn {
			return an < bn
		}
		return aname < bname
	})
}

func order(kind string) int {
	if o, ok := kindOrder[kind]; ok {
		return o
	}
	return len(kindOrder)
}

// ID names an object for messages: Kind/namespace/name.
func ID(o objects.Object) string {
	_, kind := o.GVK()
	ns, name := o.Meta()
	if ns == "" {
		return kind + "/" + name
	}
	return kind + "/" + ns + "/" + name
}

// ordered turns maps into MapSlices sorted by plain string order. The yaml
// library's own key order is "natural" (numbers inside keys compare as
// numbers) and not transitive for keys such as "1.0", "012" and "1e3", so
// its result could depend on map iteration order; this one cannot.
func ordered(v any) any {
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make(yamlv2.MapSlice, len(keys))
		for i, k := range keys {
			out[i] = yamlv2.MapItem{Key: k, Value: ordered(t[k])}
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, child := range t {
			out[i] = ordered(child)
		}
		return out
	}
	return v
}
