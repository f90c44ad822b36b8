package validate

import (
	"math"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"

	"vmfleet.dev/vmfleet/diag"
)

// label checks a DNS-1123 label where no schema marker can: in a part of
// a map's value.
func (v *validator) label(path diag.Path, value string) {
	if value == "" {
		v.errorf(path, diag.RuleRequired, "must not be empty")
		return
	}
	if errs := validation.IsDNS1123Label(value); len(errs) > 0 {
		v.errorf(path, diag.RuleDNS1123, "%q is not a valid name: %s", value, errs[0])
	}
}

// subdomain checks a DNS-1123 subdomain where no schema marker can: in the
// values of a map.
func (v *validator) subdomain(path diag.Path, value string) {
	if value == "" {
		v.errorf(path, diag.RuleRequired, "must not be empty")
		return
	}
	if errs := validation.IsDNS1123Subdomain(value); len(errs) > 0 {
		v.errorf(path, diag.RuleDNS1123, "%q is not a valid name: %s", value, errs[0])
	}
}

// labels checks label keys and values (node selectors, cluster selectors):
// a CRD schema cannot constrain the keys of a map.
func (v *validator) labels(path diag.Path, m map[string]string) {
	for _, k := range sortedKeys(m) {
		kp := path.Child(k)
		if errs := validation.IsQualifiedName(k); len(errs) > 0 {
			v.errorf(kp, diag.RuleLabel, "%q is not a valid label key: %s", k, errs[0])
		}
		if errs := validation.IsValidLabelValue(m[k]); len(errs) > 0 {
			v.errorf(kp, diag.RuleLabel, "%q is not a valid label value: %s", m[k], errs[0])
		}
	}
}

// quantity checks what the schema's pattern cannot: that a quantity fits.
// Kubernetes caps a quantity at 2^63-1 (it parses 9Ei as
// 9223372036854775807), so the rendered value would silently differ from
// the fleet's.
func (v *validator) quantity(path diag.Path, value string) {
	if value == "" {
		return
	}
	if q, err := resource.ParseQuantity(value); err == nil && q.Cmp(maxQuantity) >= 0 {
		v.errorf(path, diag.RuleQuantity, "%q is too large: a Kubernetes quantity must stay below 8Ei (2^63)", value)
	}
}

var maxQuantity = *resource.NewQuantity(math.MaxInt64, resource.BinarySI)

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return keys
}

func hasPrefixAny(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
