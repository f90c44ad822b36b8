package cli

import (
	"fmt"
	"io"
)

// MaxInput bounds what vmfleet reads as a KRM function (a ResourceList
// holds a whole package): a runaway input must end in an error, not in
// memory exhaustion. A fleet file is read only up to decode.MaxSize.
const MaxInput = 64 << 20

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
