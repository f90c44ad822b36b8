package main

import (
	"fmt"
	"os"
	"sort"
	"strings"

	clusterv1beta1 "open-cluster-management.io/api/cluster/v1beta1"

	"sigs.k8s.io/yaml"
)

// rollout is the fleet's spec.rollout as the checker reads it: the steps
// and the clusters' labels they select by.
type rollout struct {
	steps  []rolloutStep
	labels map[string]map[string]string // cluster → its clusters[].labels
}

type rolloutStep struct {
	Name        string            `json:"name"`
	MatchLabels map[string]string `json:"matchLabels"`
}

func readRollout(file string) (rollout, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return rollout{}, err
	}
	var f struct {
		Spec struct {
			Rollout *struct {
				Steps []rolloutStep `json:"steps"`
			} `json:"rollout"`
			Clusters []struct {
				Name   string            `json:"name"`
				Labels map[string]string `json:"labels"`
			} `json:"clusters"`
		} `json:"spec"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		return rollout{}, fmt.Errorf("%s: %w", file, err)
	}
	r := rollout{labels: map[string]map[string]string{}}
	if f.Spec.Rollout != nil {
		r.steps = f.Spec.Rollout.Steps
	}
	for _, c := range f.Spec.Clusters {
		r.labels[c.Name] = c.Labels
	}
	return r, nil
}

// stepOf is the 1-based step the fleet puts cluster in: the first step whose matchLabels the cluster's labels
// carry (a step without matchLabels takes every cluster), 0 for none.
func (r rollout) stepOf(cluster string) int {
	for i, s := range r.steps {
		match := true
		for k, v := range s.MatchLabels {
			if got, ok := r.labels[cluster][k]; !ok || got != v {
				match = false
			}
		}
		if match {
			return i + 1
		}
	}
	return 0
}

// fleetRollout is the fleet's rollout, read once in run.
var fleetRollout rollout

// judgeGroups: a Placement with decision groups must put each cluster in
// the PlacementDecisions of its rollout step's group (the placement
// controller labels them cluster.open-cluster-management.io/decision-group-name).
func judgeGroups(p *clusterv1beta1.Placement, decs []clusterv1beta1.PlacementDecision, bad func(field, format string, args ...any)) (notes []string) {
	if len(p.Spec.DecisionStrategy.GroupStrategy.DecisionGroups) == 0 {
		return nil
	}
	got := map[string]string{} // cluster → its group
	for _, d := range decs {
		for _, cd := range d.Status.Decisions {
			got[cd.ClusterName] = d.Labels[clusterv1beta1.DecisionGroupNameLabel]
		}
	}
	for cluster, group := range got {
		want := ""
		if i := fleetRollout.stepOf(cluster); i > 0 {
			want = fleetRollout.steps[i-1].Name
		}
		if group != want {
			bad("spec.decisionStrategy.groupStrategy.decisionGroups", "cluster %q is in decision group %q, its rollout step is %q", cluster, group, want)
		}
	}
	names := make([]string, 0, len(got))
	for c := range got {
		names = append(names, c+"="+got[c])
	}
	sort.Strings(names)
	return []string{"decision groups: " + strings.Join(names, ",")}
}
