// Package varbytes reads and writes the small binary records vmfleet keeps
// in its caches (the build cache's pack index, the render memo): unsigned
// varints and byte strings prefixed with their length.
package varbytes

import (
	"encoding/binary"
	"errors"
)

// ErrMalformed: a field runs past the end of the buffer or is not a varint.
var ErrMalformed = errors.New("malformed record")

// Reader reads fields from B in order. The first malformed field sets Err;
// every read after that returns zero values, so a caller checks Err once.
type Reader struct {
	B   []byte
	Err error
}

// Uvarint reads an unsigned varint.
func (r *Reader) Uvarint() uint64 {
	if r.Err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.B)
	if n <= 0 {
		r.Err = ErrMalformed
		return 0
	}
	r.B = r.B[n:]
	return v
}

// Bytes reads the next n bytes, without a copy.
func (r *Reader) Bytes(n uint64) []byte {
	if r.Err != nil || uint64(len(r.B)) < n {
		r.Err = ErrMalformed
		return nil
	}
	v := r.B[:n]
	r.B = r.B[n:]
	return v
}

// Text reads a length-prefixed byte string, without a copy.
func (r *Reader) Text() []byte { return r.Bytes(r.Uvarint()) }

// AppendText appends b to dst, prefixed with its length: what Text reads.
func AppendText(dst, b []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(b)))
	return append(dst, b...)
}
