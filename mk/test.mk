# Tests. `make test` is fast (seconds) and needs nothing but Go; the other
# targets use the real tools, built once from pinned modules (mk/tools.mk).

.PHONY: test test-race test-kustomize test-placement test-policies golden check-golden ci ci-fast ci-slow lab
test: ## unit tests, table tests, golden files, in-process kustomize equivalence (fast)
	$(GO) test -count=1 ./...

# The packages with goroutines: emit serializes on every CPU (emit.Documents); render's tests and the
# CLI's render drive it. tests/determinism would add 30 s for the same code.
RACE_PKGS ?= ./internal/emit/ ./internal/write/ ./render/ ./internal/cli/ ./plan/ ./internal/validate/ ./generators/ ./internal/front/ ./internal/buildcache/

test-race: ## the packages with concurrency under the race detector (needs cgo: gcc)
	CGO_ENABLED=1 $(GO) test -race -count=1 $(RACE_PKGS)

test-kustomize: $(KUSTOMIZE) ## real kustomize v5.8.1: every overlay of every example builds and equals 'vmfleet build --cluster'
	VMFLEET_KUSTOMIZE="$(KUSTOMIZE)" $(GO) test -count=1 -run 'TestRealKustomize' -v ./tests/kustomize/

test-placement: ## every rendered Placement through OCM's own taint-toleration plugin (tests/placement, a module of its own; minutes the first time)
	cd tests/placement && GOWORK=off $(GO) test -count=1 -v .

test-policies: ## rendered ConfigurationPolicies through the config-policy-controller's own evaluation (tests/policycheck, a module of its own)
	cd tests/policycheck && GOWORK=off GONOSUMDB=github.com/stolostron $(GO) test -count=1 -v .

golden: ## regenerate examples/*/expected from examples/*/fleet.yaml (read the diff before committing)
	VMFLEET_UPDATE_GOLDEN=1 $(GO) test -count=1 -run TestGolden ./tests/golden/
	@git --no-pager diff --stat -- examples || true

check-golden: ## fail if examples/*/expected is not what vmfleet renders
	$(GO) test -count=1 -run TestGolden ./tests/golden/

lab: build ## render the bundled lab example into out/lab
	$(VMFLEET) render examples/lab/fleet.yaml -o out/lab --force
	@find out/lab -type f -name '*.yaml' | sort

# The whole proof, as CI runs it (.ci/run): the fast lane first, so a lint or unit failure shows in
# a minute, then the real tools.
ci: ## everything CI runs: the fast lane (ci-fast), then the slow one (ci-slow)
	$(MAKE) ci-fast
	$(MAKE) ci-slow

ci-fast: ## lint, tidy, vet, unit tests (+ race), schemas, golden files, the editor check: Go (+ node) only
	$(MAKE) lint
	$(MAKE) tidy-check
	$(MAKE) vet
	$(MAKE) test
	$(MAKE) test-race
	$(MAKE) check-schemas
	$(MAKE) check-golden
	$(MAKE) check-editor

ci-slow: ## the slow reliability tests, then the real tools: kustomize, Multus, placement, policies, Chromium (fleet map), modes, e2e (kube-apiserver, then the controllers)
	$(MAKE) test-reliability
	$(MAKE) test-kustomize
	$(MAKE) test-multus
	$(MAKE) test-placement
	$(MAKE) test-policies
	$(MAKE) test-browser
	@if grep -q '^modes:' mk/*.mk; then $(MAKE) modes; fi
	$(MAKE) e2e
