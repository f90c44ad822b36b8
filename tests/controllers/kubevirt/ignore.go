package main

import (
	"encoding/json"
	"strings"
)

// ignoreRule is one ApplicationSet's ignoreDifferences entry for kubevirt.io VirtualMachines; name and
// namespace, when set, narrow it to one VM.
type ignoreRule struct {
	appSet          string
	name, namespace string
	pointer         string
}

func vmIgnoreRules(objs []object) []ignoreRule {
	var out []ignoreRule
	for _, o := range objs {
		if o.Kind != "ApplicationSet" {
			continue
		}
		var as struct {
			Spec struct {
				Template struct {
					Spec struct {
						IgnoreDifferences []struct {
							Group             string   `json:"group"`
							Kind              string   `json:"kind"`
							Name              string   `json:"name"`
							Namespace         string   `json:"namespace"`
							JSONPointers      []string `json:"jsonPointers"`
							JQPathExpressions []string `json:"jqPathExpressions"`
						} `json:"ignoreDifferences"`
					} `json:"spec"`
				} `json:"template"`
			} `json:"spec"`
		}
		if err := json.Unmarshal(o.Raw, &as); err != nil {
			continue
		}
		for _, d := range as.Spec.Template.Spec.IgnoreDifferences {
			if d.Group != "kubevirt.io" || (d.Kind != "VirtualMachine" && d.Kind != "*" && d.Kind != "") {
				continue
			}
			for _, p := range d.JSONPointers {
				out = append(out, ignoreRule{o.Name, d.Name, d.Namespace, p})
			}
			for _, jq := range d.JQPathExpressions {
				// Plain paths (.spec.a.b) only; anything else is not counted as covering.
				if strings.HasPrefix(jq, ".") && !strings.ContainsAny(jq, "[]|()? ") {
					out = append(out, ignoreRule{o.Name, d.Name, d.Namespace, strings.ReplaceAll(jq, ".", "/")})
				}
			}
		}
	}
	return out
}

// covered says whether a rule ignores pointer p of the VM ns/name. An entry matches an object as Argo CD's
// diff normalizer matches it: group and kind, and name and namespace when given
// (argo-cd util/argo/normalizers/diff_normalizer.go ignoreNormalizer.Normalize).
func covered(p, ns, name string, rules []ignoreRule) bool {
	for _, r := range rules {
		if (r.name != "" && r.name != name) || (r.namespace != "" && r.namespace != ns) {
			continue
		}
		if p == r.pointer || strings.HasPrefix(p, r.pointer+"/") {
			return true
		}
	}
	return false
}
