package objects

const RBACAPIVersion = "rbac.authorization.k8s.io/v1"

type ServiceAccount struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
}

type Role struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Rules      []PolicyRule `json:"rules"`
}

type PolicyRule struct {
	APIGroups     []string `json:"apiGroups"`
	Resources     []string `json:"resources"`
	ResourceNames []string `json:"resourceNames,omitempty"`
	Verbs         []string `json:"verbs"`
}

type RoleBinding struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	RoleRef    RoleRef   `json:"roleRef"`
	Subjects   []Subject `json:"subjects"`
}

type RoleRef struct {
	APIGroup string `json:"apiGroup"`
	Kind     string `json:"kind"`
	Name     string `json:"name"`
}

type Subject struct {
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	Namespace string `json:"namespace,omitempty"`
}

func NewServiceAccount(namespace, name string) *ServiceAccount {
	return &ServiceAccount{TypeMeta: TypeMeta{APIVersion: "v1", Kind: "ServiceAccount"},
		ObjectMeta: ObjectMeta{Name: name, Namespace: namespace}}
}

// NewRole grants rules in one namespace.
func NewRole(namespace, name string, rules ...PolicyRule) *Role {
	return &Role{TypeMeta: TypeMeta{APIVersion: RBACAPIVersion, Kind: "Role"},
		ObjectMeta: ObjectMeta{Name: name, Namespace: namespace}, Rules: rules}
}

// NewRoleBinding binds the Role of the same namespace named role to a
// ServiceAccount (of any namespace).
func NewRoleBinding(namespace, name, role, saNamespace, saName string) *RoleBinding {
	return &RoleBinding{TypeMeta: TypeMeta{APIVersion: RBACAPIVersion, Kind: "RoleBinding"},
		ObjectMeta: ObjectMeta{Name: name, Namespace: namespace},
		RoleRef:    RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: role},
		Subjects:   []Subject{{Kind: "ServiceAccount", Name: saName, Namespace: saNamespace}}}
}
