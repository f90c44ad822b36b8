package cli

import (
	"runtime/debug"
	"testing"
)

func TestVersionFrom(t *testing.T) {
	module := func(v string, settings ...debug.BuildSetting) *debug.BuildInfo {
		return &debug.BuildInfo{Main: debug.Module{Path: "vmfleet.dev/vmfleet", Version: v}, Settings: settings}
	}
	rev := debug.BuildSetting{Key: "vcs.revision", Value: "0123456789abcdef0123"}
	dirty := debug.BuildSetting{Key: "vcs.modified", Value: "true"}
	for _, tc := range []struct {
		name, stamped string
		info          *debug.BuildInfo
		want          string
	}{
		{"a stamped release wins", "v1.2.0", module("v1.1.0", rev), "v1.2.0"},
		{"go install MODULE@VERSION", "dev", module("v1.1.0"), "v1.1.0"},
		{"a git checkout: pseudo-version and commit", "dev", module("v0.0.0-20261201101500-0123456789ab", rev), "v0.0.0-20261201101500-0123456789ab (commit 0123456789ab)"},
		{"uncommitted changes", "dev", module("(devel)", rev, dirty), "dev (commit 0123456789ab-dirty)"},
		{"no build info", "dev", nil, "dev"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := versionFrom(tc.stamped, tc.info, tc.info != nil); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
