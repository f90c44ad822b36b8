package cli

import (
	"fmt"
	"io"
)

// MaxInput bounds what vmfleet reads: a fleet is a few kilobytes; a
// runaway input must end in an error, not in memory exhaustion. The
// decoder has its own, lower limit with a precise message; this one only
// stops reading.
const MaxInput = 64 << 20

func readLimited(r io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInput+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > MaxInput {
		return nil, fmt.Errorf("read %s: input is larger than %d MiB", name, MaxInput>>20)
	}
	return data, nil
}
