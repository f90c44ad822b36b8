//go:build tools

// Package tools pins kustomize for hack/tool.sh, which builds it with
// `go build -o .cache/bin/kustomize-VERSION <pkg>` from this directory (VERSION from go.mod).
// Bump the version in go.mod (and run `go mod tidy`), nowhere else.
package tools

import _ "sigs.k8s.io/kustomize/kustomize/v5"
