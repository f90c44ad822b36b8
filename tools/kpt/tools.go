//go:build tools

// Package tools pins kpt for hack/tool.sh, which builds it with
// `go build -o .cache/bin/kpt-VERSION <pkg>` from this directory (VERSION from go.mod).
// Bump the version in go.mod (and run `go mod tidy`), nowhere else.
//
// The checksum database has no entry for kpt v1.0.0-beta.49, so go.sum was made once with
//
//	GONOSUMDB=github.com/GoogleContainerTools/kpt go mod tidy
//
// and is committed: with it, a plain `go build` (default GOSUMDB) verifies kpt without a look-up.
package tools

import _ "github.com/GoogleContainerTools/kpt"
