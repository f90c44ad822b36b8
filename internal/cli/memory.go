package cli

import (
	"math"
	"runtime/debug"
)

// limitMemory sets a soft memory limit for a render of a fleet of n bytes,
// unless GOMEMLIMIT set one. A render holds the plan, the objects and their
// YAML at once (~230 bytes of live heap per byte of fleet at 3,500 x 20),
// and with the collector's default pacing the heap grows to twice that
// before a collection: 320 MiB of peak RSS for a 660 KB fleet. A limit of
// 300 bytes per fleet byte (at least 128 MiB) lets the collector run
// earlier instead, measured at ~215 MiB for +13% CPU. The limit is soft
// and follows the fleet's size, so a fleet whose live heap is larger still
// renders (the runtime bounds the collector's share of the CPU).
func limitMemory(n int) {
	if debug.SetMemoryLimit(-1) != math.MaxInt64 {
		return // GOMEMLIMIT chose
	}
	debug.SetMemoryLimit(max(128<<20, 300*int64(n)))
}
