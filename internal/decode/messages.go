package decode

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"

	"vmfleet.dev/vmfleet/diag"
)

// The schema decides what is wrong; these say it in the words of the field.

// explained is one finding made of a schema error.
type explained struct {
	rule diag.Rule
	msg  string
}

// words are what a few fields say instead of the generic message, keyed by
// the shape of their path.
type words struct {
	rule  diag.Rule // for too long, too few; default RuleRange
	empty string    // for an empty string
	long  string    // for too long: "is longer than …", %d is the limit
	noun  string    // for a number out of range: "is not <noun> (min-max)"
	few   string    // for too few items
}

const ifNameLong = "is longer than a Linux interface name may be (%d characters)"

var fieldWords = map[string]words{
	"spec.gitops.repoURL":                  {empty: "must not be empty: the git repository Argo CD syncs from"},
	"spec.gitops.path":                     {empty: "must not be empty: the folder of the rendered tree in the repository"},
	"spec.networks[].bridge":               {rule: diag.RuleInterfaceName, long: ifNameLong},
	"spec.networks[].uplink":               {rule: diag.RuleInterfaceName, long: ifNameLong},
	"spec.clusters[].bridges{}.uplink":     {rule: diag.RuleInterfaceName, long: ifNameLong},
	"spec.networks[].vlan":                 {noun: "a VLAN id"},
	"spec.networks[].mtu":                  {noun: "an MTU"},
	"spec.observability.guestMetrics.port": {noun: "a port"},
	"spec.clusters":                        {rule: diag.RuleRequired, few: "the fleet needs at least one cluster"},
	"spec.vms[].disk.source":               {rule: diag.RuleDiskSource},
	"spec.vms[].dataDisks[].source":        {rule: diag.RuleDiskSource},
}

// patterns are the patterns of the API markers, each with its rule and its
// message; optional fields use each also as ^(…)?$, which lets "" (unset)
// through. TestSchemaExplained fails on a pattern of the schema missing here.
var patterns = withOptional(map[string]patternRule{
	`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`: {diag.RuleDNS1123, func(v string) string {
		return dnsMessage(v, validation.IsDNS1123Label(v), validation.IsDNS1123Label)
	}},
	// CDI names DataImportCrons and DataSources by DNS-1035 labels.
	`^[a-z]([-a-z0-9]*[a-z0-9])?$`: {diag.RuleDNS1123, func(v string) string {
		return dnsMessage(v, validation.IsDNS1035Label(v), validation.IsDNS1035Label)
	}},
	`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`: {diag.RuleDNS1123, func(v string) string {
		return dnsMessage(v, validation.IsDNS1123Subdomain(v), validation.IsDNS1123Subdomain)
	}},
	`^\+?([0-9]*[1-9][0-9]*(\.[0-9]*)?|[0-9]*\.[0-9]*[1-9][0-9]*)([KMGTPE]i|[numkMGTPE]|[eE][-+]?[0-9]+)?$`: {diag.RuleQuantity, func(v string) string {
		if q, err := resource.ParseQuantity(v); err == nil && q.Sign() <= 0 {
			return fmt.Sprintf("%s must be greater than zero", quote(v))
		}
		return fmt.Sprintf("%s is not a quantity (for example 40Gi or 512Mi)", quote(v))
	}},
	`^([0-9]+(ms|s|m|h))+$`: {diag.RuleDuration, func(v string) string {
		return fmt.Sprintf("%s is not a duration such as 30s or 1m", quote(v))
	}},
	`^v?[0-9]+\.[0-9]+(\.[0-9]+)?$`: {diag.RuleKubeVirtVersion, func(v string) string {
		return fmt.Sprintf("%s is not a KubeVirt version such as 1.6 or v1.5.2", quote(v))
	}},
	`^[a-zA-Z_:][a-zA-Z0-9_:]*$`: {diag.RuleMetric, func(v string) string {
		return fmt.Sprintf("%s is not a Prometheus metric name", quote(v))
	}},
	`^((100|[1-9][0-9]?)%|[1-9][0-9]*)$`: {diag.RuleRange, func(v string) string {
		return fmt.Sprintf("%s is not a count of clusters (1, 2, ...) or a percentage of them (1%% to 100%%)", quote(v))
	}},
	// A path is clean when path.Clean leaves it as it is (but for a
	// trailing /): no empty, "." or ".." element, not absolute, not above
	// the root.
	`^(\./?|([^/.][^/]*|\.[^/.][^/]*)(/([^/.][^/]*|\.[^/.][^/]*|\.\.[^/]+))*/?)$`: {diag.RulePath, func(v string) string {
		return fmt.Sprintf("%s must be a clean path relative to the repository root (no leading /, no ..)", quote(v))
	}},
})

