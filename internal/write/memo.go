package write

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"vmfleet.dev/vmfleet/internal/varbytes"
)

// Key names what a file's bytes are made from: for one program (Options.
// Program), files with the same key have the same bytes. vmfleet's render
// uses the SHA-256 of the object's JSON, which its YAML is made from.
type Key [sha256.Size]byte

// The render memo: between two renders of one folder, which key gave which
// bytes (by SHA-256) at each path. It lets a re-render skip turning every
// unchanged object into YAML and comparing it with the old file: it hashes
// the old file and compares with the memo instead (Session.Known). The memo
// lives outside the tree (in vmfleet's cache folder), so the tree holds
// nothing but the render, and a one-VM edit changes one file of it.
//
// It can only make a render slower, never wrong: it is used only by the
// program that wrote it, checked by its own SHA-256, and a file counts as
// known only when its bytes on disk still hash to what the memo recorded.
const (
	memoMagic = "vmfleet-render-memo-1\n"
	maxMemo   = 64 << 20
	// MaxMemos bounds how many memos (output folders) the cache folder keeps.
	MaxMemos = 16
)

type memoEntry struct {
	key Key
	sum [sha256.Size]byte
}

// MemoFile names the memo of the render output folder out in the cache
// folder: one per absolute path.
func MemoFile(cacheDir, out string) string {
	abs, err := filepath.Abs(out)
	if err != nil {
		abs = out
	}
	sum := sha256.Sum256([]byte(filepath.Clean(abs)))
	return filepath.Join(cacheDir, "render-"+hex.EncodeToString(sum[:10])+".memo")
}

// loadMemo reads a memo written by program; anything else (missing, too
// large, corrupt, another program's) is an empty memo.
func loadMemo(file, program string) map[string]memoEntry {
	f, err := os.OpenFile(file, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() > maxMemo || st.Size() < int64(len(memoMagic)+sha256.Size) {
		return nil
	}
	data, err := io.ReadAll(io.LimitReader(f, maxMemo+1))
	if err != nil || len(data) > maxMemo || len(data) < len(memoMagic)+sha256.Size {
		return nil
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) || !bytes.HasPrefix(body, []byte(memoMagic)) {
		return nil
	}
	r := varbytes.Reader{B: body[len(memoMagic):]}
	if string(r.Text()) != program || r.Err != nil {
		return nil
	}
	n := r.Uvarint()
	if r.Err != nil || n > uint64(len(r.B)) {
		return nil
	}
	out := make(map[string]memoEntry, n)
	for range n {
		p := string(r.Text())
		var e memoEntry
		copy(e.key[:], r.Bytes(sha256.Size))
		copy(e.sum[:], r.Bytes(sha256.Size))
		if r.Err != nil {
			return nil
		}
		out[p] = e
	}
	if len(r.B) != 0 {
		return nil
	}
	return out
}

// saveMemo writes the memo whole or not at all (a temporary file renamed
// into place), then keeps the folder's newest MaxMemos memos.
func saveMemo(file, program string, entries map[string]memoEntry) error {
	paths := make([]string, 0, len(entries))
	for p := range entries {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	b := varbytes.AppendText([]byte(memoMagic), []byte(program))
	b = binary.AppendUvarint(b, uint64(len(paths)))
	for _, p := range paths {
		e := entries[p]
		b = varbytes.AppendText(b, []byte(p))
		b = append(b, e.key[:]...)
		b = append(b, e.sum[:]...)
	}
	sum := sha256.Sum256(b)
	b = append(b, sum[:]...)
	dir := filepath.Dir(file)
	tmp, err := os.CreateTemp(dir, filepath.Base(file)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename: no such file
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return err
	}
	pruneMemos(dir, filepath.Base(file))
	return nil
}

func pruneMemos(dir, keep string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type memo struct {
		name string
		mod  int64
	}
	var memos []memo
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "render-") || !strings.HasSuffix(e.Name(), ".memo") || e.Name() == keep {
			continue
		}
		if info, err := e.Info(); err == nil && info.Mode().IsRegular() {
			memos = append(memos, memo{e.Name(), info.ModTime().UnixNano()})
		}
	}
	sort.Slice(memos, func(i, j int) bool { return memos[i].mod > memos[j].mod })
	for i := MaxMemos - 1; i < len(memos); i++ {
		_ = os.Remove(filepath.Join(dir, memos[i].name))
	}
}

// sameSum reports whether c.dir/rel is a regular file of mode 0644 (as
// vmfleet writes them) whose bytes have the SHA-256 sum, read without
// following links and at most MaxReadBack bytes.
func (c *folders) sameSum(rel string, sum [sha256.Size]byte, buf []byte) bool {
	f, err := c.file(rel)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Mode().Perm() != 0o644 || st.Size() > MaxReadBack {
		return false
	}
	h := sha256.New()
	if n, err := io.CopyBuffer(h, io.LimitReader(f, MaxReadBack+1), buf); err != nil || n != st.Size() {
		return false
	}
	return bytes.Equal(h.Sum(nil), sum[:])
}

// sameDevice: the folder st and the folder at p are on one file system, so
// a rename between them is possible.
func sameDevice(st fs.FileInfo, p string) bool {
	var other unix.Stat_t
	if err := unix.Stat(p, &other); err != nil {
		return false
	}
	own, ok := st.Sys().(*syscall.Stat_t)
	return ok && uint64(own.Dev) == uint64(other.Dev) //nolint:unconvert // int32 on darwin
}
