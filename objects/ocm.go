package objects

// API versions of the OCM kinds, checked against the upstream CRDs.
const (
	PolicyAPIVersion                   = "policy.open-cluster-management.io/v1"
	PolicySetAPIVersion                = "policy.open-cluster-management.io/v1beta1"
	OperatorPolicyAPIVersion           = "policy.open-cluster-management.io/v1beta1"
	ConfigurationPolicyAPIVersion      = "policy.open-cluster-management.io/v1"
	PlacementBindingAPIVersion         = "policy.open-cluster-management.io/v1"
	PlacementAPIVersion                = "cluster.open-cluster-management.io/v1beta1"
	ManagedClusterSetBindingAPIVersion = "cluster.open-cluster-management.io/v1beta2"
	GitOpsClusterAPIVersion            = "apps.open-cluster-management.io/v1beta1"

	PolicyGroup  = "policy.open-cluster-management.io"
	ClusterGroup = "cluster.open-cluster-management.io"
)

// Policy wraps policy templates and is propagated to the placed clusters.
type Policy struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Spec       PolicySpec `json:"spec"`
}

type PolicySpec struct {
	RemediationAction  string             `json:"remediationAction,omitempty"`
	Disabled           bool               `json:"disabled"`
	CopyPolicyMetadata *bool              `json:"copyPolicyMetadata,omitempty"`
	Dependencies       []PolicyDependency `json:"dependencies,omitempty"`
	PolicyTemplates    []PolicyTemplate   `json:"policy-templates"`
	// HubTemplateOptions lets hub templates read outside the policy's own
	// namespace, as the named ServiceAccount of that namespace.
	HubTemplateOptions *HubTemplateOptions `json:"hubTemplateOptions,omitempty"`
}

// HubTemplateOptions: without a ServiceAccount, hub template lookups are
// restricted to the root policy's namespace (governance-policy-propagator
// controllers/propagator/propagation.go getTemplateResolverOpts, LookupNamespace).
type HubTemplateOptions struct {
	ServiceAccountName string `json:"serviceAccountName,omitempty"`
}

// PolicyDependency holds a policy (or template) back until another is in the given compliance state.
type PolicyDependency struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	Namespace  string `json:"namespace,omitempty"`
	Compliance string `json:"compliance"`
}

type PolicyTemplate struct {
	ObjectDefinition  Object             `json:"objectDefinition"`
	ExtraDependencies []PolicyDependency `json:"extraDependencies,omitempty"`
}

// OperatorPolicy installs and upgrades an OLM operator.
type OperatorPolicy struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Spec       OperatorPolicySpec `json:"spec"`
}

type OperatorPolicySpec struct {
	RemediationAction string                 `json:"remediationAction"`
	Severity          string                 `json:"severity,omitempty"`
	ComplianceType    string                 `json:"complianceType"`
	Subscription      OperatorSubscription   `json:"subscription"`
	OperatorGroup     *OperatorGroup         `json:"operatorGroup,omitempty"`
	UpgradeApproval   string                 `json:"upgradeApproval"`
	Versions          []string               `json:"versions,omitempty"`
	RemovalBehavior   *OperatorRemovalPolicy `json:"removalBehavior,omitempty"`
}

type OperatorSubscription struct {
	Name            string `json:"name"`
	Namespace       string `json:"namespace"`
	Channel         string `json:"channel,omitempty"`
	Source          string `json:"source,omitempty"`
	SourceNamespace string `json:"sourceNamespace,omitempty"`
	// StartingCSV is approved for the first install plan besides versions
	// (config-policy-controller operatorpolicy_controller.go getApprovedCSVs).
	StartingCSV string              `json:"startingCSV,omitempty"`
	Config      *SubscriptionConfig `json:"config,omitempty"`
}

