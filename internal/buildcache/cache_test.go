package buildcache

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func entries(n int) []Entry {
	var out []Entry
	for i := range n {
		out = append(out, Entry{Name: fmt.Sprintf("spoke-%02d", i), Data: []byte(strings.Repeat(fmt.Sprintf("kind: VirtualMachine\nname: vm-%d\n---\n", i), 50+i))})
	}
	return out
}

func put(t *testing.T, d *Dir, k Key, es []Entry) {
	t.Helper()
	var cs []Compressed
	for _, e := range es {
		c, err := Compress(e)
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	if err := d.Put(k, []byte("fleet.yaml:3: warning: x\n"), cs); err != nil {
		t.Fatal(err)
	}
}

func open(t *testing.T) *Dir {
	t.Helper()
	d, err := Open(filepath.Join(t.TempDir(), "cache"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRoundTrip(t *testing.T) {
	d := open(t)
	k := KeyOf("v1", "fleet.yaml", []byte("fleet"))
	es := entries(5)
	if _, _, ok := d.Get(k, es[0].Name); ok {
		t.Fatal("hit in an empty cache")
	}
	put(t, d, k, es)
	for _, e := range es {
		out, stderr, ok := d.Get(k, e.Name)
		if !ok || !bytes.Equal(out, e.Data) || string(stderr) != "fleet.yaml:3: warning: x\n" {
			t.Fatalf("%s: ok=%v, %d bytes, stderr %q", e.Name, ok, len(out), stderr)
		}
	}
	if _, _, ok := d.Get(k, "nowhere"); ok {
		t.Fatal("hit for a cluster the pack does not hold")
	}
}

// Any other program, file name or fleet byte is another key: nothing of the
// pack is found.
func TestKeyCoversEveryInput(t *testing.T) {
	d := open(t)
	k := KeyOf("v1", "fleet.yaml", []byte("fleet: a\n"))
	put(t, d, k, entries(2))
	for name, other := range map[string]Key{
		"other version":    KeyOf("v2", "fleet.yaml", []byte("fleet: a\n")),
		"other file name":  KeyOf("v1", "other.yaml", []byte("fleet: a\n")),
		"other fleet byte": KeyOf("v1", "fleet.yaml", []byte("fleet: b\n")),
		"one byte more":    KeyOf("v1", "fleet.yaml", []byte("fleet: a\n\n")),
		"shifted boundary": KeyOf("v1f", "leet.yaml", []byte("fleet: a\n")),
	} {
		if other == k {
			t.Fatalf("%s: same key", name)
		}
		if _, _, ok := d.Get(other, "spoke-00"); ok {
			t.Errorf("%s: served", name)
		}
	}
	// A pack under another key's name (copied, or a hash collision of the
	// file name only) is refused by the key it holds.
	other := KeyOf("v2", "fleet.yaml", []byte("fleet: a\n"))
	data, err := os.ReadFile(d.packPath(k))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(d.packPath(other), data, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := d.Get(other, "spoke-00"); ok {
		t.Error("a pack holding another key was served")
	}
}

// A pack cut anywhere is never served, and a failing pack is removed.
func TestTruncatedPack(t *testing.T) {
	d := open(t)
	k := KeyOf("v1", "fleet.yaml", []byte("fleet"))
	es := entries(3)
	put(t, d, k, es)
	whole, err := os.ReadFile(d.packPath(k))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 1, len(magic), len(magic) + 40, len(magic) + 90, len(whole) / 2, len(whole) - 1} {
		if err := os.WriteFile(d.packPath(k), whole[:n], 0o600); err != nil {
			t.Fatal(err)
		}
		last := es[len(es)-1].Name // its entry is at the end: every cut but the last reaches it
		if out, _, ok := d.Get(k, last); ok {
			t.Fatalf("pack cut at %d of %d bytes served %d bytes", n, len(whole), len(out))
		}
		if _, err := os.Stat(d.packPath(k)); !os.IsNotExist(err) {
			t.Fatalf("pack cut at %d: not removed (%v)", n, err)
		}
	}
}

// Every byte of a pack flipped, one at a time: a Get serves the original
// bytes or nothing.
func TestFlippedByte(t *testing.T) {
	d := open(t)
	k := KeyOf("v1", "fleet.yaml", []byte("fleet"))
	es := entries(3)
	put(t, d, k, es)
	whole, err := os.ReadFile(d.packPath(k))
	if err != nil {
		t.Fatal(err)
	}
	var served []int
	for i := range whole {
		bad := bytes.Clone(whole)
		bad[i] ^= 0x20
		if err := os.WriteFile(d.packPath(k), bad, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			out, _, ok := d.Get(k, e.Name)
			if ok && !bytes.Equal(out, e.Data) {
				t.Fatalf("byte %d flipped: %s served other bytes", i, e.Name)
			}
			if !ok {
				break // the pack is gone
			}
			if e.Name == es[len(es)-1].Name {
				served = append(served, i)
			}
		}
	}
	// A flip in the header or the index refuses every entry, a flip in an
	// entry refuses that entry. The only flips served (with the original
	// bytes, checked above and by the entry's SHA-256) are in bits deflate
	// never reads (a block's padding): here at most one byte per entry.
	t.Logf("served after a flip, with the original bytes: positions %v of %d", served, len(whole))
	if len(served) > len(es) {
		t.Errorf("%d positions of %d bytes changed nothing: more than the entries' padding", len(served), len(whole))
	}
}

// Writers racing on one key and readers beside them: each read serves the
// whole entry or misses; the last rename wins with identical content.
func TestConcurrentWriters(t *testing.T) {
	d := open(t)
	k := KeyOf("v1", "fleet.yaml", []byte("fleet"))
	es := entries(20)
	var wg sync.WaitGroup
	errs := make(chan string, 1000)
	for w := range 8 {
		wg.Go(func() {
			put(t, d, k, es)
			for r := range 20 {
				e := es[(w+r)%len(es)]
				if out, _, ok := d.Get(k, e.Name); ok && !bytes.Equal(out, e.Data) {
					errs <- e.Name
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for name := range errs {
		t.Errorf("%s: a concurrent read served other bytes", name)
	}
	for _, e := range es {
		if out, _, ok := d.Get(k, e.Name); !ok || !bytes.Equal(out, e.Data) {
			t.Fatalf("%s: not served after the writers", e.Name)
		}
	}
	left, _ := filepath.Glob(filepath.Join(d.path, "*.tmp"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestLockIsExclusive(t *testing.T) {
	d := open(t)
	k := KeyOf("v1", "fleet.yaml", []byte("fleet"))
	unlock, ok := d.Lock(k, 0)
	if !ok {
		t.Skip("no lock on this platform")
	}
	if _, ok := d.Lock(k, 0); ok {
		t.Fatal("a second lock of the same key was granted")
	}
	unlock()
	again, ok := d.Lock(k, 0)
	if !ok {
		t.Fatal("lock not granted after unlock")
	}
	again()
}

func TestBounded(t *testing.T) {
	d := open(t)
	var keys []Key
	for i := range MaxPacks + 3 {
		k := KeyOf("v1", "fleet.yaml", []byte{byte(i)})
		put(t, d, k, entries(1))
		keys = append(keys, k)
	}
	packs, _ := filepath.Glob(filepath.Join(d.path, "*.pack"))
	if len(packs) > MaxPacks {
		t.Errorf("%d packs, want at most %d", len(packs), MaxPacks)
	}
	if _, _, ok := d.Get(keys[len(keys)-1], "spoke-00"); !ok {
		t.Error("the newest pack was pruned")
	}
}

func TestOpenRefusesForeignFolders(t *testing.T) {
	open := filepath.Join(t.TempDir(), "open")
	if err := os.Mkdir(open, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o777); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(open); err == nil {
		t.Error("a folder others can write was accepted")
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(t.TempDir(), link); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(link); err == nil {
		t.Error("a symlink was accepted")
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(file); err == nil {
		t.Error("a file was accepted")
	}
}
