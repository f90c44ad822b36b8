//go:build unix

package buildcache

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Lock takes the key's build lock, waiting at most wait for another
// process that holds it (building the same pack). The lock is an flock(2)
// on KEY.lock: the kernel drops it when its holder exits, so a killed
// builder never leaves it held. It returns false when the lock could not be
// had in time; the caller then builds on its own, without the cache.
func (d *Dir) Lock(k Key, wait time.Duration) (unlock func(), ok bool) {
	f, err := os.OpenFile(filepath.Join(d.path, k.String()+".lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, false
	}
	deadline := time.Now().Add(wait)
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return func() {
				// The file stays (a waiter may hold it open); prune drops
				// old lock files.
				_ = unix.Flock(int(f.Fd()), unix.LOCK_UN)
				f.Close()
			}, true
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) || time.Now().After(deadline) {
			f.Close()
			return nil, false
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func ownedByMe(st os.FileInfo) bool {
	s, ok := st.Sys().(*syscall.Stat_t)
	return ok && int(s.Uid) == os.Geteuid()
}

func fileID(st os.FileInfo) (dev, ino uint64) {
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		return uint64(s.Dev), uint64(s.Ino) //nolint:unconvert // int32 and uint64 on darwin
	}
	return 0, 0
}
