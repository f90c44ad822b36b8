package validate

import (
	"fmt"
	"math"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"
)

// label checks a DNS-1123 label: namespaces, VM and cluster names. Cluster
// and VM names become folder names, so this is also what keeps the tree
// inside its output folder ("../x" is not a label).
func (v *validator) label(path, value string) {
	if value == "" {
		v.errorf(path, "required", "must not be empty")
		return
	}
	if errs := validation.IsDNS1123Label(value); len(errs) > 0 {
		v.errorf(path, "dns-1123", "%q is not a valid name: %s", value, errs[0])
	}
}

// subdomain checks a DNS-1123 subdomain: object names such as Secrets,
// storage classes, DataSources.
func (v *validator) subdomain(path, value string) {
	if value == "" {
		v.errorf(path, "required", "must not be empty")
		return
	}
	if errs := validation.IsDNS1123Subdomain(value); len(errs) > 0 {
		v.errorf(path, "dns-1123", "%q is not a valid name: %s", value, errs[0])
	}
}

func (v *validator) optionalSubdomain(path, value string) {
	if value != "" {
		v.subdomain(path, value)
	}
}

// labels checks label keys and values (node selectors, cluster selectors).
func (v *validator) labels(path string, m map[string]string) {
	for _, k := range sortedKeys(m) {
		kp := path + keyPath(k)
		if errs := validation.IsQualifiedName(k); len(errs) > 0 {
			v.errorf(kp, "label", "%q is not a valid label key: %s", k, errs[0])
		}
		if errs := validation.IsValidLabelValue(m[k]); len(errs) > 0 {
			v.errorf(kp, "label", "%q is not a valid label value: %s", m[k], errs[0])
		}
	}
}

// quantity checks a resource quantity such as 40Gi and that it is positive.
func (v *validator) quantity(path, value string, required bool) {
	if value == "" {
		if required {
			v.errorf(path, "required", "must not be empty")
		}
		return
	}
	q, err := resource.ParseQuantity(value)
	if err != nil {
		v.errorf(path, "quantity", "%q is not a quantity (for example 40Gi or 512Mi)", value)
		return
	}
	if q.Sign() <= 0 {
		v.errorf(path, "quantity", "%q must be greater than zero", value)
	}
	if q.Cmp(maxQuantity) >= 0 {
		// Kubernetes caps a quantity at 2^63-1 (it parses 9Ei as
		// 9223372036854775807), so the rendered value would silently
		// differ from the fleet's.
		v.errorf(path, "quantity", "%q is too large: a Kubernetes quantity must stay below 8Ei (2^63)", value)
	}
}

var maxQuantity = *resource.NewQuantity(math.MaxInt64, resource.BinarySI)

// keyPath renders a map key the way decode does, so findings find their line.
func keyPath(k string) string {
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return fmt.Sprintf("[%q]", k)
		}
	}
	return "." + k
}

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
