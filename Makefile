# vmfleet — see README.md. Each concern keeps its targets in mk/<concern>.mk.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO       ?= go
BIN      := bin
CACHE    := $(CURDIR)/.cache
VMFLEET  := $(BIN)/vmfleet
# The front program of the Argo CD plugin (cmd/vmfleet-cached): cache hits without the full program.
VMFLEET_CACHED := $(BIN)/vmfleet-cached

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-zA-Z0-9_./-]+:.*## ' $(MAKEFILE_LIST) | sort | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

# tools.mk first: the others use its variables in prerequisite lists.
include mk/tools.mk
include $(filter-out mk/tools.mk,$(sort $(wildcard mk/*.mk)))
