// Package modes proves that vmfleet runs where its users run it, each route with the real tool:
// kustomize v5.8.1 (a generator: exec and container function), kpt v1.0.0-beta.49 (fn render with the
// Kptfile pipeline, fn eval; exec and container), the Argo CD config management plugin (its generate
// command run as argocd-cmp-server runs it), and the container image under podman. Every route must
// give the objects `vmfleet build` / `vmfleet render` give for the same fleet.
//
// The recipes are the README's: the tests run the fenced blocks marked `<!-- modes:run NAME -->`
// between `<!-- modes:begin -->` and `<!-- modes:end -->` as written, so the README cannot drift.
//
// Without the real tools the tests that need them skip (a plain `go test ./...` stays fast); the
// checks of the examples themselves always run. `make modes` (mk/modes.mk) builds bin/vmfleet and
// bin/vmfleet-cached, kustomize, kpt and the image and runs everything, with
//
//	VMFLEET_MODES=1 VMFLEET_BIN=bin/vmfleet VMFLEET_CACHED_BIN=bin/vmfleet-cached VMFLEET_KUSTOMIZE=... VMFLEET_KPT=...
//	VMFLEET_MODES_IMAGE=localhost/vmfleet:dev   (the container tests; root + podman)
package modes
