package checkutil

import (
	"fmt"
	"os"

	"sigs.k8s.io/yaml"
)

// Rollout is the fleet's spec.rollout as the checkers read it: the steps
// and the clusters' labels they select by.
type Rollout struct {
	Steps  []RolloutStep
	Labels map[string]map[string]string // cluster → its clusters[].labels
}

// RolloutStep is one spec.rollout.steps[] entry.
type RolloutStep struct {
	Name        string            `json:"name"`
	MatchLabels map[string]string `json:"matchLabels"`
}

// ReadRollout reads the rollout of the fleet file.
func ReadRollout(file string) (Rollout, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return Rollout{}, err
	}
	var f struct {
		Spec struct {
			Rollout *struct {
				Steps []RolloutStep `json:"steps"`
			} `json:"rollout"`
			Clusters []struct {
				Name   string            `json:"name"`
				Labels map[string]string `json:"labels"`
			} `json:"clusters"`
		} `json:"spec"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		return Rollout{}, fmt.Errorf("%s: %w", file, err)
	}
	r := Rollout{Labels: map[string]map[string]string{}}
	if f.Spec.Rollout != nil {
		r.Steps = f.Spec.Rollout.Steps
	}
	for _, c := range f.Spec.Clusters {
		r.Labels[c.Name] = c.Labels
	}
	return r, nil
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
