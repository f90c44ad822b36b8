// Package objects holds small typed structs for the upstream kinds vmfleet
// emits that have no cheap Go module of their own (OCM, Argo CD, Multus,
// Prometheus Operator). Each struct carries only the fields vmfleet sets;
// the e2e tests prove every one against the upstream CRD.
package objects

// TypeMeta is apiVersion and kind.
type TypeMeta struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
}

// ObjectMeta is the metadata vmfleet sets.
type ObjectMeta struct {
	Name        string            `json:"name"`
	Namespace   string            `json:"namespace,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// LabelSelector is the Kubernetes label selector.
type LabelSelector struct {
	MatchLabels      map[string]string          `json:"matchLabels,omitempty"`
	MatchExpressions []LabelSelectorRequirement `json:"matchExpressions,omitempty"`
}

// LabelSelectorRequirement is one matchExpressions entry.
type LabelSelectorRequirement struct {
	Key      string   `json:"key"`
	Operator string   `json:"operator"`
	Values   []string `json:"values,omitempty"`
}

// Object is any emitted object: it names itself for sorting, paths and errors.
type Object interface {
	GVK() (apiVersion, kind string)
	Meta() (namespace, name string)
}

func (t TypeMeta) GVK() (string, string)    { return t.APIVersion, t.Kind }
func (m ObjectMeta) Meta() (string, string) { return m.Namespace, m.Name }
