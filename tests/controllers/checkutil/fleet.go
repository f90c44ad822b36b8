package checkutil

import (
	"fmt"
	"os"

	"sigs.k8s.io/yaml"
)

// Fleet is what a checker takes from the VMFleet file: its clusters, the labels that select them, the
// gitops path.
type Fleet struct {
	Clusters    []string
	Labels      map[string]string
	ClusterSets []string
	GitopsPath  string
	Project     string // gitops.project: an AppProject that exists on the hub already
	Rollout     Rollout
}

func ReadFleet(file string) (Fleet, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return Fleet{}, err
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
				Name   string            `json:"name"`
				Labels map[string]string `json:"labels"`
			} `json:"clusters"`
			Rollout *struct {
				Steps []RolloutStep `json:"steps"`
			} `json:"rollout"`
		} `json:"spec"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		return Fleet{}, fmt.Errorf("%s: %w", file, err)
	}
	out := Fleet{Labels: map[string]string{}, GitopsPath: f.Spec.Gitops.Path, ClusterSets: f.Spec.ClusterSets,
		Project: f.Spec.Gitops.Project}
	if len(out.ClusterSets) == 0 {
		out.ClusterSets = []string{"default"} // the API's default (api/v1alpha1/fleet.go ClusterSets)
	}
	out.Rollout.Labels = map[string]map[string]string{}
	if f.Spec.Rollout != nil {
		out.Rollout.Steps = f.Spec.Rollout.Steps
	}
	for _, c := range f.Spec.Clusters {
		out.Clusters = append(out.Clusters, c.Name)
		out.Rollout.Labels[c.Name] = c.Labels
	}
	for k, v := range f.Spec.ClusterSelector.MatchLabels {
		out.Labels[k] = v
	}
	for _, e := range f.Spec.ClusterSelector.MatchExpressions {
		switch e.Operator {
		case "In":
			if len(e.Values) > 0 {
				out.Labels[e.Key] = e.Values[0]
			}
		case "Exists":
			out.Labels[e.Key] = "true"
		}
	}
	// The API's default selector (api/v1alpha1/fleet.go ClusterSelector.MatchLabels).
	if len(f.Spec.ClusterSelector.MatchLabels) == 0 && len(f.Spec.ClusterSelector.MatchExpressions) == 0 {
		out.Labels["virt"] = "enabled"
	}
	return out, nil
}
