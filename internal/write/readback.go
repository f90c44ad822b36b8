package write

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"

	"vmfleet.dev/vmfleet/internal/nofollow"
)

// Limits on what vmfleet reads back from a tree it wrote: the inventory of
// a 3,500-cluster tree is about 1 MiB, a generated file a few KiB.
const (
	MaxInventory = 64 << 20
	MaxReadBack  = 8 << 20
)

// ReadFileIn reads dir/rel (rel slash-separated) the way vmfleet reads back
// every file of a tree: never through a symbolic link, a regular file of at
// most limit bytes (nofollow.ReadFileIn). A missing file is fs.ErrNotExist.
func ReadFileIn(dir, rel string, limit int64) ([]byte, error) {
	return nofollow.ReadFileIn(dir, rel, limit)
}

// sameFile reports whether c.dir/rel is a regular file of mode 0644 (as
// vmfleet writes them) holding exactly data, read without following links.
func (c *folders) sameFile(rel string, data []byte) bool {
	f, err := c.file(rel)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Mode().Perm() != 0o644 || st.Size() != int64(len(data)) {
		return false
	}
	old := make([]byte, len(data)+1)
	n, err := io.ReadFull(f, old)
	return errors.Is(err, io.ErrUnexpectedEOF) && n == len(data) && bytes.Equal(old[:n], data) || len(data) == 0 && errors.Is(err, io.EOF)
}

// folders keeps the last folder sameFile looked in open: the files of a
// tree come sorted, so most lookups reuse it, and a 17,000-file tree is
// compared with one open per file instead of one per path component.
type folders struct {
	dir  string
	rel  string
	open *os.File
}

func (c *folders) file(rel string) (*os.File, error) {
	parent, base := path.Split(rel)
	parent = strings.TrimSuffix(parent, "/")
	if c.open == nil || c.rel != parent {
		c.close()
		fd, err := unix.Open(c.dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: c.dir, Err: err}
		}
		f, err := nofollow.WalkOpen(fd, c.dir, parent, true)
		if err != nil {
			return nil, err
		}
		c.open, c.rel = f, parent
	}
	fd, err := unix.Dup(int(c.open.Fd()))
	if err != nil {
		return nil, err
	}
	return nofollow.WalkOpen(fd, filepath.Join(c.dir, filepath.FromSlash(parent)), base, false)
}

func (c *folders) close() {
	if c.open != nil {
		_ = c.open.Close()
		c.open = nil
	}
}
