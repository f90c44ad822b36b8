# Scale: Go benchmarks and a side-by-side run of whole processes against kustomize (issue #6). Not part of
# `make ci`: minutes long, and timing on a shared machine is noisy. How to read the figures, the machine
# they were taken on and the latest results: BENCHMARKS.md.
#
#   make bench                           all benchmarks, 6 runs each, output also in $(BENCH_OUT)
#   make bench BENCH=BuildCluster BENCH_COUNT=10
#   benchstat old.txt $(BENCH_OUT)       compare two runs (go install golang.org/x/perf/cmd/benchstat@latest)
#   make compare                         every ratio in one run: build --cluster / argocd vs kustomize build (10x200, 3500x20), render 350 and 3,500 clusters, re-render after a one-VM edit
#   make compare VMFLEET_BIN=/path/to/old/vmfleet COMPARE_RUNS=5   the same for another vmfleet binary
#
# Trees are written under $TMPDIR (BenchmarkRender, compare): set TMPDIR to put them on another disk.

BENCH         ?= .
BENCH_COUNT   ?= 6
BENCH_TIME    ?= 1s
BENCH_OUT     ?= $(CACHE)/bench/bench.txt
COMPARE_RUNS  ?= 11
COMPARE_RENDER_RUNS ?= 5

.PHONY: bench compare
bench: ## Go benchmarks (Load, tree, render to disk, cluster/hub build at 10x10, 100x100, 350x20, 3500x20); benchstat format, also in $(BENCH_OUT)
	@mkdir -p "$(dir $(BENCH_OUT))"
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -count $(BENCH_COUNT) -benchtime $(BENCH_TIME) -timeout 180m ./render/ | tee "$(BENCH_OUT)"

compare: $(KUSTOMIZE) ## whole processes: vmfleet build --cluster and argocd vs real kustomize build (10x200, 3500x20); render 350x20 and 3500x20; re-render after a one-VM edit
	VMFLEET_COMPARE=1 VMFLEET_KUSTOMIZE="$(KUSTOMIZE)" VMFLEET_COMPARE_RUNS=$(COMPARE_RUNS) VMFLEET_COMPARE_RENDER_RUNS=$(COMPARE_RENDER_RUNS) \
		$(GO) test -count=1 -v -timeout 90m -run TestCompare ./tests/scale/compare/