type patternRule struct {
	rule    diag.Rule
	explain func(value string) string
}

// withOptional adds to each pattern ^X$ its optional form ^(X)?$.
func withOptional(m map[string]patternRule) map[string]patternRule {
	for p, r := range m {
		if strings.HasPrefix(p, "^") && strings.HasSuffix(p, "$") {
			m["^("+p[1:len(p)-1]+")?$"] = r
		}
	}
	return m
}

// dnsMessage says why v is not a name, and when the name only differs by
// case (the most common slip: Spoke-A), the fix: its lower-case form.
func dnsMessage(v string, errs []string, valid func(string) []string) string {
	if lower := strings.ToLower(v); lower != v && len(valid(lower)) == 0 {
		return fmt.Sprintf("%s is not a valid name: names are lower case (Kubernetes object and DNS names); write %s, here and wherever the fleet refers to it", quoteValue(v), quoteValue(lower))
	}
	why := "it does not match the pattern of a name"
	if len(errs) > 0 {
		why = errs[0]
	}
	return fmt.Sprintf("%s is not a valid name: %s", quoteValue(v), why)
}

// explain turns one schema error at path into findings. s is the schema
// of the value, shape the path with [] for indexes, value the value there.
func explain(k jsonschema.ErrorKind, s schema, path diag.Path, shape string, value any) []explained {
	w := fieldWords[shape]
	rule := func(def diag.Rule) diag.Rule {
		if w.rule != "" {
			return w.rule
		}
		return def
	}
	str, _ := value.(string)
	switch k := k.(type) {
	case *kind.InvalidJsonValue:
		return nil // a value the walk reported already
	case *kind.Required:
		out := make([]explained, len(k.Missing))
		for i, m := range k.Missing {
			out[i] = explained{diag.RuleRequired, fmt.Sprintf("missing required field %q", m)}
		}
		return out
	case *kind.AdditionalProperties:
		out := make([]explained, len(k.Properties))
		for i, p := range k.Properties {
			out[i] = explained{diag.RuleUnknownField, "unknown field " + quote(p)}
		}
		return out
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, x := range k.Want {
			want[i] = strconv.Quote(fmt.Sprint(x))
		}
		return one(diag.RuleEnum, "%s is not one of %s", quote(fmt.Sprint(k.Got)), strings.Join(want, ", "))
	case *kind.Const:
		field := lastElement(path)
		r := diag.RuleType
		switch field {
		case "apiVersion":
			r = diag.RuleAPIVersion
		case "kind":
			r = diag.RuleKind
		}
		return one(r, "found %s %s, expected %q", field, quote(fmt.Sprint(k.Got)), fmt.Sprint(k.Want))
	case *kind.Pattern:
		return stringRule(k.Want, str, w)
	case *kind.MinLength:
		if p, ok := s["pattern"].(string); ok {
			return stringRule(p, str, w)
		}
		return emptyOr(w, rule(diag.RuleRange), "%s is shorter than %d characters", quote(str), k.Want)
	case *kind.MaxLength:
		if p, ok := s["pattern"].(string); ok {
			if _, known := patterns[p]; known {
				return stringRule(p, str, w)
			}
		}
		if w.long != "" {
			return one(rule(diag.RuleRange), "%s "+w.long, quote(str), k.Want)
		}
		return one(rule(diag.RuleRange), "%s is longer than %d characters", quote(str), k.Want)
	case *kind.Minimum:
		return rangeMessage(w, s, k.Got, "must be at least "+ratString(k.Want))
	case *kind.Maximum:
		return rangeMessage(w, s, k.Got, "must be at most "+ratString(k.Want))
	case *kind.MinItems:
		if w.few != "" {
			return one(rule(diag.RuleRange), "%s", w.few)
		}
		return one(rule(diag.RuleRange), "needs at least %d items, found %d", k.Want, k.Got)
	case *kind.MinProperties, *kind.MaxProperties:
		return oneOfFields(s, value, lastElement(path), rule(diag.RuleRequired))
	}
	// Not reached while TestSchemaExplained passes: it holds the schema to
	// the keywords above.
	return one(diag.RuleType, "does not satisfy the schema (%s)", strings.Join(k.KeywordPath(), "/"))
}

