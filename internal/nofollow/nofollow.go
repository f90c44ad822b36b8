//go:build unix

// Package nofollow reads files below a folder without following a symbolic
// link at any component: the way vmfleet reads back the tree it wrote
// (internal/write) and the way the Argo CD plugin reads a fleet from a
// repository it does not own (internal/argoinput). It imports nothing of
// vmfleet's, so the light front program (cmd/vmfleet-cached) can use it.
package nofollow

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// ReadFileIn reads dir/rel (rel slash-separated) without following links:
// no component is followed through a symbolic link (each is opened with
// O_NOFOLLOW relative to the one before, so a link to /dev/zero or to
// another team's folder is an error, not an input), the file must be a
// regular file (a FIFO would block forever: it is opened O_NONBLOCK and
// refused), and at most limit bytes long. A missing file is
// fs.ErrNotExist.
func ReadFileIn(dir, rel string, limit int64) ([]byte, error) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	f, err := WalkOpen(fd, dir, rel, false)
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

func regularWithin(name string, st fs.FileInfo, limit int64) error {
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file (%v): vmfleet reads back only the files it wrote; move it away", name, st.Mode().Type())
	}
	if st.Size() > limit {
		return fmt.Errorf("%s is %d bytes, more than vmfleet ever writes there (%d); move it away", name, st.Size(), limit)
	}
	return nil
}

// WalkOpen opens rel below the folder open as fd (which it closes), one
// component at a time with O_NOFOLLOW, checking each type before the open
// so a FIFO or a device is never opened; the last one must be a regular
// file, or a folder when wantDir. dir names fd in errors (the folder
// itself is checked by the caller).
func WalkOpen(fd int, dir, rel string, wantDir bool) (*os.File, error) {
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
