package v1alpha1

// Rollout stages a change across the fleet's clusters: Argo CD syncs the
// clusters of one step, waits until their Applications are healthy, then
// moves to the next (ApplicationSet strategy RollingSync); the CNV
// baseline's Placement carries the same steps as decision groups.
type Rollout struct {
	// Steps in order. Each takes the fleet clusters whose labels
	// (clusters[].labels) match its matchLabels; the last step may leave
	// matchLabels out to take every cluster no earlier step took. Every
	// cluster must fall in exactly one step.
	// +kubebuilder:validation:MinItems=1
	Steps []RolloutStep `json:"steps"`
}

// RolloutStep is one stage of a rollout.
type RolloutStep struct {
	// Name of the step: the value of the vmfleet.dev/rollout-step label on
	// the Applications of its clusters, and the Placement decision group's
	// name.
	// +kubebuilder:validation:Pattern=`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
	// +kubebuilder:validation:MaxLength=63
	Name string `json:"name"`
	// MatchLabels the step's clusters carry in clusters[].labels. Left
	// out (last step only): every cluster no earlier step took.
	// +optional
	MatchLabels map[string]string `json:"matchLabels,omitempty"`
	// MaxUpdate is how many of the step's clusters sync at once: a number
	// ("1") or a percentage of the step's clusters ("25%"). Default: all of
	// them at once.
	// +optional
	// +kubebuilder:validation:Pattern=`^((100|[1-9][0-9]?)%|[1-9][0-9]*)$`
	MaxUpdate string `json:"maxUpdate,omitempty"`
}
