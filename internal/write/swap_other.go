//go:build !linux

package write

import (
	"fmt"
	"os"
)

// swap moves the old tree aside, then the new one in. Not atomic: used
// only where renameat2 does not exist.
func swap(stage, dir string) error {
	old := stage + ".old"
	if _, err := os.Lstat(dir); err == nil {
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("move old tree aside: %w", err)
		}
		defer os.RemoveAll(old)
	}
	if err := os.Rename(stage, dir); err != nil {
		_ = os.Rename(old, dir)
		return fmt.Errorf("move tree into place: %w", err)
	}
	return os.MkdirAll(stage, 0o755)
}

// exchange swaps two entries in three renames (not atomic).
func exchange(a, b string) error {
	tmp := a + ".swap"
	if err := os.Rename(a, tmp); err != nil {
		return err
	}
	if err := os.Rename(b, a); err != nil {
		_ = os.Rename(tmp, a)
		return err
	}
	return os.Rename(tmp, b)
}

func isMountPoint(string) bool { return false }
