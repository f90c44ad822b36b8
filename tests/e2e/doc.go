// Package e2e proves vmfleet's output against a real control plane: etcd and kube-apiserver v1.34.1 on
// 127.0.0.1, with the upstream CRDs of every kind vmfleet emits installed. Every object (and every object
// wrapped inside an OCM Policy) is checked with a server-side-apply dry-run and strict field validation;
// the lab fleet is then applied for real, twice, and the second apply must change nothing.
//
// The tests carry the build tag e2e, so a plain `go test ./...` skips them. Run them with `make e2e`,
// which first prepares the tools and CRDs in .cache/ (hack/e2e-tools.sh, `make e2e-tools`).
//
// What runs:
//   - TestSelfTest: testdata/selftest/*.yaml, objects in the seed's shapes that must pass, and
//     deliberately wrong ones ("# e2e-expect-reject: TEXT") that must be rejected with TEXT in the message.
//   - TestExamples: for every examples/*/fleet.yaml, `vmfleet build` (hub), `vmfleet render` (to learn the
//     clusters from overlays/) and `vmfleet build --cluster C`; every object is dry-run.
//   - TestLabApplyTwice, TestSelfTestApplyTwice: real applies, twice; nothing may change the second time
//     (same resourceVersions, `kubectl diff --server-side` exits 0).
//
// HyperConverged objects are checked against HCO v1.18.1 (main API server) and v1.16.0 (a second API
// server holding only that CRD). Kinds without an available CRD (GitOpsCluster) are reported as NOT
// CHECKED, never passed silently.
//
// Knobs (environment): E2E_CACHE (default <repo>/.cache), E2E_HCO_CRD_DIR (default ../shared/crds),
// E2E_KEEP=1 keeps the API servers' temp dirs (logs, kubeconfig), and E2E_PROBE=DIR|FILE with
// `make e2e E2E_FLAGS='-run TestProbe'` asks the real schemas about any YAML and logs what they accept.
package e2e
