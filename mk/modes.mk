# vmfleet where its users run it, each route proven with the real tool (tests/modes): a kustomize
# generator (exec + container), a kpt function (fn render / fn eval, exec + container), the Argo CD
# config management plugin, the container image under podman. The recipes tested are the README's
# "Running vmfleet" blocks, run as written. `go test ./...` skips the real-tool tests.
#
#   make modes         everything (builds bin/vmfleet and bin/vmfleet-cached, kustomize, kpt and the image; root + podman)
#   make modes-exec    without containers: kustomize, kpt and Argo CD with the vmfleet binary
#   make modes-image   only the container tests (kpt + kustomize with podman, the plugin in the image)

# Prerequisites are the phony tool targets of mk/tools.mk (kustomize, kpt: build once, print the path), not
# $(KUSTOMIZE)/$(KPT): tools.mk is included after this file, so those are still empty when make reads the
# prerequisite lists here (recipes expand later and see them).

MODES_TIMEOUT ?= 10m
MODES_FLAGS   ?=
MODES_ENV      = VMFLEET_MODES=1 VMFLEET_BIN="$(CURDIR)/$(VMFLEET)" VMFLEET_CACHED_BIN="$(CURDIR)/$(VMFLEET_CACHED)" VMFLEET_KUSTOMIZE="$(KUSTOMIZE)" VMFLEET_KPT="$(KPT)"
MODES_TEST     = $(GO) test -count=1 -v -timeout $(MODES_TIMEOUT) ./tests/modes/ $(MODES_FLAGS)

.PHONY: modes modes-exec modes-image
modes: build kustomize kpt image ## every mode with the real tools: kustomize, kpt, Argo CD plugin, container image
	$(MODES_ENV) VMFLEET_MODES_IMAGE="$(IMAGE)" $(MODES_TEST)

modes-exec: build kustomize kpt ## the modes without containers (kustomize, kpt, Argo CD plugin with bin/vmfleet)
	$(MODES_ENV) $(MODES_TEST)

modes-image: build kustomize kpt image ## the container tests only: kpt and kustomize with podman, the plugin in the image
	$(MODES_ENV) VMFLEET_MODES_IMAGE="$(IMAGE)" $(MODES_TEST) -run 'TestImage'
