# Tests. `make test` is fast (seconds) and needs nothing but Go; the other
# targets use the real tools, built once from pinned modules (mk/tools.mk).

.PHONY: test test-kustomize test-placement test-policies golden check-golden ci lab
test: ## unit tests, table tests, golden files, in-process kustomize equivalence (fast)
	$(GO) test -count=1 ./...

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

# The whole proof, as CI runs it.
ci: ## everything CI runs: unit tests, schemas, golden files, real kustomize, Multus, placement, policies, modes, e2e, controllers
	$(MAKE) test
	$(MAKE) check-schemas
	$(MAKE) test-kustomize
	$(MAKE) test-multus
	$(MAKE) test-placement
	$(MAKE) test-policies
	@if grep -q '^modes:' mk/*.mk; then $(MAKE) modes; fi
	$(MAKE) e2e
	$(MAKE) controllers
