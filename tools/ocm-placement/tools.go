//go:build tools

// Package tools pins OCM's placement controller (the hub's placement manager) for hack/tool.sh, which builds it with
// `go build -o .cache/bin/ocm-placement-VERSION open-cluster-management.io/ocm/cmd/placement` from this directory (VERSION from go.mod).
// Bump the version in go.mod (and run `go mod tidy`), nowhere else.
package tools

import _ "open-cluster-management.io/ocm/cmd/placement"
