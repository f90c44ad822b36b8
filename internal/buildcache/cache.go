// Package buildcache keeps the output of `vmfleet build --cluster` for every
// cluster of a fleet, so that the Argo CD plugin, which runs once per
// Application and commit, pays for one fleet's validation and generation
// per commit instead of once per cluster.
//
// A cache is a folder of packs, one per key. The key is a SHA-256 of
// vmfleet's identity (its binary file: see Identity), the fleet's file name
// and the fleet's bytes, so a pack can only be found for exactly the input and the
// program that made it. A pack holds each cluster's stdout and the
// findings printed on stderr (warnings; a pack is only ever written for a
// valid fleet), each entry compressed and checked by the SHA-256 of its
// bytes, the index checked by its own: a truncated, corrupt or foreign pack
// is a miss (and removed), never output. Packs are written to a temporary
// file and renamed into place, so readers see a whole pack or none; a lock
// per key lets one process build while the others wait for its pack.
// The folder is bounded: after each write the oldest packs go beyond
// MaxPacks or MaxBytes.
package buildcache

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"vmfleet.dev/vmfleet/internal/varbytes"
)

// Key names one pack: see KeyOf.
type Key [sha256.Size]byte

// KeyOf is the SHA-256 of the program's identity (Identity), the fleet's
// file name (it appears in findings) and the fleet's bytes, each
// length-prefixed so no two inputs share an encoding. The domain string
// changes with the key's meaning (2: identity is the binary file's alone),
// so a pack of an older scheme is never read.
func KeyOf(identity, file string, fleet []byte) Key {
	h := sha256.New()
	for _, part := range [][]byte{[]byte("vmfleet build cache 2"), []byte(identity), []byte(file), fleet} {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(part)))
		h.Write(n[:])
		h.Write(part)
	}
	var k Key
	h.Sum(k[:0])
	return k
}

func (k Key) String() string { return hex.EncodeToString(k[:]) }

// Bounds of a cache folder, checked after each write.
const (
	MaxPacks = 8
	MaxBytes = 512 << 20
	// maxIndex bounds what a reader allocates for an index before checking
	// it: a pack's index is ~80 bytes per cluster plus the warnings.
	maxIndex = 64 << 20
	// staleTemp is the age after which a temporary file is a leftover of a
	// killed writer.
	staleTemp = time.Hour
)

const magic = "vmfleet-pack-01\n"

// Dir is a cache folder.
type Dir struct{ path string }

// Open returns the cache in dir, creating it (mode 0700). A folder that is
// not a plain directory owned by this user and closed to others is
// refused: another user could plant packs there.
func Open(dir string) (*Dir, error) {
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return nil, fmt.Errorf("build cache: %w", err)
	}
	st, err := os.Lstat(dir)
	if err != nil {
		return nil, fmt.Errorf("build cache: %w", err)
	}
	if !st.IsDir() || st.Mode().Perm()&0o077 != 0 || !ownedByMe(st) {
		return nil, fmt.Errorf("build cache: %s is not a folder of this user closed to others (mode %v)", dir, st.Mode())
	}
	return &Dir{path: dir}, nil
}

// Path is the cache's folder.
func (d *Dir) Path() string { return d.path }

func (d *Dir) packPath(k Key) string { return filepath.Join(d.path, k.String()+".pack") }

// Entry is one cluster's output.
type Entry struct {
	Name string
	Data []byte
}

// Get returns the cluster's output and the stderr text stored with it. ok
// is false when there is no pack for the key, the pack does not hold the
// cluster, or any check fails (a failing pack is removed).
func (d *Dir) Get(k Key, cluster string) (stdout, stderr []byte, ok bool) {
	f, err := os.Open(d.packPath(k))
	if err != nil {
		return nil, nil, false
	}
	defer f.Close()
	stdout, stderr, found, err := read(f, k, cluster)
	if err != nil {
		_ = os.Remove(d.packPath(k)) // corrupt: rebuilt by the next miss
		return nil, nil, false
	}
	if found {
		now := time.Now()
		_ = os.Chtimes(d.packPath(k), now, now) // recently used: pruned last
	}
	return stdout, stderr, found
}

var errCorrupt = errors.New("build cache: corrupt pack")

