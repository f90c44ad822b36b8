package main

import (
	"fmt"
	"strconv"

	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
)

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
		want := strconv.Itoa(r.StepOf(c.name))
		switch s, ok := step[app]; {
		case !ok:
			bad("rollout", "spec.strategy", "Application %s has no progressive sync status", app)
		case s != want:
			bad("rollout", "spec.strategy.rollingSync.steps", "Application %s (cluster %s) is in step %s, the fleet puts it in step %s", app, c.name, s, want)
		default:
			notes = append(notes, fmt.Sprintf("%s: rollout step %s (%s)", app, s, r.Steps[r.StepOf(c.name)-1].Name))
		}
	}
	return notes
}
