// Package compare runs vmfleet side by side with what it replaces, as whole
// processes on the same machine, and prints medians and ratios (no
// assertions on time: the figures go to BENCHMARKS.md). Run it with
// `make compare`, or:
//
//	VMFLEET_COMPARE=1 VMFLEET_KUSTOMIZE=$(hack/tool.sh kustomize) \
//	    go test -count=1 -v -timeout 60m -run TestCompare ./tests/scale/compare/
//
// It measures:
//
//   - one cluster's build: `vmfleet build FLEET --cluster C` against the real
//     `kustomize build DIR/overlays/C` of the tree vmfleet rendered from the
//     same fleet (10 clusters x 200 VMs, every VM on every cluster, so the
//     overlay has 200 VMs and 200 patches), after checking both give the
//     same objects;
//   - the whole render, `vmfleet render FLEET -o DIR` into a new folder, of
//     350 x 20 and 3,500 x 20 (clusters x VMs), and the time per cluster.
//
// For every process: wall time, CPU time (user + system) and peak resident
// memory (ru_maxrss, which is the child's VmHWM). Runs are interleaved and
// repeated (VMFLEET_COMPARE_RUNS, default 11, and VMFLEET_COMPARE_RENDER_RUNS,
// default 5); the load average before and after is printed, because on a
// shared machine wall time also counts other processes.
package compare
