package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	admissionv1 "k8s.io/api/admission/v1"
)

// applyPatch applies a webhook's JSON patch (if any) to raw.
func applyPatch(raw []byte, resp *admissionv1.AdmissionResponse) ([]byte, error) {
	if resp == nil || len(resp.Patch) == 0 {
		return raw, nil
	}
	p, err := jsonpatch.DecodePatch(resp.Patch)
	if err != nil {
		return nil, err
	}
	return p.Apply(raw)
}

// prune drops nulls and empty objects and lists: the zero values the Go types write back
// (creationTimestamp: null, resources: {}) are not values the mutator sets, and an API server stores
// the same object either way.
func prune(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range t {
			if e = prune(e); e != nil {
				out[k] = e
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case []any:
		if len(t) == 0 {
			return nil
		}
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = prune(e)
		}
		return out
	}
	return v
}

// changedPaths lists the JSON pointers where after differs from before: the top-most added or changed
// node (a new object is one path, not one per leaf).
func changedPaths(prefix string, before, after any) []string {
	bm, bok := before.(map[string]any)
	am, aok := after.(map[string]any)
	if bok && aok {
		var keys []string
		for k := range am {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []string
		for _, k := range keys {
			p := prefix + "/" + strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
			b, had := bm[k]
			if !had {
				out = append(out, p)
				continue
			}
			out = append(out, changedPaths(p, b, am[k])...)
		}
		return out
	}
	bl, bok := before.([]any)
	al, aok := after.([]any)
	if bok && aok && len(bl) == len(al) {
		var out []string
		for i := range al {
			out = append(out, changedPaths(fmt.Sprintf("%s/%d", prefix, i), bl[i], al[i])...)
		}
		return out
	}
	bj, _ := json.Marshal(before)
	aj, _ := json.Marshal(after)
	if string(bj) != string(aj) {
		return []string{prefix}
	}
	return nil
}
