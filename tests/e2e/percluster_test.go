//go:build e2e

package e2e

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// A per-cluster value is a hub template on .ManagedClusterName (generators perCluster):
//
//	{{hub if eq .ManagedClusterName "a" hub}}X{{hub else if eq .ManagedClusterName "b" hub}}Y{{hub else hub}}Z{{hub end hub}}
//
// The propagator resolves it per managed cluster before the object reaches the cluster, so the API server
// there sees X, Y or Z, never the template: a field with a pattern (a quantity) rejects the template itself.
// perClusterVariants resolves every such value of od for each cluster named and for the others, and returns
// one copy per case (nil when od has none), each with the case it stands for.
var perClusterBranch = regexp.MustCompile(`\{\{hub (?:else )?if eq \.ManagedClusterName "([a-z0-9-]+)" hub\}\}(.*?)(?:\{\{hub else)`)
var perClusterDefault = regexp.MustCompile(`\{\{hub else hub\}\}(.*?)\{\{hub end hub\}\}$`)

func perClusterValue(s string) (byCluster map[string]string, def string, ok bool) {
	if !strings.HasPrefix(s, "{{hub if eq .ManagedClusterName ") {
		return nil, "", false
	}
	byCluster = map[string]string{}
	rest := s
	for {
		m := perClusterBranch.FindStringSubmatchIndex(rest)
		if m == nil {
			break
		}
		byCluster[rest[m[2]:m[3]]] = rest[m[4]:m[5]]
		rest = rest[m[5]:]
	}
	d := perClusterDefault.FindStringSubmatch(s)
	if d == nil || len(byCluster) == 0 {
		return nil, "", false
	}
	return byCluster, d[1], true
}

func perClusterVariants(od map[string]any) (variants []map[string]any, cases []string) {
	clusters := map[string]bool{}
	walkStrings(od, func(s string) string {
		if byCluster, _, ok := perClusterValue(s); ok {
			for c := range byCluster {
				clusters[c] = true
			}
		}
		return s
	})
	if len(clusters) == 0 {
		return nil, nil
	}
	names := []string{""}
	for c := range clusters {
		names = append(names, c)
	}
	sort.Strings(names)
	for _, c := range names {
		v := deepCopy(od)
		walkStrings(v, func(s string) string {
			byCluster, def, ok := perClusterValue(s)
			if !ok {
				return s
			}
			if x, found := byCluster[c]; found {
				return x
			}
			return def
		})
		variants = append(variants, v)
		if c == "" {
			cases = append(cases, "the other clusters")
		} else {
			cases = append(cases, fmt.Sprintf("cluster %q", c))
		}
	}
	return variants, cases
}

// walkStrings replaces, in place, every string value below v by f's answer.
func walkStrings(v any, f func(string) string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok {
				x[k] = f(s)
			} else {
				walkStrings(e, f)
			}
		}
	case []any:
		for i, e := range x {
			if s, ok := e.(string); ok {
				x[i] = f(s)
			} else {
				walkStrings(e, f)
			}
		}
	}
}
