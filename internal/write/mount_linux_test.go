//go:build linux

package write

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// A mount point (a container volume: render -o /out) cannot be renamed
// (EBUSY): the render swaps its contents instead. Needs root to mount a
// tmpfs; skipped otherwise.
func TestWriteTreeIntoMountPoint(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	must(t, os.Mkdir(dir, 0o755))
	if err := unix.Mount("vmfleet-test", dir, "tmpfs", 0, ""); err != nil {
		t.Skip("cannot mount a tmpfs:", err)
	}
	t.Cleanup(func() { _ = unix.Unmount(dir, unix.MNT_DETACH) })
	if !isMountPoint(dir) || isMountPoint(parent) {
		t.Fatalf("isMountPoint: %s %v, %s %v", dir, isMountPoint(dir), parent, isMountPoint(parent))
	}
	self := identOf(t, dir)
	for v, files := range [][]File{tree("1", v1Paths...), mixed("hub/kustomization.yaml"), tree("3", v1Paths[:2]...)} {
		mustWrite(t, dir, files, Options{})
		if identOf(t, dir).ino != self.ino {
			t.Fatalf("version %d: the mount point was replaced", v)
		}
		s := snap(t, dir)
		for _, f := range files {
			if s[f.Path].data != string(f.Data) {
				t.Errorf("version %d: %s is not the new file", v, f.Path)
			}
		}
		if got := listed(t, s); len(got) != len(files) {
			t.Errorf("version %d: the inventory lists %v", v, got)
		}
		noStage(t, parent)
		for p := range s {
			if isStageIn(filepath.Base(p)) {
				t.Errorf("version %d: stage %s left inside the mount point", v, p)
			}
		}
	}
}
