//go:build linux

package compare

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vmfleet.dev/vmfleet/tests/internal/testutil"
	"vmfleet.dev/vmfleet/tests/scale/fixture"
)

// clusterBuilds times one cluster's build of fleet o every way vmfleet
// offers it against kustomize build of that cluster's overlay, and a
// refresh of every cluster through the Argo CD plugin's command from an
// empty build cache (the first build of a fleet's bytes fills the cache
// for all clusters; the figure is per cluster). It returns the ratios.
func clusterBuilds(t *testing.T, out *strings.Builder, work, vmfleet, front, kustomize string, o fixture.Options, runs int) []string {
	t.Helper()
	size := fmt.Sprintf("%dx%d", o.Clusters, o.VMs)
	dir := filepath.Join(work, "build-"+size)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	fleet := filepath.Join(dir, "fleet.yaml") // the plugin's default file name
	if err := os.WriteFile(fleet, fixture.Generate(o), 0o644); err != nil {
		t.Fatal(err)
	}
	tree := filepath.Join(dir, "tree")
	mustRun(t, nil, vmfleet, "render", fleet, "-o", tree)
	cluster := fixture.ClusterName(0)
	overlay := filepath.Join(tree, "overlays", cluster)
	cache := filepath.Join(dir, "cache")
	cached := []string{"VMFLEET_CACHE_DIR=" + cache}
	off := []string{"VMFLEET_CACHE_DIR=off"}
	plugin := append([]string{"ARGOCD_ENV_CLUSTER=" + cluster}, cached...)

	// The same objects from kustomize; the same bytes from every vmfleet
	// route, on a few clusters.
	var kustomized bytes.Buffer
	mustRun(t, &kustomized, kustomize, "build", overlay)
	for _, c := range []string{cluster, fixture.ClusterName(1), fixture.ClusterName(o.Clusters / 2), fixture.ClusterName(o.Clusters - 1)} {
		full := output(t, dir, off, vmfleet, "build", fleet, "--cluster", c)
		for i, env := range [][]string{cached, cached} {
			if got := output(t, dir, env, vmfleet, "build", fleet, "--cluster", c); got != full {
				t.Fatalf("%s, cached build %d: not the uncached build's bytes", c, i)
			}
		}
		if got := output(t, dir, cached, front, "build", fleet, "--cluster", c); got != full {
			t.Fatalf("%s, vmfleet-cached build: not the uncached build's bytes", c)
		}
		if c != cluster {
			continue
		}
		for _, prog := range []string{vmfleet, front} {
			if got := output(t, dir, plugin, prog, "argocd"); got != full {
				t.Fatalf("%s argocd: not the bytes of vmfleet build --cluster %s", prog, c)
			}
		}
		vObjs, kObjs := testutil.Objects(t, []byte(full)), testutil.Objects(t, kustomized.Bytes())
		if len(vObjs) != len(kObjs) {
			t.Fatalf("vmfleet built %d objects, kustomize %d", len(vObjs), len(kObjs))
		}
		for id, doc := range vObjs {
			if kObjs[id] != doc {
				t.Fatalf("kustomize build of %s differs from vmfleet build --cluster %s at %s", overlay, c, id)
			}
		}
		fmt.Fprintf(out, "\none cluster's build, fleet %s (%s), cluster %s: %d objects, %d patches in its overlay; %d interleaved runs each; same objects (kustomize) and same bytes (every vmfleet route) checked\n",
			size, fixture.Describe(o), c, len(vObjs), strings.Count(readFile(t, filepath.Join(overlay, "kustomization.yaml")), "- patch: "), runs)
	}

	var hit, argocd, frontHit, frontArgocd, uncached, miss, k samples
	for i := 0; i < runs; i++ {
		hit = append(hit, measureIn(t, dir, cached, vmfleet, "build", fleet, "--cluster", cluster))
		k = append(k, measure(t, kustomize, "build", overlay))
		argocd = append(argocd, measureIn(t, dir, plugin, vmfleet, "argocd"))
		frontHit = append(frontHit, measureIn(t, dir, cached, front, "build", fleet, "--cluster", cluster))
		frontArgocd = append(frontArgocd, measureIn(t, dir, plugin, front, "argocd"))
		uncached = append(uncached, measureIn(t, dir, off, vmfleet, "build", fleet, "--cluster", cluster))
		if i < 3 { // the cold build costs a whole fleet's: fewer runs
			if err := os.RemoveAll(cache); err != nil {
				t.Fatal(err)
			}
			miss = append(miss, measureIn(t, dir, cached, vmfleet, "build", fleet, "--cluster", cluster))
			// The plugin names the fleet "fleet.yaml", another key: its pack
			// is made again here, untimed, so the hit rows stay hits.
			output(t, dir, plugin, vmfleet, "argocd")
		}
	}
	// A refresh of every Application after a commit: an empty cache, then
	// the plugin once per cluster.
	refreshAll := func(prog string) (sample, samples) {
		if err := os.RemoveAll(cache); err != nil {
			t.Fatal(err)
		}
		var refresh sample // the processes' own times, one after the other
		for i := range o.Clusters {
			s := measureIn(t, dir, []string{"VMFLEET_CACHE_DIR=" + cache, "ARGOCD_ENV_CLUSTER=" + fixture.ClusterName(i)}, prog, "argocd")
			refresh.wall += s.wall
			refresh.cpu += s.cpu
			refresh.rss = max(refresh.rss, s.rss)
		}
		return refresh, samples{{wall: refresh.wall / time.Duration(o.Clusters), cpu: refresh.cpu / time.Duration(o.Clusters), rss: refresh.rss}}
	}
	refresh, perCluster := refreshAll(vmfleet)
	frontRefresh, frontPerCluster := refreshAll(front)

	table(out, []string{
		"vmfleet build --cluster " + cluster + " (cache hit)",
		"vmfleet argocd (cache hit)",
		"vmfleet-cached build --cluster " + cluster + " (front, cache hit)",
		"vmfleet-cached argocd (the plugin's command, cache hit)",
		"vmfleet build --cluster, empty cache (fills it)",
		"vmfleet build --cluster, VMFLEET_CACHE_DIR=off",
		fmt.Sprintf("refresh of all %d clusters via vmfleet argocd, per cluster", o.Clusters),
		fmt.Sprintf("refresh of all %d clusters via vmfleet-cached argocd, per cluster", o.Clusters),
		"kustomize build overlays/" + cluster,
	}, []samples{hit, argocd, frontHit, frontArgocd, miss, uncached, perCluster, frontPerCluster, k})
	fmt.Fprintf(out, "  refresh of all %d clusters from an empty cache: %.2f s wall, %.2f s CPU in total (via vmfleet-cached: %.2f s wall, %.2f s CPU)\n",
		o.Clusters, refresh.wall.Seconds(), refresh.cpu.Seconds(), frontRefresh.wall.Seconds(), frontRefresh.cpu.Seconds())
	ratio := func(what string, v samples) string {
		return fmt.Sprintf("kustomize / %s, %s: wall %.1fx, CPU %.1fx", what, size, k.median(wallS)/v.median(wallS), k.median(cpuS)/v.median(cpuS))
	}
	lines := []string{
		ratio("vmfleet build --cluster (hit)", hit),
		ratio("vmfleet argocd (hit)", argocd),
		ratio("vmfleet-cached build --cluster (hit)", frontHit),
		ratio("vmfleet-cached argocd (hit)", frontArgocd),
		ratio("vmfleet argocd amortised over a refresh of every cluster", perCluster),
		ratio("vmfleet-cached argocd amortised over a refresh of every cluster", frontPerCluster),
		ratio("vmfleet build --cluster without cache", uncached),
	}
	for _, l := range lines {
		fmt.Fprintf(out, "  %s\n", l)
	}
	return lines
}

// output runs a command in dir with env added and returns its stdout.
func output(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}
