.PHONY: build
build: ## build bin/vmfleet
	$(GO) build -trimpath -o $(VMFLEET) ./cmd/vmfleet
