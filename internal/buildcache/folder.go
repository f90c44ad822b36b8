package buildcache

import (
	"os"
	"path/filepath"
	"strconv"
)

// EnvDir is the build cache's folder; "off" turns the cache off. Unset, it
// is vmfleet-build-cache-<euid> in the temporary folder ($TMPDIR): in the
// Argo CD plugin's sidecar, its own /tmp.
const EnvDir = "VMFLEET_CACHE_DIR"

// Folder is the cache folder the environment names, or "" when the cache is
// off.
func Folder(getenv func(string) string) string {
	switch dir := getenv(EnvDir); dir {
	case "off":
		return ""
	case "":
		return filepath.Join(os.TempDir(), "vmfleet-build-cache-"+strconv.Itoa(os.Geteuid()))
	default:
		return dir
	}
}

// FromEnv opens the cache folder the environment names, or returns nil when
// the cache is off or its folder cannot be used (a build without the cache
// is slower, never wrong).
func FromEnv(getenv func(string) string) *Dir {
	dir := Folder(getenv)
	if dir == "" {
		return nil
	}
	d, err := Open(dir)
	if err != nil {
		return nil
	}
	return d
}
