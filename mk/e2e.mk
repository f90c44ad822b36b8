# End-to-end proof against a real control plane: etcd + kube-apiserver v1.34.1 on 127.0.0.1, the upstream
# CRDs of every kind vmfleet emits, server-side-apply dry-runs with strict field validation, real applies.
# Tools and CRDs are built once into $(CACHE) by hack/e2e-tools.sh: cold ~15 min of CPU (kube-apiserver +
# kubectl most of it; 62 min wall on a busy 2-CPU machine), warm < 1 s; a warm `make e2e` takes ~20 s.

E2E_TIMEOUT ?= 30m
E2E_FLAGS   ?=

.PHONY: e2e-tools e2e e2e-apiserver
e2e-tools: ## build/fetch kube-apiserver, kubectl, etcd and the upstream CRDs for e2e into .cache/
	CACHE="$(CACHE)" GO="$(GO)" hack/e2e-tools.sh

# `make e2e` is both levels of proof: every object through the API server, then through the controllers'
# own code, in process and as processes (mk/controllers.mk).
e2e: ## both levels: e2e-apiserver, then controllers
	$(MAKE) e2e-apiserver
	$(MAKE) controllers

e2e-apiserver: e2e-tools ## check every emitted object against a real kube-apiserver (SSA dry-run, strict fields)
	E2E_CACHE="$(CACHE)" $(GO) test -tags e2e -count=1 -v -timeout $(E2E_TIMEOUT) ./tests/e2e/ $(E2E_FLAGS)
