// Package e2e proves vmfleet's output against a real control plane: etcd and kube-apiserver v1.34.1 on
// 127.0.0.1, with the upstream CRDs of every kind vmfleet emits installed. Every object (and every object
// wrapped inside an OCM Policy) is checked with a server-side-apply dry-run and strict field validation;
// the lab fleet is then applied for real, twice, and the second apply must change nothing.
//
// The tests carry the build tag e2e, so a plain `go test ./...` skips them. Run them with `make e2e`,
// which first prepares the tools and CRDs in .cache/ (hack/e2e-tools.sh).
package e2e