// SubscriptionConfig is OLM's Subscription spec.config (the part vmfleet sets).
type SubscriptionConfig struct {
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`
	Tolerations  []Toleration      `json:"tolerations,omitempty"`
}

// Toleration is a Kubernetes toleration (pods and Placements share the shape).
type Toleration struct {
	Key               string `json:"key,omitempty"`
	Operator          string `json:"operator,omitempty"`
	Value             string `json:"value,omitempty"`
	Effect            string `json:"effect,omitempty"`
	TolerationSeconds *int64 `json:"tolerationSeconds,omitempty"`
}

type OperatorGroup struct {
	Name             string   `json:"name"`
	Namespace        string   `json:"namespace,omitempty"`
	TargetNamespaces []string `json:"targetNamespaces,omitempty"`
}

// OperatorRemovalPolicy says what a mustnothave policy removes; vmfleet
// keeps everything so that flipping a policy never deletes running VMs.
type OperatorRemovalPolicy struct {
	OperatorGroups            string `json:"operatorGroups,omitempty"`
	Subscriptions             string `json:"subscriptions,omitempty"`
	ClusterServiceVersions    string `json:"clusterServiceVersions,omitempty"`
	CustomResourceDefinitions string `json:"customResourceDefinitions,omitempty"`
}

// ConfigurationPolicy makes objects exist (musthave) on the managed cluster.
type ConfigurationPolicy struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Spec       ConfigurationPolicySpec `json:"spec"`
}

type ConfigurationPolicySpec struct {
	RemediationAction   string           `json:"remediationAction"`
	Severity            string           `json:"severity,omitempty"`
	PruneObjectBehavior string           `json:"pruneObjectBehavior,omitempty"`
	ObjectTemplates     []ObjectTemplate `json:"object-templates"`
}

type ObjectTemplate struct {
	ComplianceType   string `json:"complianceType"`
	ObjectDefinition Object `json:"objectDefinition"`
}

// PolicySet groups policies so one Placement binds them all.
type PolicySet struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Spec       PolicySetSpec `json:"spec"`
}

type PolicySetSpec struct {
	Description string   `json:"description,omitempty"`
	Policies    []string `json:"policies"`
}

// PlacementBinding ties policies or policy sets to a Placement.
type PlacementBinding struct {
	TypeMeta     `json:",inline"`
	ObjectMeta   `json:"metadata"`
	PlacementRef Ref   `json:"placementRef"`
	Subjects     []Ref `json:"subjects"`
}

type Ref struct {
	APIGroup string `json:"apiGroup"`
	Kind     string `json:"kind"`
	Name     string `json:"name"`
}

// Placement selects managed clusters from the bound cluster sets.
type Placement struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Spec       PlacementSpec `json:"spec"`
}

type PlacementSpec struct {
	ClusterSets      []string          `json:"clusterSets,omitempty"`
	Predicates       []Predicate       `json:"predicates,omitempty"`
	Tolerations      []Toleration      `json:"tolerations,omitempty"`
	DecisionStrategy *DecisionStrategy `json:"decisionStrategy,omitempty"`
}

type Predicate struct {
	RequiredClusterSelector ClusterSelector `json:"requiredClusterSelector"`
}

type ClusterSelector struct {
	LabelSelector LabelSelector `json:"labelSelector"`
}

// ManagedClusterSetBinding lets Placements in its namespace use a cluster set.
type ManagedClusterSetBinding struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Spec       ManagedClusterSetBindingSpec `json:"spec"`
}

type ManagedClusterSetBindingSpec struct {
	ClusterSet string `json:"clusterSet"`
}

// GitOpsCluster registers the clusters a Placement selects with Argo CD.
type GitOpsCluster struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Spec       GitOpsClusterSpec `json:"spec"`
}

type GitOpsClusterSpec struct {
	ArgoServer   ArgoServer   `json:"argoServer"`
	PlacementRef PlacementRef `json:"placementRef"`
}

type ArgoServer struct {
	ArgoNamespace string `json:"argoNamespace"`
}

type PlacementRef struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
}
