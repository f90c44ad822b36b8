package write

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// Limits on what vmfleet reads back from a tree it wrote: the inventory of
// a 3,500-cluster tree is about 1 MiB, a generated file a few KiB.
const (
	MaxInventory = 64 << 20
	MaxReadBack  = 8 << 20
)

// ReadFileIn reads dir/rel (rel slash-separated) the way vmfleet reads back
// every file of a tree: no component is followed through a symbolic link
// (each is opened with O_NOFOLLOW relative to the one before, so a link to
// /dev/zero or to another team's folder is an error, not an input), the
// file must be a regular file (a FIFO would block the render forever: it is
// opened O_NONBLOCK and refused), and at most limit bytes long. A missing
// file is fs.ErrNotExist.
func ReadFileIn(dir, rel string, limit int64) ([]byte, error) {
	f, err := openIn(dir, rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := regularWithin(f.Name(), st, limit); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes, more than vmfleet ever writes there", f.Name(), limit)
	}
	return data, nil
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

func regularWithin(name string, st fs.FileInfo, limit int64) error {
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file (%v): vmfleet reads back only the files it wrote; move it away", name, st.Mode().Type())
	}
	if st.Size() > limit {
		return fmt.Errorf("%s is %d bytes, more than vmfleet ever writes there (%d); move it away", name, st.Size(), limit)
	}
	return nil
}

// openIn opens dir/rel for reading, refusing a symbolic link at any
// component below dir (dir itself is checked by the caller) and checking
// the type before the open, so a FIFO or a device is never opened.
func openIn(dir, rel string) (*os.File, error) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	return walkOpen(fd, dir, rel, false)
}

// walkOpen opens rel below the folder open as fd (which it closes), one
// component at a time with O_NOFOLLOW; the last one must be a regular file,
// or a folder when wantDir.
func walkOpen(fd int, dir, rel string, wantDir bool) (*os.File, error) {
	name := filepath.Join(dir, filepath.FromSlash(rel))
	if rel == "" {
		return os.NewFile(uintptr(fd), dir), nil
	}
	parts := strings.Split(rel, "/")
	for i, p := range parts {
		last := i == len(parts)-1
		var st unix.Stat_t
		if err := unix.Fstatat(fd, p, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
			unix.Close(fd)
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		folder := !last || wantDir
		switch {
		case st.Mode&unix.S_IFMT == unix.S_IFLNK:
			unix.Close(fd)
			return nil, fmt.Errorf("%s is a symbolic link: vmfleet does not read back through links; move it away", filepath.Join(dir, filepath.FromSlash(strings.Join(parts[:i+1], "/"))))
		case folder && st.Mode&unix.S_IFMT != unix.S_IFDIR:
			unix.Close(fd)
			return nil, &fs.PathError{Op: "open", Path: name, Err: unix.ENOTDIR}
		case !folder && st.Mode&unix.S_IFMT != unix.S_IFREG:
			unix.Close(fd)
			return nil, fmt.Errorf("%s is not a regular file (%v): vmfleet reads back only the files it wrote; move it away", name, modeType(uint32(st.Mode))) //nolint:unconvert // uint16 on darwin
		}
		flags := unix.O_RDONLY | unix.O_NOFOLLOW | unix.O_CLOEXEC | unix.O_NONBLOCK
		if folder {
			flags |= unix.O_DIRECTORY
		}
		next, err := unix.Openat(fd, p, flags, 0)
		unix.Close(fd)
		if err != nil {
			if errors.Is(err, unix.ELOOP) {
				return nil, fmt.Errorf("%s is a symbolic link: vmfleet does not read back through links; move it away", name)
			}
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		fd = next
	}
	return os.NewFile(uintptr(fd), name), nil
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
		f, err := walkOpen(fd, c.dir, parent, true)
		if err != nil {
			return nil, err
		}
		c.open, c.rel = f, parent
	}
	fd, err := unix.Dup(int(c.open.Fd()))
	if err != nil {
		return nil, err
	}
	return walkOpen(fd, filepath.Join(c.dir, filepath.FromSlash(parent)), base, false)
}

func (c *folders) close() {
	if c.open != nil {
		_ = c.open.Close()
		c.open = nil
	}
}

func modeType(m uint32) fs.FileMode {
	switch m & unix.S_IFMT {
	case unix.S_IFDIR:
		return fs.ModeDir
	case unix.S_IFIFO:
		return fs.ModeNamedPipe
	case unix.S_IFSOCK:
		return fs.ModeSocket
	case unix.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		return fs.ModeDevice
	}
	return fs.ModeIrregular
}
