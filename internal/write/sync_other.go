//go:build !linux

package write

import (
	"io/fs"
	"os"
	"path/filepath"
)

// syncTree makes everything written under dir durable: without syncfs(2),
// one fsync per file, then per folder.
func syncTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() && !d.IsDir() {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := f.Sync(); err != nil && d.Type().IsRegular() {
			return err
		}
		return nil
	})
}
