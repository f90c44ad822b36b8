package render_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Scaling down goes through the decommission path: the highest replica is
// retired (retiredReplicas) and synced before replicas drops.
func TestReplicasScaleDown(t *testing.T) {
	fleet := func(extra string) string {
		return strings.Replace(previousFleet, "KV", "1.6", 1) + extra
	}
	three := fleet("      replicas: 3\n")
	threeRetiring := fleet("      replicas: 3\n      retiredReplicas: 1\n")
	two := fleet("      replicas: 2\n")
	westTwo := fleet("      replicas: 3\n      clusterOverrides:\n        west: {replicas: 2}\n")
	for _, tc := range []struct {
		name, before, after string
		want                []string
	}{{
		name: "straight from 3 to 2", before: three, after: two,
		want: []string{
			`f.yaml:22: error: spec.vms[0].replicas: replica "app-2" of vm "app" leaves cluster "east" without being retired there first: its live VirtualMachine carries Prune=false, so Argo CD skips pruning it, the VM keeps running and the Application stays OutOfSync for good; scale down in two steps: raise retiredReplicas (git halts the highest replicas and lifts Prune=false), let Argo CD sync, then lower replicas and retiredReplicas together`,
			`f.yaml:22: error: spec.vms[0].replicas: replica "app-2" of vm "app" leaves cluster "west" without being retired there first: its live VirtualMachine carries Prune=false, so Argo CD skips pruning it, the VM keeps running and the Application stays OutOfSync for good; scale down in two steps: raise retiredReplicas (git halts the highest replicas and lifts Prune=false), let Argo CD sync, then lower replicas and retiredReplicas together`,
		},
	}, {
		name: "retire, then 2", before: threeRetiring, after: two,
	}, {
		name: "one cluster down to 2 without retiring", before: three, after: westTwo,
		want: []string{
			`f.yaml:22: error: spec.vms[0].replicas: replica "app-2" of vm "app" leaves cluster "west" without being retired there first: its live VirtualMachine carries Prune=false, so Argo CD skips pruning it, the VM keeps running and the Application stays OutOfSync for good; scale down in two steps: raise retiredReplicas (git halts the highest replicas and lifts Prune=false), let Argo CD sync, then lower replicas and retiredReplicas together`,
		},
	}, {
		name: "scaling up needs nothing", before: two, after: three,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			_, before := treeOf(t, tc.before)
			after, _ := treeOf(t, tc.after)
			var got []string
			for _, f := range after.Previous(before) {
				got = append(got, f.String())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
	_, tree := treeOf(t, threeRetiring)
	for _, c := range []string{"east", "west"} {
		k := string(tree["overlays/"+c+"/kustomization.yaml"])
		if !strings.Contains(k, "../../base/app-2") || !strings.Contains(k, "value: Halted") {
			t.Errorf("%s: the retired replica is there and halted:\n%s", c, k)
		}
	}
}
