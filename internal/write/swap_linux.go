//go:build linux

package write

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// swap puts the staged tree in place of dir in one step: renameat2 with
// RENAME_EXCHANGE swaps two folders atomically, so there is no moment when
// dir is missing or half-written. The old tree ends up in stage and is
// removed by the caller.
func swap(stage, dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(stage, dir); err != nil {
			return fmt.Errorf("move tree into place: %w", err)
		}
		return os.MkdirAll(stage, 0o755) // the caller removes it
	}
	if err := exchange(stage, dir); err != nil {
		return fmt.Errorf("swap tree into place: %w", err)
	}
	return nil
}

// exchange swaps two existing entries atomically.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}

// isMountPoint: dir is the root of a mount (a container volume, a bind
// mount), which rename(2) cannot move (EBUSY). statx reports it directly
// (STATX_ATTR_MOUNT_ROOT, Linux 5.8); older kernels compare devices, which
// misses only a bind mount of the same file system.
func isMountPoint(dir string) bool {
	var sx unix.Statx_t
	if err := unix.Statx(unix.AT_FDCWD, dir, unix.AT_SYMLINK_NOFOLLOW, unix.STATX_BASIC_STATS, &sx); err == nil &&
		sx.Attributes_mask&unix.STATX_ATTR_MOUNT_ROOT != 0 {
		return sx.Attributes&unix.STATX_ATTR_MOUNT_ROOT != 0
	}
	var a, b unix.Stat_t
	if unix.Lstat(dir, &a) != nil || unix.Stat(filepath.Dir(dir), &b) != nil {
		return false
	}
	return a.Dev != b.Dev
}
