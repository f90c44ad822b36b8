package checkutil

// Rollout is the fleet's spec.rollout as the checkers read it (ReadFleet):
// the steps and the clusters' labels they select by.
type Rollout struct {
	Steps  []RolloutStep
	Labels map[string]map[string]string // cluster → its clusters[].labels
}

// RolloutStep is one spec.rollout.steps[] entry.
type RolloutStep struct {
	Name        string            `json:"name"`
	MatchLabels map[string]string `json:"matchLabels"`
}

// StepOf is the 1-based step the fleet puts cluster in, as the ApplicationSet
// status numbers them: the first step whose matchLabels the cluster's labels
// carry (a step without matchLabels takes every cluster), 0 for none.
func (r Rollout) StepOf(cluster string) int {
	for i, s := range r.Steps {
		match := true
		for k, v := range s.MatchLabels {
			if got, ok := r.Labels[cluster][k]; !ok || got != v {
				match = false
			}
		}
		if match {
			return i + 1
		}
	}
	return 0
}
