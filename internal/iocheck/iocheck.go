// Package iocheck remembers the first failed write to stdout or stderr, so
// a command whose output did not reach its reader (a full disk, /dev/full,
// a closed pipe) fails instead of exiting 0 with a truncated stream that a
// later step would trust.
package iocheck

import (
	"fmt"
	"io"
)

// Writer passes writes through to W and records the first error, or a
// short write (io.ErrShortWrite). After an error it writes nothing more:
// the stream is already broken, and a later write could only interleave.
type Writer struct {
	W    io.Writer
	Name string // "stdout", "stderr": named in Err
	err  error
}

// New wraps w; name says which stream it is.
func New(w io.Writer, name string) *Writer {
	if c, ok := w.(*Writer); ok {
		return c
	}
	return &Writer{W: w, Name: name}
}

func (c *Writer) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if c.W == nil {
		return len(p), nil
	}
	n, err := c.W.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	if err != nil {
		c.err = fmt.Errorf("write %s: %w", c.Name, err)
	}
	return n, err
}

// Err is the first write error, or nil.
func (c *Writer) Err() error { return c.err }

// Failed reports whether stdout or stderr failed, and says on stderr why
// stdout did ("vmfleet: write stdout: …"): the end of every vmfleet
// command line (internal/cli) and of a hit served by the front program
// (cmd/vmfleet-cached), which must fail alike.
func Failed(stdout, stderr *Writer) bool {
	if err := stdout.Err(); err != nil {
		fmt.Fprintf(stderr, "vmfleet: %v\n", err)
		return true
	}
	return stderr.Err() != nil
}
