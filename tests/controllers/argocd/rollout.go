package main

import (
	"fmt"
	"os"
	"strconv"

	"sigs.k8s.io/yaml"

	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
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

// stepOf is the 1-based step the fleet puts cluster in, as the ApplicationSet
// status numbers them: the first step whose matchLabels the cluster's labels
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

// checkRollingSync reads the ApplicationSet's status after the reconciler
// ran with progressive syncs enabled (--enable-progressive-syncs): each fleet
// cluster's Application must sit in the step the fleet puts its cluster in
// (argo-cd v2.14 applicationset/controllers/applicationset_controller.go
// buildAppDependencyList, getAppStep: "-1" when no step selects it).
func checkRollingSync(bad func(stage, field, format string, args ...any), got v1alpha1.ApplicationSet, apps []v1alpha1.Application,
	clusters []fakeCluster, r rollout) (notes []string) {
	step := map[string]string{}
	for _, s := range got.Status.ApplicationStatus {
		step[s.Application] = s.Step
	}
	byServer := map[string]string{}
	for _, a := range apps {
		byServer[a.Spec.Destination.Server] = a.Name
	}
	for _, c := range clusters {
		app, ok := byServer[c.server]
		if !c.inFleet || !ok {
			continue
		}
		want := strconv.Itoa(r.stepOf(c.name))
		switch s, ok := step[app]; {
		case !ok:
			bad("rollout", "spec.strategy", "Application %s has no progressive sync status", app)
		case s != want:
			bad("rollout", "spec.strategy.rollingSync.steps", "Application %s (cluster %s) is in step %s, the fleet puts it in step %s", app, c.name, s, want)
		default:
			notes = append(notes, fmt.Sprintf("%s: rollout step %s (%s)", app, s, r.steps[r.stepOf(c.name)-1].Name))
		}
	}
	return notes
}
