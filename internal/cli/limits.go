package cli

import (
	"fmt"
	"io"
)

// readLimited reads r, failing once it holds more than limit bytes.
func readLimited(r io.Reader, name string, limit int) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > limit {
		return nil, fmt.Errorf("read %s: input is larger than %d MiB, the limit for a fleet", name, limit>>20)
	}
	return data, nil
}
