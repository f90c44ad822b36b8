// Command rusage runs a command and writes what it cost to a file: `rusage
// REPORT CMD [ARGS...]` runs CMD with this process's standard streams,
// environment and folder, then writes "<wall ns> <user ns> <system ns> <peak
// RSS KiB>" to REPORT and exits with CMD's exit code (1 if it could not
// start). The wall time is CMD's, from its start to its end: this program's
// own start is not in it.
//
// make compare measures each process through it, not by starting it from
// the test itself: Linux counts in a child's peak RSS the pages of the
// parent it shared between fork and exec (the exec records the shared
// memory's high-water mark), so every process started from a ~30 MiB test
// reports at least 30 MiB. Started from this small program, a small command
// reports its own size.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: rusage REPORT CMD [ARGS...]")
		os.Exit(2)
	}
	cmd := exec.Command(os.Args[2], os.Args[3:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		fmt.Fprintf(os.Stderr, "rusage: %v\n", err)
		os.Exit(1)
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if ru == nil {
		fmt.Fprintln(os.Stderr, "rusage: no resource usage for the command")
		os.Exit(1)
	}
	report := fmt.Sprintf("%d %d %d %d\n", wall.Nanoseconds(), ru.Utime.Nano(), ru.Stime.Nano(), ru.Maxrss)
	if err := os.WriteFile(os.Args[1], []byte(report), 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "rusage: %v\n", err)
		os.Exit(1)
	}
	os.Exit(cmd.ProcessState.ExitCode())
}
