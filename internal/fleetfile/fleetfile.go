// Package fleetfile reads a fleet file's bytes, within the size the decoder
// accepts. It imports nothing of vmfleet's: the command line (internal/cli)
// and the light front program (cmd/vmfleet-cached) read a fleet with the
// same code, so both hash the same bytes for the build cache.
package fleetfile

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// MaxSize is the largest fleet accepted, in bytes (internal/decode refuses
// more; reading more would only cost memory).
const MaxSize = 8 << 20

// Read reads the fleet file at path, at most MaxSize bytes.
func Read(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read fleet: %w", err)
	}
	defer f.Close()
	var size int64
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, fmt.Errorf("read fleet: %s is a directory, not a fleet file", path)
	} else if err == nil && st.Mode().IsRegular() && st.Size() > MaxSize {
		return nil, fmt.Errorf("read %s: the file is %d bytes, over the limit of %d bytes (8 MiB) for a fleet", path, st.Size(), MaxSize)
	} else if err == nil && st.Mode().IsRegular() {
		size = st.Size()
	}
	return readLimited(f, path, MaxSize, size)
}

// ReadLimited reads r, failing once it holds more than limit bytes.
func ReadLimited(r io.Reader, name string, limit int) ([]byte, error) {
	return readLimited(r, name, limit, 0)
}

// readLimited reads r into a buffer made for size bytes (a file's size, or
// 0 when unknown): one allocation instead of a doubling series, which is
// most of what reading a fleet costs the front program on a cache hit.
func readLimited(r io.Reader, name string, limit int, size int64) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(int(size) + bytes.MinRead)
	if _, err := b.ReadFrom(io.LimitReader(r, int64(limit)+1)); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if b.Len() > limit {
		return nil, fmt.Errorf("read %s: input is larger than %d MiB, the limit for a fleet", name, limit>>20)
	}
	return b.Bytes(), nil
}
