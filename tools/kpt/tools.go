//go:build tools

// Package tools pins kpt for hack/tool.sh, which builds it with
// `go build -o .cache/bin/kpt-VERSION <pkg>` from this directory (VERSION from go.mod).
// Bump the version in go.mod (and run `go mod tidy`), nowhere else.
package tools

import _ "github.com/GoogleContainerTools/kpt"
