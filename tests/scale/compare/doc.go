// Package compare runs vmfleet side by side with what it replaces, as whole
// processes on the same machine, and prints medians and ratios (no
// assertions on time: the figures go to BENCHMARKS.md). Run it with
// `make compare`, or:
//
//	VMFLEET_COMPARE=1 VMFLEET_KUSTOMIZE=$(hack/tool.sh kustomize) \
//	    go test -count=1 -v -timeout 60m -run TestCompare ./tests/scale/compare/
//
// It measures, and prints every ratio together at the end:
//
//   - one cluster's build, at 10 x 200 (every VM on every cluster: an overlay
//     of 200 VMs and 200 patches) and 3,500 x 20 (clusters x VMs): the real
//     `kustomize build DIR/overlays/C` of the tree vmfleet rendered against
//     `vmfleet build FLEET --cluster C` served from the build cache, `vmfleet
//     argocd`, the same two through the front program `vmfleet-cached` (the
//     plugin's command; built from this checkout, or VMFLEET_CACHED_BIN), a
//     build that fills an empty cache, a build with the cache off, and a
//     refresh of every cluster through `vmfleet argocd` and through
//     `vmfleet-cached argocd` from an empty cache (per cluster), after checking that
//     kustomize gives the same objects and every vmfleet route the same
//     bytes;
//   - the whole render, `vmfleet render FLEET -o DIR` into a new folder, of
//     350 x 20 and 3,500 x 20, and the time per cluster;
//   - a re-render of 3,500 x 20 after one VM's memory changed, into the tree
//     of the fleet before the edit, against the full render.
//
// For every process: wall time, CPU time (user + system) and peak resident
// memory (ru_maxrss, which is the child's VmHWM). Runs are interleaved and
// repeated (VMFLEET_COMPARE_RUNS, default 11, and VMFLEET_COMPARE_RENDER_RUNS,
// default 5); the load average before and after is printed, because on a
// shared machine wall time also counts other processes.
package compare
