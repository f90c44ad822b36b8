package buildcache

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// identityHead is how much of the binary Identity hashes: the Go build ID
// lies in its first page (the ELF note .note.go.buildid, the Mach-O
// __text's start; cmd/go's buildid reader looks in the first 32 KiB).
const identityHead = 32 << 10

// Identity names the vmfleet program in the file at path for the cache key:
// its resolved path, device, inode, size and modification time (ns), and
// the SHA-256 of its first 32 KiB, which hold the Go build ID (a hash of the
// binary's inputs and content, version stamp included). The full program
// gives its own executable (os.Executable), the front program
// (cmd/vmfleet-cached) the vmfleet it would exec: both compute the same
// key without the front knowing anything else about the full program.
//
// The version is not part of it, and need not be: a release is another
// binary, and a binary written anew (go build, an image layer, a package
// upgrade) has a new inode or modification time, and another build ID
// even where a build normalises modification times. The status change time
// is left out on purpose: a chmod or a new hard link changes no program.
func Identity(path string) (string, error) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", err
	}
	if real, err = filepath.Abs(real); err != nil {
		return "", err
	}
	f, err := os.Open(real)
	if err != nil {
		return "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	if !st.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a regular file", real)
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(f, identityHead)); err != nil {
		return "", err
	}
	dev, ino := fileID(st)
	return fmt.Sprintf("%s\x00%d\x00%d\x00%d\x00%d\x00%x", real, dev, ino, st.Size(), st.ModTime().UnixNano(), h.Sum(nil)), nil
}
