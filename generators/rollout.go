package generators

import (
	"maps"
	"sort"

	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// rolloutValue is the generator value carrying a cluster's rollout step
// into the Application template ({{values.rolloutStep}}: argo-cd v2.14
// applicationset/generators/value_interpolation.go, fasttemplate params
// "values.<key>").
const rolloutValue = "rolloutStep"

// rollingSync is the ApplicationSet strategy of spec.rollout: one
// RollingSync step per rollout step, matching the rollout-step label of
// the Applications. The ApplicationSet controller runs it only with
// progressive syncs enabled (--enable-progressive-syncs); it then clears
// the Applications' automated sync and syncs each OutOfSync Application
// itself, step by step, once the earlier steps are Healthy (argo-cd v2.14
// applicationset/controllers/applicationset_controller.go
// syncValidApplications, buildAppDependencyList).
func rollingSync(p *plan.Plan) *objects.ApplicationSetStrategy {
	steps := p.Rollout()
	if steps == nil {
		return nil
	}
	s := &objects.ApplicationSetStrategy{Type: "RollingSync", RollingSync: &objects.RollingSyncStrategy{}}
	for _, st := range steps {
		step := objects.RollingSyncStep{MatchExpressions: []objects.LabelSelectorRequirement{
			{Key: plan.RolloutLabel, Operator: "In", Values: []string{st.Spec.Name}}}}
		if st.Spec.MaxUpdate != "" {
			m := objects.IntOrString(st.Spec.MaxUpdate)
			step.MaxUpdate = &m
		}
		s.RollingSync.Steps = append(s.RollingSync.Steps, step)
	}
	return s
}

// rolloutGenerators splits the ApplicationSet's generator into one per
// rollout step: the same generator, post-selected to the step's clusters,
// with the step's name as a value the template puts in the rollout-step
// label. Every cluster is in exactly one step (validated), so the union is
// the single generator's output.
func rolloutGenerators(p *plan.Plan, gen objects.ApplicationSetGenerator, labels map[string]string) ([]objects.ApplicationSetGenerator, map[string]string) {
	var out []objects.ApplicationSetGenerator
	for _, st := range p.Rollout() {
		g := gen
		values := map[string]string{rolloutValue: st.Spec.Name}
		clusters := append([]string(nil), st.Clusters...)
		sort.Strings(clusters)
		g.Selector = &objects.LabelSelector{MatchExpressions: []objects.LabelSelectorRequirement{{Key: "name", Operator: "In", Values: clusters}}}
		if gen.Clusters != nil {
			c := *gen.Clusters
			c.Values = values
			g.Clusters = &c
		}
		if gen.ClusterDecisionResource != nil {
			c := *gen.ClusterDecisionResource
			c.Values = values
			g.ClusterDecisionResource = &c
		}
		out = append(out, g)
	}
	labels = maps.Clone(labels)
	labels[plan.RolloutLabel] = "{{values." + rolloutValue + "}}"
	return out, labels
}

// decisionStrategy groups the CNV baseline Placement's decisions by
// rollout step, each group selected by cluster name. The policy framework
// served with ACM (governance-policy-propagator v0.17.0) reads every
// PlacementDecision of a Placement and has no rollout of its own: the
// groups label the decisions (cluster.open-cluster-management.io/decision-group-name)
// for whatever stages the policies, and change nothing on their own.
func decisionStrategy(p *plan.Plan) *objects.DecisionStrategy {
	steps := p.Rollout()
	if steps == nil {
		return nil
	}
	ds := &objects.DecisionStrategy{}
	for _, st := range steps {
		clusters := append([]string(nil), st.Clusters...)
		sort.Strings(clusters)
		ds.GroupStrategy.DecisionGroups = append(ds.GroupStrategy.DecisionGroups, objects.DecisionGroup{
			GroupName: st.Spec.Name,
			GroupClusterSelector: objects.ClusterSelector{LabelSelector: objects.LabelSelector{
				MatchExpressions: []objects.LabelSelectorRequirement{{Key: "name", Operator: "In", Values: clusters}}}},
		})
	}
	return ds
}
