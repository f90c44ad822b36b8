package main

import (
	"sort"
	"strings"

	clusterv1beta1 "open-cluster-management.io/api/cluster/v1beta1"
)

// judgeGroups: a Placement with decision groups must put each cluster in
// the PlacementDecisions of its rollout step's group (the placement
// controller labels them cluster.open-cluster-management.io/decision-group-name).
func judgeGroups(p *clusterv1beta1.Placement, decs []clusterv1beta1.PlacementDecision, ro rollout, bad func(field, format string, args ...any)) (notes []string) {
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
		if i := ro.StepOf(cluster); i > 0 {
			want = ro.Steps[i-1].Name
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
