package iocheck

import (
	"bytes"
	"errors"
	"io"
	"os"
	"syscall"
	"testing"
)

type short struct{}

func (short) Write(p []byte) (int, error) { return len(p) / 2, nil }

func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := New(&b, "stdout")
	if _, err := w.Write([]byte("ok")); err != nil || w.Err() != nil || b.String() != "ok" {
		t.Fatalf("a good write: %v %v %q", err, w.Err(), b.String())
	}
	if New(w, "x") != w {
		t.Error("wrapping twice made a second recorder")
	}
	s := New(short{}, "stdout")
	if _, err := s.Write([]byte("abcd")); !errors.Is(err, io.ErrShortWrite) || !errors.Is(s.Err(), io.ErrShortWrite) {
		t.Errorf("a short write: %v %v", err, s.Err())
	}
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer full.Close()
	f := New(full, "stdout")
	if _, err := f.Write([]byte("x")); !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("/dev/full: %v", err)
	}
	if _, err := f.Write([]byte("y")); err == nil || f.Err() == nil || f.Err().Error() != "write stdout: write /dev/full: no space left on device" {
		t.Errorf("after the error: %v, Err %v", err, f.Err())
	}
	r, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	p := New(pw, "stderr")
	_, _ = p.Write([]byte("x")) // the test binary ignores SIGPIPE on this fd (not 1 or 2)
	if !errors.Is(p.Err(), syscall.EPIPE) {
		t.Errorf("a closed pipe: %v", p.Err())
	}
	pw.Close()
}
