package varbytes

import (
	"errors"
	"testing"
)

// What AppendText writes, Text reads back; every truncation of a record is
// malformed, never a shorter field.
func TestRoundTripAndTruncation(t *testing.T) {
	var rec []byte
	rec = AppendText(rec, []byte("spoke-0001"))
	rec = AppendText(rec, nil)
	rec = AppendText(rec, []byte("x"))
	r := Reader{B: rec}
	if a, b, c := string(r.Text()), string(r.Text()), string(r.Text()); r.Err != nil || a != "spoke-0001" || b != "" || c != "x" || len(r.B) != 0 {
		t.Fatalf("read %q %q %q, err %v, %d bytes left", a, b, c, r.Err, len(r.B))
	}
	for n := 0; n < len(rec); n++ {
		r := Reader{B: rec[:n]}
		r.Text()
		r.Text()
		r.Text()
		if !errors.Is(r.Err, ErrMalformed) {
			t.Errorf("truncated to %d bytes: no error", n)
		}
	}
}
