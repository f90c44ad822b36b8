package cli

import (
	"runtime/debug"
)

// version is what `vmfleet version` reports: the release stamped at build
// time (-ldflags "-X vmfleet.dev/vmfleet/internal/cli.Version=v1.2.3", as
// make build and make image do), else the module version Go recorded in the
// binary (a tag or pseudo-version when built from a git checkout or with go
// install MODULE@VERSION), with the commit when Go recorded one.
func version() string {
	info, ok := debug.ReadBuildInfo()
	return versionFrom(Version, info, ok)
}

func versionFrom(stamped string, info *debug.BuildInfo, ok bool) string {
	if stamped != "" && stamped != "dev" {
		return stamped
	}
	if !ok || info == nil {
		return "dev"
	}
	v := info.Main.Version
	if v == "" || v == "(devel)" {
		v = "dev"
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return v
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		rev += "-dirty"
	}
	return v + " (commit " + rev + ")"
}
