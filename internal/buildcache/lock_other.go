//go:build !unix

package buildcache

import (
	"os"
	"time"
)

// Lock has no portable implementation here: without it, every caller
// builds on its own (and concurrent writers still rename whole packs).
func (d *Dir) Lock(Key, time.Duration) (func(), bool) { return nil, false }

// ownedByMe cannot check an owner here: the cache is not used.
func ownedByMe(os.FileInfo) bool { return false }

// fileID has no device and inode here: the cache is not used.
func fileID(os.FileInfo) (dev, ino uint64) { return 0, 0 }
