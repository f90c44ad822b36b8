# External tools vmfleet is tested against, built from pinned Go modules (tools/<name>/go.mod + go.sum) by
# hack/tool.sh into $(CACHE)/bin/<name>-<version>, with $(CACHE)/bin/<name> linking to it. Cold ~1-2 min
# each (kpt needs cgo: gcc), warm ~10 ms. To bump a tool: edit its go.mod, `go mod tidy` there, commit.
#
# In a recipe, either depend on the file (rebuilt when its go.mod/go.sum change):
#     fmt-check: $(KUSTOMIZE)
#             $(KUSTOMIZE) build examples/...
# or call the phony target, which prints the binary's absolute path: `make -s kpt`.

TOOL_SH        := CACHE="$(CACHE)" GO="$(GO)" hack/tool.sh
KUSTOMIZE      := $(CACHE)/bin/kustomize
KPT            := $(CACHE)/bin/kpt
CONTROLLER_GEN := $(CACHE)/bin/controller-gen
GOLANGCI_LINT  := $(CACHE)/bin/golangci-lint

.PHONY: tools kustomize kpt controller-gen golangci-lint
tools: kustomize kpt controller-gen golangci-lint ## build kustomize, kpt, controller-gen and golangci-lint (pinned in tools/*/go.mod) into .cache/bin

kustomize: ## build kustomize (tools/kustomize) into .cache/bin; prints its path
	@$(TOOL_SH) kustomize

kpt: ## build kpt (tools/kpt, needs gcc) into .cache/bin; prints its path
	@$(TOOL_SH) kpt

controller-gen: ## build controller-gen (tools/controller-gen) into .cache/bin; prints its path
	@$(TOOL_SH) controller-gen

golangci-lint: ## build golangci-lint (tools/golangci-lint) into .cache/bin; prints its path
	@$(TOOL_SH) golangci-lint

# File targets, for use as prerequisites: re-run hack/tool.sh (which builds only a missing version) when
# go.mod/go.sum are newer than the binary the link points to.
$(KUSTOMIZE): tools/kustomize/go.mod tools/kustomize/go.sum
	@$(TOOL_SH) kustomize >/dev/null
$(KPT): tools/kpt/go.mod tools/kpt/go.sum
	@$(TOOL_SH) kpt >/dev/null
$(CONTROLLER_GEN): tools/controller-gen/go.mod tools/controller-gen/go.sum
	@$(TOOL_SH) controller-gen >/dev/null
$(GOLANGCI_LINT): tools/golangci-lint/go.mod tools/golangci-lint/go.sum
	@$(TOOL_SH) golangci-lint >/dev/null
