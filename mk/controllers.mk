# Proof by the controllers' own code (tests/controllers): every example's output goes through the upstream
# admission and reconcile code that acts on it, in process. Each checker is a Go module of its own under
# tests/controllers/<name>/ (they pin Kubernetes versions that do not resolve together), built once into
# $(CACHE)/controllers by hack/controller-check.sh and rebuilt only when its go.mod, go.sum or sources
# change. Cold builds take minutes each (figures in README.md, Development); warm, the target runs in seconds.
#
#   make controllers                                   every checker on every example + the negative controls,
#                                                      then the hub controllers as processes
#   make controllers CONTROLLERS_FLAGS='-run TestNegativeControls'
#   make hub-controllers                               only the hub controllers as processes
#
# The second level (TestHubControllersAsProcesses): OCM's placement controller, the governance policy
# propagator, the config-policy-controller and Argo CD's ApplicationSet controller, built from their served
# modules (tools/<name>, pinned like the other tools) by hack/tool.sh into $(CACHE)/bin/NAME-VERSION, run as
# processes against the e2e kube-apiserver (hack/e2e-tools.sh builds it).

CONTROLLER_CHECKS ?= kubevirt cdi argocd ocm policy
HUB_CONTROLLERS   ?= ocm-placement policy-propagator config-policy-controller argocd-applicationset
SHARED_CRDS       ?= $(abspath $(CURDIR)/../shared/crds)
CONTROLLERS_TIMEOUT ?= 20m
CONTROLLERS_FLAGS   ?=

# What the driver needs: the vmfleet binary, each checker, kube-apiserver + kubectl and the hub controllers.
CONTROLLERS_ENV = VMFLEET_BIN="$(CURDIR)/$(VMFLEET)" \
	$(foreach c,$(CONTROLLER_CHECKS),VMFLEET_CHECK_$(shell echo $(c) | tr a-z A-Z)="$$(CACHE="$(CACHE)" GO="$(GO)" hack/controller-check.sh $(c))") \
	VMFLEET_E2E_BIN="$(CACHE)/e2e/bin" VMFLEET_SHARED_CRDS="$(SHARED_CRDS)" \
	VMFLEET_HUB_PLACEMENT="$$($(TOOL_SH) ocm-placement)" VMFLEET_HUB_PROPAGATOR="$$($(TOOL_SH) policy-propagator)" \
	VMFLEET_HUB_CONFIG_POLICY="$$($(TOOL_SH) config-policy-controller)" VMFLEET_HUB_APPSET="$$($(TOOL_SH) argocd-applicationset)"

.PHONY: controllers controller-checks hub-controller-tools hub-controllers
controller-checks: ## build the checkers of tests/controllers/* into $(CACHE)/controllers (one at a time, niced)
	@for c in $(CONTROLLER_CHECKS); do CACHE="$(CACHE)" GO="$(GO)" hack/controller-check.sh $$c >/dev/null; done

hub-controller-tools: ## build the hub controllers (placement, policy propagator, config-policy-controller, ApplicationSet) into $(CACHE)/bin
	@for c in $(HUB_CONTROLLERS); do $(TOOL_SH) $$c >/dev/null; done

controllers: build controller-checks e2e-tools hub-controller-tools ## every example through the controllers' own code (KubeVirt, CDI, Argo CD, OCM, policy propagator), with negative controls; the hub controllers as processes
	$(CONTROLLERS_ENV) $(GO) test -tags controllers -count=1 -v -timeout $(CONTROLLERS_TIMEOUT) ./tests/controllers/ $(CONTROLLERS_FLAGS)

hub-controllers: build controller-checks e2e-tools hub-controller-tools ## only the hub controllers as processes against kube-apiserver (TestHubControllersAsProcesses)
	$(CONTROLLERS_ENV) $(GO) test -tags controllers -count=1 -v -timeout $(CONTROLLERS_TIMEOUT) -run 'TestHubControllersAsProcesses' ./tests/controllers/

# The instancetype and preference names vmfleet checks VMs against: what virt-operator v1.6.0 installs, as
# the kubevirt checker lists them (TestCatalog in `make controllers` fails when the two differ).
.PHONY: catalog
catalog: ## regenerate internal/validate/catalog/kubevirt-v1.6.txt from virt-operator v1.6.0 (the kubevirt checker)
	"$$(CACHE="$(CACHE)" GO="$(GO)" hack/controller-check.sh kubevirt)" -catalog > internal/validate/catalog/kubevirt-v1.6.txt
