package objects

const ApplicationSetAPIVersion = "argoproj.io/v1alpha1"

// ApplicationSet fans one Application per selected cluster.
type ApplicationSet struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Spec       ApplicationSetSpec `json:"spec"`
}

type ApplicationSetSpec struct {
	Generators []ApplicationSetGenerator `json:"generators"`
	Template   ApplicationTemplate       `json:"template"`
	SyncPolicy *ApplicationSetSyncPolicy `json:"syncPolicy,omitempty"`
	Strategy   *ApplicationSetStrategy   `json:"strategy,omitempty"`
}

type ApplicationSetSyncPolicy struct {
	// PreserveResourcesOnDeletion keeps VMs (and their disks) running when
	// the ApplicationSet is deleted.
	PreserveResourcesOnDeletion bool `json:"preserveResourcesOnDeletion,omitempty"`
}

// ApplicationSetGenerator is one generator; Selector post-filters its output.
type ApplicationSetGenerator struct {
	Clusters                *ClusterGenerator                 `json:"clusters,omitempty"`
	ClusterDecisionResource *ClusterDecisionResourceGenerator `json:"clusterDecisionResource,omitempty"`
	Selector                *LabelSelector                    `json:"selector,omitempty"`
}

type ClusterGenerator struct {
	Selector LabelSelector     `json:"selector"`
	Values   map[string]string `json:"values,omitempty"`
}

type ClusterDecisionResourceGenerator struct {
	ConfigMapRef        string            `json:"configMapRef"`
	LabelSelector       LabelSelector     `json:"labelSelector"`
	RequeueAfterSeconds int64             `json:"requeueAfterSeconds,omitempty"`
	Values              map[string]string `json:"values,omitempty"`
}

type ApplicationTemplate struct {
	ObjectMeta `json:"metadata"`
	Spec       ApplicationSpec `json:"spec"`
}

type ApplicationSpec struct {
	Project           string                 `json:"project"`
	Source            ApplicationSource      `json:"source"`
	Destination       ApplicationDestination `json:"destination"`
	SyncPolicy        *SyncPolicy            `json:"syncPolicy,omitempty"`
	IgnoreDifferences []ResourceIgnoreDiffs  `json:"ignoreDifferences,omitempty"`
}

type ApplicationSource struct {
	RepoURL        string        `json:"repoURL"`
	TargetRevision string        `json:"targetRevision,omitempty"`
	Path           string        `json:"path,omitempty"`
	Plugin         *SourcePlugin `json:"plugin,omitempty"`
}

type SourcePlugin struct {
	Name string      `json:"name,omitempty"`
	Env  []PluginEnv `json:"env,omitempty"`
}

// PluginEnv reaches the plugin as ARGOCD_ENV_<Name>.
type PluginEnv struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type ApplicationDestination struct {
	Name      string `json:"name,omitempty"`
	Server    string `json:"server,omitempty"`
	Namespace string `json:"namespace,omitempty"`
}

type SyncPolicy struct {
	Automated   *SyncPolicyAutomated `json:"automated,omitempty"`
	SyncOptions []string             `json:"syncOptions,omitempty"`
	Retry       *RetryStrategy       `json:"retry,omitempty"`
}

type SyncPolicyAutomated struct {
	Prune    bool `json:"prune,omitempty"`
	SelfHeal bool `json:"selfHeal,omitempty"`
}

type RetryStrategy struct {
	Limit   int64    `json:"limit,omitempty"`
	Backoff *Backoff `json:"backoff,omitempty"`
}

type Backoff struct {
	Duration    string `json:"duration,omitempty"`
	Factor      *int64 `json:"factor,omitempty"`
	MaxDuration string `json:"maxDuration,omitempty"`
}

// ResourceIgnoreDiffs keeps fields a controller writes after create from
// marking the Application OutOfSync.
type ResourceIgnoreDiffs struct {
	Group             string   `json:"group,omitempty"`
	Kind              string   `json:"kind"`
	Name              string   `json:"name,omitempty"`
	Namespace         string   `json:"namespace,omitempty"`
	JSONPointers      []string `json:"jsonPointers,omitempty"`
	JQPathExpressions []string `json:"jqPathExpressions,omitempty"`
}

// AppProject limits what the fleet's Applications may sync: where from,
// where to, and which kinds.
type AppProject struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Spec       AppProjectSpec `json:"spec"`
}

type AppProjectSpec struct {
	Description  string                   `json:"description,omitempty"`
	SourceRepos  []string                 `json:"sourceRepos"`
	Destinations []ApplicationDestination `json:"destinations"`
	// Cluster-scoped kinds the Applications may sync; empty allows none.
	ClusterResourceWhitelist []GroupKind `json:"clusterResourceWhitelist"`
	// Namespaced kinds; absent would allow all, so it is always written.
	NamespaceResourceWhitelist []GroupKind `json:"namespaceResourceWhitelist"`
}

// GroupKind is metav1.GroupKind: group "" is the core group.
type GroupKind struct {
	Group string `json:"group"`
	Kind  string `json:"kind"`
}

// Application syncs one source to one destination.
type Application struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Spec       ApplicationSpec `json:"spec"`
}
