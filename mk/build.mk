# The version `vmfleet version` reports and the image is tagged with: the git tag (or commit) of the checkout.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
VERSION_LDFLAGS := -X vmfleet.dev/vmfleet/internal/cli.Version=$(VERSION)

.PHONY: build
# vmfleet-cached finds vmfleet beside itself: the two are built (and installed) together.
build: ## build bin/vmfleet (stamped with $(VERSION)) and its front bin/vmfleet-cached
	$(GO) build -trimpath -ldflags='$(VERSION_LDFLAGS)' -o $(VMFLEET) ./cmd/vmfleet
	$(GO) build -trimpath -o $(VMFLEET_CACHED) ./cmd/vmfleet-cached
