// Package placement runs every Placement vmfleet renders (examples/*/expected) through OCM's own
// taint-toleration scheduling plugin (open-cluster-management.io/ocm v1.0.0
// pkg/placement/plugins/tainttoleration) with the taints OCM's registration puts on a cluster whose agent
// is away (pkg/registration/hub/taint UnreachableTaint, UnavailableTaint): a cluster already decided stays
// through a blip shorter than the toleration and is dropped after it; without the tolerations it is
// dropped at once (the negative control). It is a module of its own (OCM pins its Kubernetes versions);
// run it with `make test-placement`.
package placement

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	testingclock "k8s.io/utils/clock/testing"
	clusterapiv1 "open-cluster-management.io/api/cluster/v1"
	clusterapiv1beta1 "open-cluster-management.io/api/cluster/v1beta1"
	testinghelpers "open-cluster-management.io/ocm/pkg/placement/helpers/testing"
	"open-cluster-management.io/ocm/pkg/placement/plugins/tainttoleration"
	"open-cluster-management.io/ocm/pkg/registration/hub/taint"
	"sigs.k8s.io/yaml"
)

func placements(t *testing.T) map[string]*clusterapiv1beta1.Placement {
	t.Helper()
	files, err := filepath.Glob("../../examples/*/expected/hub/*/placement_*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no rendered Placements under examples/*/expected: %v", err)
	}
	out := map[string]*clusterapiv1beta1.Placement{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p := &clusterapiv1beta1.Placement{}
		if err := yaml.UnmarshalStrict(data, p); err != nil {
			t.Fatalf("%s is not an OCM Placement: %v", f, err)
		}
		rel, _ := filepath.Rel("../..", f)
		out[rel] = p
	}
	return out
}

// kept reports whether the plugin keeps cluster c, in p's decisions, tainted since `since` ago at now.
func kept(t *testing.T, p *clusterapiv1beta1.Placement, tnt clusterapiv1.Taint, since time.Duration, now time.Time) bool {
	t.Helper()
	tnt.TimeAdded = metav1.NewTime(now.Add(-since))
	cluster := testinghelpers.NewManagedCluster("spoke").WithTaint(&tnt).Build()
	decision := testinghelpers.NewPlacementDecision(p.Namespace, p.Name+"-decision-1").
		WithLabel("cluster.open-cluster-management.io/placement", p.Name).WithDecisions("spoke").Build()
	objs := []runtime.Object{decision, cluster}
	pl := tainttoleration.New(testinghelpers.NewFakePluginHandle(t, nil, objs...))
	res, status := pl.Filter(context.TODO(), p, []*clusterapiv1.ManagedCluster{cluster})
	if err := status.AsError(); err != nil {
		t.Fatalf("%s/%s: the plugin refuses the placement: %v", p.Namespace, p.Name, err)
	}
	return len(res.Filtered) == 1
}

func TestRenderedPlacementsTolerateBlips(t *testing.T) {
	now := time.Now()
	tainttoleration.TolerationClock = testingclock.NewFakeClock(now)
	for file, p := range placements(t) {
		secs := int64(-1)
		for _, tol := range p.Spec.Tolerations {
			if tol.TolerationSeconds != nil {
				secs = *tol.TolerationSeconds
			}
		}
		if secs <= 0 {
			t.Errorf("%s: no tolerationSeconds", file)
			continue
		}
		window := time.Duration(secs) * time.Second
		for _, tnt := range []clusterapiv1.Taint{taint.UnreachableTaint, taint.UnavailableTaint} {
			if !kept(t, p, tnt, window/2, now) {
				t.Errorf("%s: a cluster %s for %s is dropped within its %ds toleration", file, tnt.Key, window/2, secs)
			}
			if kept(t, p, tnt, window+time.Minute, now) {
				t.Errorf("%s: a cluster %s for %s is kept past its %ds toleration", file, tnt.Key, window+time.Minute, secs)
			}
			// Negative control: the same Placement without tolerations drops the cluster at once.
			bare := p.DeepCopy()
			bare.Spec.Tolerations = nil
			if kept(t, bare, tnt, time.Second, now) {
				t.Errorf("%s: without tolerations a cluster %s is kept: the check cannot fail", file, tnt.Key)
			}
		}
	}
	t.Logf("%d rendered Placements checked with OCM's taint-toleration plugin", len(placements(t)))
}
