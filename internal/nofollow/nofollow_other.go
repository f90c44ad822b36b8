//go:build !unix

package nofollow

import (
	"errors"
	"fmt"
)

// ReadFileIn needs openat(2) and O_NOFOLLOW: without them nothing is read.
func ReadFileIn(dir, rel string, _ int64) ([]byte, error) {
	return nil, fmt.Errorf("read %s in %s without following links: %w", rel, dir, errors.ErrUnsupported)
}
