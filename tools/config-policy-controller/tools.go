//go:build tools

// Package tools pins the config-policy-controller for hack/tool.sh, which builds it with
// `go build -o .cache/bin/config-policy-controller-VERSION open-cluster-management.io/config-policy-controller` from this directory (VERSION from go.mod).
// Bump the version in go.mod (and run `go mod tidy`), nowhere else.
package tools

import _ "open-cluster-management.io/config-policy-controller"
