# The fleet map (`vmfleet plan -o html`) in real headless Chromium (tests/browser): for every example the page
# is loaded, its script runs, and the drawn clusters x VMs table must match the plan cell by cell; a click
# must show a cluster's detail; negative controls (a script that does not parse or fails half-way, a map
# drawn from other data, an external resource) must be rejected. Debian's chromium is installed with
# apt-get when missing. About 20 s.

CHROMIUM ?= $(shell command -v chromium 2>/dev/null)

.PHONY: chromium test-browser
chromium: ## install Debian's chromium with apt-get if it is missing
	@if ! command -v chromium >/dev/null; then \
		echo "installing chromium with apt-get" >&2; \
		$(SUDO) apt-get update; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; \
	fi

test-browser: chromium ## the HTML fleet map of every example, drawn in headless Chromium, checked cell by cell
	VMFLEET_CHROMIUM="$$(command -v chromium)" $(GO) test -count=1 -v ./tests/browser/
