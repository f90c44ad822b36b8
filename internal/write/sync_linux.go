//go:build linux

package write

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncTree makes everything written under dir durable with one syncfs(2) of
// its filesystem: an fsync per file costs a disk flush each (about 3 ms
// here), which for a 3,500-cluster tree of 17,000 files was a minute.
func syncTree(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd()))
}