// A pack: magic, key, index length (uint64 LE), SHA-256 of the index, the
// index, then the compressed entries. The index: the stderr text, then per
// entry (sorted by name) its name, offset and length in the data, and the
// SHA-256 of its uncompressed bytes; numbers are uvarints, texts
// length-prefixed.
func read(f *os.File, k Key, cluster string) (stdout, stderr []byte, found bool, err error) {
	head := make([]byte, len(magic)+len(k)+8+sha256.Size)
	if _, err := io.ReadFull(f, head); err != nil {
		return nil, nil, false, errCorrupt
	}
	if string(head[:len(magic)]) != magic || !bytes.Equal(head[len(magic):len(magic)+len(k)], k[:]) {
		return nil, nil, false, errCorrupt
	}
	rest := head[len(magic)+len(k):]
	n := binary.LittleEndian.Uint64(rest[:8])
	if n > maxIndex {
		return nil, nil, false, errCorrupt
	}
	index := make([]byte, n)
	if _, err := io.ReadFull(f, index); err != nil {
		return nil, nil, false, errCorrupt
	}
	if sum := sha256.Sum256(index); !bytes.Equal(sum[:], rest[8:]) {
		return nil, nil, false, errCorrupt
	}
	dataStart := int64(len(head)) + int64(n)
	r := varbytes.Reader{B: index}
	stderr = r.Text()
	count := r.Uvarint()
	for i := uint64(0); i < count && r.Err == nil; i++ {
		name, off, size, sum := r.Text(), r.Uvarint(), r.Uvarint(), r.Bytes(sha256.Size)
		if r.Err != nil || string(name) != cluster { // compared without a copy
			continue
		}
		if size > maxIndex*4 {
			return nil, nil, false, errCorrupt
		}
		comp := make([]byte, size)
		if _, err := f.ReadAt(comp, dataStart+int64(off)); err != nil {
			return nil, nil, false, errCorrupt
		}
		out, err := io.ReadAll(flate.NewReader(bytes.NewReader(comp)))
		if err != nil {
			return nil, nil, false, errCorrupt
		}
		if got := sha256.Sum256(out); !bytes.Equal(got[:], sum) {
			return nil, nil, false, errCorrupt
		}
		return out, append([]byte(nil), stderr...), true, nil
	}
	if r.Err != nil {
		return nil, nil, false, errCorrupt
	}
	return nil, nil, false, nil
}

// Compressed is an entry made ready for a pack by Compress; making them is
// the part worth spreading over CPUs.
type Compressed struct {
	name string
	sum  [sha256.Size]byte
	data []byte
}

// Compress prepares one entry.
func Compress(e Entry) (Compressed, error) {
	var b bytes.Buffer
	w, _ := writers.Get().(*flate.Writer)
	if w == nil {
		var err error
		if w, err = flate.NewWriter(&b, flate.BestSpeed); err != nil {
			return Compressed{}, err
		}
	} else {
		w.Reset(&b)
	}
	defer writers.Put(w)
	if _, err := w.Write(e.Data); err != nil {
		return Compressed{}, err
	}
	if err := w.Close(); err != nil {
		return Compressed{}, err
	}
	return Compressed{name: e.Name, sum: sha256.Sum256(e.Data), data: b.Bytes()}, nil
}

// writers reuses compressors: each holds ~1 MiB of tables.
var writers sync.Pool

// Put writes the pack for k: the stderr text and the entries. The pack
// appears whole or not at all; then the folder is pruned to its bounds.
func (d *Dir) Put(k Key, stderr []byte, entries []Compressed) error {
	entries = append([]Compressed(nil), entries...)
	sort.Slice(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	var index []byte
	index = varbytes.AppendText(index, stderr)
	index = binary.AppendUvarint(index, uint64(len(entries)))
	var off uint64
	for _, e := range entries {
		index = varbytes.AppendText(index, []byte(e.name))
		index = binary.AppendUvarint(index, off)
		index = binary.AppendUvarint(index, uint64(len(e.data)))
		index = append(index, e.sum[:]...)
		off += uint64(len(e.data))
	}
	tmp, err := os.CreateTemp(d.path, k.String()+".*.tmp")
	if err != nil {
		return fmt.Errorf("build cache: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename: no such file
	var head bytes.Buffer
	head.WriteString(magic)
	head.Write(k[:])
	_ = binary.Write(&head, binary.LittleEndian, uint64(len(index)))
	sum := sha256.Sum256(index)
	head.Write(sum[:])
	head.Write(index)
	bufs := [][]byte{head.Bytes()}
	for _, e := range entries {
		bufs = append(bufs, e.data)
	}
	for _, b := range bufs {
		if _, err := tmp.Write(b); err != nil {
			tmp.Close()
			return fmt.Errorf("build cache: %w", err)
		}
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("build cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), d.packPath(k)); err != nil {
		return fmt.Errorf("build cache: %w", err)
	}
	d.prune(k)
	return nil
}

// prune keeps the newest packs within MaxPacks and MaxBytes (the one just
// written always stays) and removes temporary files a killed writer left
// and lock files of an hour ago.
func (d *Dir) prune(keep Key) {
	list, err := os.ReadDir(d.path)
	if err != nil {
		return
	}
	type pack struct {
		name string
		size int64
		mod  time.Time
	}
	var packs []pack
	for _, e := range list {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		switch {
		case (strings.HasSuffix(e.Name(), ".tmp") || strings.HasSuffix(e.Name(), ".lock")) && time.Since(info.ModTime()) > staleTemp:
			_ = os.Remove(filepath.Join(d.path, e.Name()))
		case strings.HasSuffix(e.Name(), ".pack"):
			packs = append(packs, pack{e.Name(), info.Size(), info.ModTime()})
		}
	}
	sort.Slice(packs, func(i, j int) bool { return packs[i].mod.After(packs[j].mod) })
	var total int64
	kept := 0
	for _, p := range packs {
		if p.name == keep.String()+".pack" || (kept < MaxPacks && total+p.size <= MaxBytes) {
			total += p.size
			kept++
			continue
		}
		_ = os.Remove(filepath.Join(d.path, p.name))
	}
}
