// Package cpuclock reads the CPU time (user + system) of this process, so
// benchmarks can report CPU per operation next to wall time: on a shared
// machine wall time also counts the time other processes held the CPUs.
package cpuclock

import "time"

// Now is the CPU time the process has used so far (0 where unsupported).
func Now() time.Duration { return now() }
