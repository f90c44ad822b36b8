package objects

// The core kinds are small enough to type here; k8s.io/api would bring
// null creationTimestamps and empty status blocks into the output.

type ConfigMap struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Data       map[string]string `json:"data"`
}

type Namespace struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
}

type Service struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Spec       ServiceSpec `json:"spec"`
}

type ServiceSpec struct {
	Selector map[string]string `json:"selector"`
	Ports    []ServicePort     `json:"ports"`
}

type ServicePort struct {
	Name       string `json:"name"`
	Port       int32  `json:"port"`
	TargetPort int32  `json:"targetPort"`
	Protocol   string `json:"protocol,omitempty"`
}

func NewConfigMap(namespace, name string, data map[string]string) *ConfigMap {
	return &ConfigMap{TypeMeta: TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: ObjectMeta{Name: name, Namespace: namespace}, Data: data}
}

func NewNamespace(name string) *Namespace {
	return &Namespace{TypeMeta: TypeMeta{APIVersion: "v1", Kind: "Namespace"}, ObjectMeta: ObjectMeta{Name: name}}
}

// NetworkPolicy (networking.k8s.io/v1) with the fields vmfleet sets.
type NetworkPolicy struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Spec       NetworkPolicySpec `json:"spec"`
}

type NetworkPolicySpec struct {
	PodSelector LabelSelector              `json:"podSelector"`
	Ingress     []NetworkPolicyIngressRule `json:"ingress,omitempty"`
	Egress      []NetworkPolicyEgressRule  `json:"egress,omitempty"`
	PolicyTypes []string                   `json:"policyTypes"`
}

type NetworkPolicyIngressRule struct {
	From  []NetworkPolicyPeer `json:"from"`
	Ports []NetworkPolicyPort `json:"ports"`
}

type NetworkPolicyEgressRule struct {
	To    []NetworkPolicyPeer `json:"to"`
	Ports []NetworkPolicyPort `json:"ports"`
}

type NetworkPolicyPeer struct {
	PodSelector *LabelSelector `json:"podSelector,omitempty"`
}

type NetworkPolicyPort struct {
	Protocol string `json:"protocol"`
	// Port nil: every port of Protocol.
	Port    *int32 `json:"port,omitempty"`
	EndPort *int32 `json:"endPort,omitempty"`
}

// TemplatedData is a Secret or ConfigMap inside a ConfigurationPolicy whose
// data is a policy hub template ({{hub copySecretData "ns" "name" hub}},
// copyConfigMapData for a ConfigMap). The template resolver strips the
// quotes around such a template, so the propagated policy carries the data
// map itself, a Secret's values encrypted for the managed cluster
// (stolostron/go-template-utils pkg/templates/templates.go,
// k8sresource_funcs.go copySecretDataProtected).
type TemplatedData struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Data       string `json:"data"`
}
