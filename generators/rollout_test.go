package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// A rollout splits the generator by step, labels each Application with
// its step, and gives the baseline Placement one decision group per step;
// without one, none of it appears.
func TestRollout(t *testing.T) {
	for _, generator := range []v1alpha1.Generator{v1alpha1.GeneratorClusters, v1alpha1.GeneratorPlacement} {
		t.Run(string(generator), func(t *testing.T) {
			f := base()
			f.Spec.GitOps.Generator = generator
			f.Spec.Clusters[1].Labels = map[string]string{"stage": "canary"}
			f.Spec.Rollout = &v1alpha1.Rollout{Steps: []v1alpha1.RolloutStep{
				{Name: "canary", MatchLabels: map[string]string{"stage": "canary"}},
				{Name: "rest", MaxUpdate: "50%"},
			}}
			p := plan.Build(f)
			appset := find[*objects.ApplicationSet](t, generators.ApplicationSet(p))
			var got [][]string
			for _, g := range appset.Spec.Generators {
				var values map[string]string
				if g.Clusters != nil {
					values = g.Clusters.Values
				} else {
					values = g.ClusterDecisionResource.Values
				}
				got = append(got, append([]string{values["rolloutStep"]}, g.Selector.MatchExpressions[0].Values...))
			}
			if diff := cmp.Diff([][]string{{"canary", "west"}, {"rest", "east"}}, got); diff != "" {
				t.Errorf("generators (step, clusters) (-want +got):\n%s", diff)
			}
			if l := appset.Spec.Template.Labels[plan.RolloutLabel]; l != "{{values.rolloutStep}}" {
				t.Errorf("template label %s = %q", plan.RolloutLabel, l)
			}
			s := appset.Spec.Strategy
			if s == nil || s.Type != "RollingSync" || len(s.RollingSync.Steps) != 2 ||
				s.RollingSync.Steps[0].MaxUpdate != nil || *s.RollingSync.Steps[1].MaxUpdate != "50%" ||
				s.RollingSync.Steps[1].MatchExpressions[0].Values[0] != "rest" {
				t.Errorf("strategy = %+v", s)
			}
			var groups []string
			for _, o := range generators.HubObjects(p) {
				if pl, ok := o.(*objects.Placement); ok && pl.Name == f.Spec.Virtualization.PolicySet {
					for _, g := range pl.Spec.DecisionStrategy.GroupStrategy.DecisionGroups {
						groups = append(groups, g.GroupName+"="+g.GroupClusterSelector.LabelSelector.MatchExpressions[0].Values[0])
					}
				}
			}
			if diff := cmp.Diff([]string{"canary=west", "rest=east"}, groups); diff != "" {
				t.Errorf("baseline decision groups (-want +got):\n%s", diff)
			}
		})
	}
	appset := find[*objects.ApplicationSet](t, generators.ApplicationSet(plan.Build(base())))
	if appset.Spec.Strategy != nil || len(appset.Spec.Generators) != 1 || appset.Spec.Template.Labels[plan.RolloutLabel] != "" {
		t.Errorf("without a rollout: strategy %+v, %d generators", appset.Spec.Strategy, len(appset.Spec.Generators))
	}
}

func TestIntOrString(t *testing.T) {
	for in, want := range map[objects.IntOrString]string{"1": "1", "25%": `"25%"`, "100%": `"100%"`} {
		got, err := in.MarshalJSON()
		if err != nil || string(got) != want {
			t.Errorf("%q → %s, %v; want %s", in, got, err, want)
		}
	}
}

func find[T objects.Object](t *testing.T, objs []objects.Object) T {
	t.Helper()
	for _, o := range objs {
		if v, ok := o.(T); ok {
			return v
		}
	}
	var zero T
	t.Fatalf("no %T among the objects", zero)
	return zero
}
