package main

// What the checkers take from the VMFleet file: the clusters, the labels that select them, the cluster sets,
// the gitops path. The same file in every checker module that needs it (tests/controllers/*/fleet.go).

import (
	"fmt"
	"os"

	"sigs.k8s.io/yaml"
)

// fleet is what the checker takes from the VMFleet file: its clusters, the labels that select them, the
// gitops path.
type fleet struct {
	clusters    []string
	labels      map[string]string
	clusterSets []string
	gitopsPath  string
	project     string // gitops.project: an AppProject that exists on the hub already
}

func readFleet(file string) (fleet, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return fleet{}, err
	}
	var f struct {
		Spec struct {
			Gitops struct {
				Path    string `json:"path"`
				Project string `json:"project"`
			} `json:"gitops"`
			ClusterSelector struct {
				MatchLabels      map[string]string `json:"matchLabels"`
				MatchExpressions []struct {
					Key      string   `json:"key"`
					Operator string   `json:"operator"`
					Values   []string `json:"values"`
				} `json:"matchExpressions"`
			} `json:"clusterSelector"`
			ClusterSets []string `json:"clusterSets"`
			Clusters    []struct {
				Name string `json:"name"`
			} `json:"clusters"`
		} `json:"spec"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		return fleet{}, fmt.Errorf("%s: %w", file, err)
	}
	out := fleet{labels: map[string]string{}, gitopsPath: f.Spec.Gitops.Path, clusterSets: f.Spec.ClusterSets,
		project: f.Spec.Gitops.Project}
	if len(out.clusterSets) == 0 {
		out.clusterSets = []string{"default"} // the API's default (api/v1alpha1/fleet.go ClusterSets)
	}
	for _, c := range f.Spec.Clusters {
		out.clusters = append(out.clusters, c.Name)
	}
	for k, v := range f.Spec.ClusterSelector.MatchLabels {
		out.labels[k] = v
	}
	for _, e := range f.Spec.ClusterSelector.MatchExpressions {
		switch e.Operator {
		case "In":
			if len(e.Values) > 0 {
				out.labels[e.Key] = e.Values[0]
			}
		case "Exists":
			out.labels[e.Key] = "true"
		}
	}
	// The API's default selector (api/v1alpha1/fleet.go ClusterSelector.MatchLabels).
	if len(f.Spec.ClusterSelector.MatchLabels) == 0 && len(f.Spec.ClusterSelector.MatchExpressions) == 0 {
		out.labels["virt"] = "enabled"
	}
	return out, nil
}
