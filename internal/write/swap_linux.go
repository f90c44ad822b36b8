//go:build linux

package write

import (
	"errors"
	"fmt"
	"os"

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
	if err := unix.Renameat2(unix.AT_FDCWD, stage, unix.AT_FDCWD, dir, unix.RENAME_EXCHANGE); err != nil {
		return fmt.Errorf("swap tree into place: %w", err)
	}
	return nil
}
