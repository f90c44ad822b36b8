package validate

import (
	"strings"

	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/plan"
)

// rollout checks spec.rollout: every cluster falls in exactly one step.
// Argo CD's RollingSync never syncs an Application that no step selects,
// and one that two steps select is counted in the first and warned about
// (argoproj/argo-cd v2.14 applicationset/controllers/applicationset_controller.go
// buildAppDependencyList), so neither may reach the hub.
func (v *validator) rollout() {
	r := v.f.Spec.Rollout
	for i := range v.f.Spec.Clusters {
		v.labels(indexPath("spec.clusters", i)+".labels", v.f.Spec.Clusters[i].Labels)
	}
	if r == nil || len(r.Steps) == 0 {
		return
	}
	names := map[string]int{}
	stepOf := map[string]int{} // cluster → first step whose matchLabels select it
	for i := range r.Steps {
		s := &r.Steps[i]
		p := indexPath("spec.rollout.steps", i)
		if j, dup := names[s.Name]; dup {
			v.errorf(p.Child("name"), diag.RuleDuplicate, "rollout step %q is already defined at spec.rollout.steps[%d]", s.Name, j)
		}
		names[s.Name] = i
		v.labels(p.Child("matchLabels"), s.MatchLabels)
		if len(s.MatchLabels) == 0 {
			if i != len(r.Steps)-1 {
				v.errorf(p.Child("matchLabels"), diag.RuleRolloutStep, "only the last rollout step may leave matchLabels out (it takes every cluster no earlier step took)")
			}
			continue
		}
		var took []string
		for _, c := range v.f.Spec.Clusters {
			if !plan.StepMatches(s, &c) {
				continue
			}
			if j, ok := stepOf[c.Name]; ok {
				v.errorf(p.Child("matchLabels"), diag.RuleRolloutStep, "rollout step %q selects cluster %q, which step %q (spec.rollout.steps[%d]) selects already: steps must not overlap",
					s.Name, c.Name, r.Steps[j].Name, j)
				continue
			}
			stepOf[c.Name] = i
			took = append(took, c.Name)
		}
		if len(took) == 0 {
			v.errorf(p.Child("matchLabels"), diag.RuleRolloutStep, "rollout step %q selects no cluster: no clusters[].labels match %s", s.Name, labelString(s.MatchLabels))
		}
	}
	last := &r.Steps[len(r.Steps)-1]
	if len(last.MatchLabels) == 0 {
		rest := 0
		for _, c := range v.f.Spec.Clusters {
			if _, ok := stepOf[c.Name]; !ok {
				rest++
			}
		}
		if rest == 0 {
			v.errorf(indexPath("spec.rollout.steps", len(r.Steps)-1), diag.RuleRolloutStep, "rollout step %q selects no cluster: the earlier steps took them all", last.Name)
		}
		return
	}
	var left []string
	for _, c := range v.f.Spec.Clusters {
		if _, ok := stepOf[c.Name]; !ok {
			left = append(left, c.Name)
		}
	}
	if len(left) > 0 {
		v.errorf("spec.rollout.steps", diag.RuleRolloutStep, "cluster(s) %s are in no rollout step, so Argo CD would never sync them: add a last step without matchLabels", strings.Join(left, ", "))
	}
}

func labelString(m map[string]string) string {
	var parts []string
	for _, k := range sortedKeys(m) {
		parts = append(parts, k+"="+m[k])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
