# Reliability: fuzzing the core and the bad-input corpus (render/fuzz_test.go, tests/reliability).
# `make test` runs every fuzz seed and the corpus as plain tests; these targets go further.

FUZZTIME     ?= 2m
FUZZ_TARGETS := FuzzLoad FuzzRender

.PHONY: fuzz update-corpus test-reliability
fuzz: ## fuzz render.Load (FuzzLoad) and the whole render (FuzzRender), FUZZTIME each (default 2m); crashers land in render/testdata/fuzz/
	@for t in $(FUZZ_TARGETS); do \
		echo "fuzz: $$t for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) ./render/ || exit 1; \
	done

update-corpus: ## regenerate tests/reliability want files and the fuzz seeds from examples/ and the corpus (read the diff!)
	VMFLEET_UPDATE=1 $(GO) test -count=1 ./tests/reliability/
	VMFLEET_UPDATE=1 $(GO) test -count=1 -run '^TestFuzzSeeds$$' ./render/
	@git --no-pager diff --stat -- tests/reliability render/testdata || true

test-reliability: ## reliability and determinism tests, the slow ones too (renders killed at random moments)
	VMFLEET_SLOW=1 $(GO) test -count=1 ./tests/reliability/ ./tests/determinism/ ./internal/emit/
