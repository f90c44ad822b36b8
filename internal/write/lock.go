package write

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// LockedError: another render holds the output folder's lock.
type LockedError struct{ Dir string }

func (e *LockedError) Error() string {
	return fmt.Sprintf("another render holds %s (its lock %s); wait for it to finish", e.Dir, lockName(e.Dir))
}

// lockName is the lock file beside dir. It stays there after the render:
// removing a lock file lets a third render lock a new file while a second
// still holds the old one.
func lockName(dir string) string {
	return filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".vmfleet-lock")
}

// lock serialises renders of one folder with flock(2) on a file beside it
// (not on the folder, whose inode a render replaces). The kernel drops the
// lock when the process dies, so a killed render never leaves it held.
// Where the parent cannot be written (a mount point such as /out in a
// container, whose parent is /), the folder itself is locked: a render
// there swaps contents and keeps the folder's inode (see inPlace).
func lock(dir string) (release func(), err error) {
	fd, err := unix.Open(lockName(dir), unix.O_RDWR|unix.O_CREAT|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o644)
	if errors.Is(err, unix.EACCES) || errors.Is(err, unix.EROFS) || errors.Is(err, unix.EPERM) {
		if dfd, derr := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0); derr == nil {
			fd, err = dfd, nil
		} // else the parent's refusal is the reason to report
	}
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", lockName(dir), err)
	}
	if err := unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB); err != nil {
		unix.Close(fd)
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, &LockedError{Dir: dir}
		}
		return nil, fmt.Errorf("lock %s: %w", lockName(dir), err)
	}
	f := os.NewFile(uintptr(fd), lockName(dir))
	return func() { _ = f.Close() }, nil // closing the last descriptor unlocks
}
