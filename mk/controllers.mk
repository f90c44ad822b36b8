# Proof by the controllers' own code (tests/controllers): every example's output goes through the upstream
# admission and reconcile code that acts on it, in process. Each checker is a Go module of its own under
# tests/controllers/<name>/ (they pin Kubernetes versions that do not resolve together), built once into
# $(CACHE)/controllers by hack/controller-check.sh and rebuilt only when its go.mod, go.sum or sources
# change. Cold builds take minutes each (figures in README.md, Development); warm, the target runs in seconds.
#
#   make controllers                                   every checker on every example + the negative controls
#   make controllers CONTROLLERS_FLAGS='-run TestNegativeControls'

CONTROLLER_CHECKS ?= kubevirt cdi argocd ocm policy
CONTROLLERS_TIMEOUT ?= 20m
CONTROLLERS_FLAGS   ?=

.PHONY: controllers controller-checks
controller-checks: ## build the checkers of tests/controllers/* into $(CACHE)/controllers (one at a time, niced)
	@for c in $(CONTROLLER_CHECKS); do CACHE="$(CACHE)" GO="$(GO)" hack/controller-check.sh $$c >/dev/null; done

controllers: build controller-checks ## every example through the controllers' own code (KubeVirt, CDI, Argo CD, OCM, policy propagator), with negative controls
	VMFLEET_BIN="$(CURDIR)/$(VMFLEET)" \
	$(foreach c,$(CONTROLLER_CHECKS),VMFLEET_CHECK_$(shell echo $(c) | tr a-z A-Z)="$$(CACHE="$(CACHE)" GO="$(GO)" hack/controller-check.sh $(c))") \
		$(GO) test -tags controllers -count=1 -v -timeout $(CONTROLLERS_TIMEOUT) ./tests/controllers/ $(CONTROLLERS_FLAGS)

# The instancetype and preference names vmfleet checks VMs against: what virt-operator v1.6.0 installs, as
# the kubevirt checker lists them (TestCatalog in `make controllers` fails when the two differ).
.PHONY: catalog
catalog: ## regenerate internal/validate/catalog/kubevirt-v1.6.txt from virt-operator v1.6.0 (the kubevirt checker)
	"$$(CACHE="$(CACHE)" GO="$(GO)" hack/controller-check.sh kubevirt)" -catalog > internal/validate/catalog/kubevirt-v1.6.txt