// quoteValue Go-quotes a value the schema rejected, cut only when longer
// than any name may be, so the whole of a name that is too long shows.
func quoteValue(s string) string {
	if c := clip(s, 256); c != s {
		return strconv.Quote(strings.TrimSuffix(c, "…")) + "…"
	}
	return strconv.Quote(s)
}

func one(rule diag.Rule, format string, args ...any) []explained {
	return []explained{{rule, fmt.Sprintf(format, args...)}}
}

// stringRule explains a string the pattern (and its length limit) rejects.
func stringRule(pattern, v string, w words) []explained {
	if v == "" {
		return emptyOr(w, diag.RuleRequired, "")
	}
	if p, ok := patterns[pattern]; ok {
		return one(p.rule, "%s", p.explain(v))
	}
	return one(diag.RuleType, "%s does not match the pattern %s", quote(v), pattern)
}

// emptyOr says an empty string must not be, or else format.
func emptyOr(w words, rule diag.Rule, format string, args ...any) []explained {
	if len(args) == 0 || args[0] == `""` {
		if w.empty != "" {
			return one(diag.RuleRequired, "%s", w.empty)
		}
		return one(diag.RuleRequired, "must not be empty")
	}
	return one(rule, format, args...)
}

// rangeMessage says a number is out of range: "5000 is not a VLAN id
// (1-4094)" for a field with a noun, else "0 must be at least 1".
func rangeMessage(w words, s schema, got *big.Rat, fallback string) []explained {
	lo, hi := s.number("minimum"), s.number("maximum")
	if w.noun != "" && lo != "" && hi != "" {
		return one(diag.RuleRange, "%s is not %s (%s-%s)", ratString(got), w.noun, lo, hi)
	}
	return one(diag.RuleRange, "%s %s", ratString(got), fallback)
}

func ratString(r *big.Rat) string {
	if r == nil {
		return "?"
	}
	if r.IsInt() {
		return short(r.Num().String())
	}
	return short(r.FloatString(3))
}

// oneOfFields explains a mapping that must hold exactly one of its fields
// (minProperties and maxProperties 1, as a disk source).
func oneOfFields(s schema, value any, what string, rule diag.Rule) []explained {
	names := s.fieldNames()
	m, _ := value.(map[string]any)
	var set []string
	for _, n := range names {
		if _, ok := m[n]; ok {
			set = append(set, n)
		}
	}
	if len(set) == 0 {
		return one(rule, "give exactly one of %s", strings.Join(names, ", "))
	}
	return one(rule, "give exactly one %s, found %s", what, joinWords(set))
}

func lastElement(p diag.Path) string {
	s := string(p)
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return s
}
