// Package program is the whole vmfleet process, the body of cmd/vmfleet's
// main: it chooses the mode. With no arguments and data on stdin vmfleet is
// a KRM function (package fn: kustomize and kpt run it so); otherwise it is
// the command line (package cli). Neither mode imports the other.
package program

import (
	"os"
	"os/signal"
	"syscall"

	"vmfleet.dev/vmfleet/fn"
	"vmfleet.dev/vmfleet/internal/cli"
)

// Main runs vmfleet with the process's arguments (without the program
// name) and returns the exit code.
func Main(io cli.IO, args []string) int {
	// A closed pipe on stdout or stderr must be an error vmfleet reports
	// (exit 4), not a silent death by SIGPIPE that a caller may not check:
	// with SIGPIPE ignored, the write returns EPIPE (os/signal, SIGPIPE).
	signal.Ignore(syscall.SIGPIPE)
	if len(args) == 0 && stdinIsData(io) {
		return fn.Run(io.Stdin, io.Stdout, io.Stderr)
	}
	return cli.Run(io, args)
}

// stdinIsData: a pipe or a file on stdin, not a terminal (an interactive
// `vmfleet` gets the usage, not a wait for a ResourceList).
func stdinIsData(io cli.IO) bool {
	f, ok := io.Stdin.(*os.File)
	if !ok {
		return io.Stdin != nil
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice == 0
}
