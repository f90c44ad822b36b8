package render_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/render"
)

const previousFleet = `apiVersion: vmfleet.dev/v1alpha1
kind: VMFleet
metadata:
  name: demo
spec:
  gitops:
    repoURL: https://git.example/fleet
    path: fleets/demo
  virtualization:
    kubevirtVersion: "KV"
  clusters:
    - name: east
    - name: west
  vms:
    - name: app
      namespace: apps
      instancetype: u1.small
      disk:
        size: 10Gi
        source:
          blank: {}
`

func treeOf(t *testing.T, fleet string) (*render.Fleet, map[string][]byte) {
	t.Helper()
	f, findings := render.Load("f.yaml", []byte(fleet))
	if f == nil {
		t.Fatalf("fleet does not load: %v", findings)
	}
	files, err := f.Tree()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, file := range files {
		data, err := emit.YAML(file.Object)
		if err != nil {
			t.Fatal(err)
		}
		out[file.Path] = data
	}
	return f, out
}

// render compares the fleet with the tree it replaces: a VM leaves a
// cluster only after a sync of its retired form, and a resize must be one
// the clusters' KubeVirt can sync.
func TestPrevious(t *testing.T) {
	edit := func(old, new string) func(string) string {
		return func(s string) string { return strings.Replace(s, old, new, 1) }
	}
	same := func(s string) string { return s }
	retired := edit("          blank: {}\n", "          blank: {}\n      state: retired\n")
	westRetired := edit("          blank: {}\n", "          blank: {}\n      clusterStates: {west: retired}\n")
	for _, tc := range []struct {
		name      string
		kubevirt  string
		before    func(string) string
		after     func(string) string
		wantFound []string
	}{{
		name: "unchanged", kubevirt: "1.6", before: same, after: same,
	}, {
		name: "removed from the fleet while present", kubevirt: "1.6", before: same,
		after: func(s string) string { return s[:strings.Index(s, "  vms:")] },
		wantFound: []string{
			`f.yaml:5: error: spec.vms: vm "app" leaves cluster "east" without being retired there first: its live VirtualMachine carries Prune=false, so Argo CD skips pruning it ("ignored (no prune)"), the VM keeps running and the Application stays OutOfSync for good; set its state to retired (git halts it and lifts Prune=false), let Argo CD sync, then set it absent`,
			`f.yaml:5: error: spec.vms: vm "app" leaves cluster "west" without being retired there first: its live VirtualMachine carries Prune=false, so Argo CD skips pruning it ("ignored (no prune)"), the VM keeps running and the Application stays OutOfSync for good; set its state to retired (git halts it and lifts Prune=false), let Argo CD sync, then set it absent`,
		},
	}, {
		name: "absent straight from present", kubevirt: "1.6", before: same,
		after: edit("          blank: {}\n", "          blank: {}\n      state: absent\n"),
		wantFound: []string{
			`f.yaml:22: error: spec.vms[0].state: vm "app" leaves cluster "east" without being retired there first: its live VirtualMachine carries Prune=false, so Argo CD skips pruning it ("ignored (no prune)"), the VM keeps running and the Application stays OutOfSync for good; set its state to retired (git halts it and lifts Prune=false), let Argo CD sync, then set it absent`,
			`f.yaml:22: error: spec.vms[0].state: vm "app" leaves cluster "west" without being retired there first: its live VirtualMachine carries Prune=false, so Argo CD skips pruning it ("ignored (no prune)"), the VM keeps running and the Application stays OutOfSync for good; set its state to retired (git halts it and lifts Prune=false), let Argo CD sync, then set it absent`,
		},
	}, {
		name: "absent after retired", kubevirt: "1.6", before: retired,
		after: edit("          blank: {}\n", "          blank: {}\n      state: absent\n"),
	}, {
		name: "removed after retired", kubevirt: "1.6", before: retired,
		after: func(s string) string { return s[:strings.Index(s, "  vms:")] },
	}, {
		name: "absent on the one cluster it was retired on", kubevirt: "1.6", before: westRetired,
		after: edit("          blank: {}\n", "          blank: {}\n      clusterStates: {west: absent}\n"),
	}, {
		name: "absent on a cluster it was retired on elsewhere only", kubevirt: "1.6", before: westRetired,
		after: edit("          blank: {}\n", "          blank: {}\n      clusterStates: {east: absent}\n"),
		wantFound: []string{
			`f.yaml:22: error: spec.vms[0].clusterStates.east: vm "app" leaves cluster "east" without being retired there first: its live VirtualMachine carries Prune=false, so Argo CD skips pruning it ("ignored (no prune)"), the VM keeps running and the Application stays OutOfSync for good; set its state to retired (git halts it and lifts Prune=false), let Argo CD sync, then set it absent`,
		},
	}, {
		name: "dropped from a cluster's list while present", kubevirt: "1.6", before: same,
		after: edit("          blank: {}\n", "          blank: {}\n      clusters: [west]\n"),
		wantFound: []string{
			`f.yaml:22: error: spec.vms[0].clusters: vm "app" leaves cluster "east" without being retired there first: its live VirtualMachine carries Prune=false, so Argo CD skips pruning it ("ignored (no prune)"), the VM keeps running and the Application stays OutOfSync for good; set its state to retired (git halts it and lifts Prune=false), let Argo CD sync, then set it absent`,
		},
	}, {
		name: "a cluster leaves the fleet", kubevirt: "1.6", before: same,
		after: edit("    - name: west\n", ""),
		wantFound: []string{
			`f.yaml:11: warning: spec.clusters: cluster "west" leaves the fleet: its Application is deleted and its VMs (app) keep running there, no longer managed by Argo CD (the ApplicationSet preserves resources on deletion); to remove them, retire them and set them absent there before the cluster leaves`,
		},
	}, {
		name: "resize on KubeVirt 1.4", kubevirt: "1.4", before: same, after: edit("u1.small", "u1.large"),
		wantFound: []string{
			`f.yaml:17: error: spec.vms[0].instancetype: the instancetype of vm "app" changes from "u1.small" to "u1.large", which cannot sync on KubeVirt 1.4 (from spec.virtualization.kubevirtVersion): the VM admission rejects a new instancetype name with the old spec.instancetype.revisionName, and Argo CD re-sends the live one; upgrade the clusters to KubeVirt 1.5 or later first`,
		},
	}, {
		name: "resize on KubeVirt 1.5", kubevirt: "1.5", before: same, after: edit("u1.small", "u1.large"),
	}} {
		t.Run(tc.name, func(t *testing.T) {
			fleet := strings.Replace(previousFleet, "KV", tc.kubevirt, 1)
			_, before := treeOf(t, tc.before(fleet))
			after, _ := treeOf(t, tc.after(fleet))
			var got []string
			for _, f := range after.Previous(before) {
				if f.Rule != "resize-kubevirt-version" || f.Severity == "error" {
					got = append(got, f.String())
				}
			}
			if diff := cmp.Diff(tc.wantFound, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}
