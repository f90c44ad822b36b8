# Static checks, the fast lane's first step (make ci-fast): golangci-lint with .golangci.yml (pinned in
# tools/golangci-lint, built once into $(CACHE)/bin, ~1.5 min cold), go vet, and go.mod/go.sum as
# `go mod tidy` would leave them. Lint and vet read the e2e-tagged files too.

.PHONY: lint vet tidy-check
lint: $(GOLANGCI_LINT) ## golangci-lint (.golangci.yml): must report 0 issues
	$(GOLANGCI_LINT) run ./...

vet: ## go vet, with the e2e build tag so tests/e2e is vetted too
	$(GO) vet -tags e2e ./...

tidy-check: ## fail if go.mod/go.sum are not what 'go mod tidy' makes
	@$(GO) mod tidy -diff || { echo "go.mod/go.sum are not tidy: run go mod tidy" >&2; exit 1; }
	@echo "tidy-check: go.mod and go.sum are tidy"
