package plan

import "vmfleet.dev/vmfleet/api/v1alpha1"

// RolloutStep is a rollout step with its clusters resolved.
type RolloutStep struct {
	Spec     *v1alpha1.RolloutStep
	Index    int      // position in spec.rollout.steps, for field paths
	Clusters []string // in fleet order
}

// RolloutLabel is the label on each generated Application naming its
// cluster's rollout step; the ApplicationSet's RollingSync steps match it.
const RolloutLabel = "vmfleet.dev/rollout-step"

// Rollout resolves spec.rollout: each step takes, in order, the clusters
// whose labels match it and that no earlier step took; a step without
// matchLabels takes the rest. Nil when the fleet declares no rollout.
// Overlaps, empty steps and clusters left out are the validator's
// (internal/validate rollout.go), which reads Overlaps and Unstaged.
func (p *Plan) Rollout() []RolloutStep {
	r := p.Fleet.Spec.Rollout
	if r == nil || len(r.Steps) == 0 {
		return nil
	}
	taken := map[string]bool{}
	out := make([]RolloutStep, len(r.Steps))
	for i := range r.Steps {
		s := &r.Steps[i]
		out[i] = RolloutStep{Spec: s, Index: i}
		for _, c := range p.Clusters {
			if !taken[c.Spec.Name] && StepMatches(s, c.Spec) {
				out[i].Clusters = append(out[i].Clusters, c.Spec.Name)
				taken[c.Spec.Name] = true
			}
		}
	}
	return out
}

// StepMatches reports whether the step's matchLabels select the cluster
// (a step without matchLabels selects every cluster).
func StepMatches(s *v1alpha1.RolloutStep, c *v1alpha1.Cluster) bool {
	for k, v := range s.MatchLabels {
		if got, ok := c.Labels[k]; !ok || got != v {
			return false
		}
	}
	return true
}

// RolloutStepOf is the name of the step that rolls out to the named
// cluster, or "" without a rollout.
func (p *Plan) RolloutStepOf(cluster string) string {
	for _, s := range p.Rollout() {
		for _, c := range s.Clusters {
			if c == cluster {
				return s.Spec.Name
			}
		}
	}
	return ""
}
