//go:build linux

package reliability

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"vmfleet.dev/vmfleet/internal/cli"
)

// A disk that fills up during the render (a 256 KiB tmpfs): exit 4 (the
// machine failed, not the input), the reason on stderr, the old tree as it
// was and no stage left. Also into the mount point itself, which cannot be
// renamed (EBUSY before the contents were swapped). Needs root to mount.
func TestRenderDiskFull(t *testing.T) {
	parent := t.TempDir()
	mnt := filepath.Join(parent, "disk")
	if err := os.Mkdir(mnt, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mount("vmfleet-test", mnt, "tmpfs", 0, "size=256k"); err != nil {
		t.Skip("cannot mount a tmpfs:", err)
	}
	t.Cleanup(func() { _ = unix.Unmount(mnt, unix.MNT_DETACH) })
	big := filepath.Join(parent, "big.yaml")
	writeFile(t, big, genFleet(40, 40, "a"))
	for _, out := range []string{filepath.Join(mnt, "out"), mnt} {
		if out == mnt {
			for _, p := range []string{"out", ".out.vmfleet-lock"} {
				if err := os.RemoveAll(filepath.Join(mnt, p)); err != nil {
					t.Fatal(err)
				}
			}
		}
		renderTree(t, "../../examples/lab/fleet.yaml", out)
		before := snapshot(t, mnt)
		r := run(nil, "render", big, "-o", out)
		if r.code != cli.ExitEnvironment || !strings.Contains(r.stderr, "no space left on device") {
			t.Errorf("render -o %s onto a full disk: %v", out, r)
		}
		if d := diffSnapshots(before, snapshot(t, mnt)); d != "" {
			t.Errorf("a render that ran out of space changed the disk:\n%s", d)
		}
		renderTree(t, "../../examples/lab/fleet.yaml", out) // still works, in place too
	}
}
