//go:build tools

// Package tools pins the governance-policy-propagator for hack/tool.sh, which builds it with
// `go build -o .cache/bin/policy-propagator-VERSION open-cluster-management.io/governance-policy-propagator` from this directory (VERSION from go.mod).
// Bump the version in go.mod (and run `go mod tidy`), nowhere else.
package tools

import _ "open-cluster-management.io/governance-policy-propagator"
