package write

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sys/unix"

	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/internal/inventory"
	"vmfleet.dev/vmfleet/internal/nofollow"
)

// Session is one render's hold on its output folder: from Open to Close it
// holds the folder's lock, so what it reads of the old tree (Known, and
// whatever the caller reads in between) is still the tree Write replaces.
type Session struct {
	dir      string // absolute and clean
	opts     Options
	exists   bool
	previous map[string]bool
	release  func()
	memo     map[string]memoEntry
	known    map[string][sha256.Size]byte // path -> SHA-256 of its bytes, verified on disk
}

// Open checks dir and takes its lock. A tree it must refuse is refused
// before the lock file is made, so a refused render leaves nothing behind;
// under the lock it is read again.
func Open(dir string, opts Options) (*Session, error) {
	// Work on the absolute, clean path: "." has no parent to stage beside,
	// and "link/" or "link/." would follow a link the checks must see.
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", parent, err)
	}
	if err := checkOutput(dir); err != nil {
		return nil, err
	}
	if _, err := previousFiles(dir, opts.Force); err != nil {
		return nil, err
	}
	release, err := lock(dir)
	if err != nil {
		return nil, err
	}
	s := &Session{dir: dir, opts: opts, release: release}
	if err := removeStale(dir); err != nil {
		s.Close()
		return nil, err
	}
	if s.previous, err = previousFiles(dir, opts.Force); err != nil {
		s.Close()
		return nil, err
	}
	_, statErr := os.Lstat(dir)
	s.exists = statErr == nil
	if s.exists && opts.Memo != "" && opts.Program != "" {
		s.memo = loadMemo(opts.Memo, opts.Program)
	}
	return s, nil
}

// Close releases the lock.
func (s *Session) Close() {
	if s.release != nil {
		s.release()
		s.release = nil
	}
}

// Known reports which of files the tree already holds byte for byte by the
// memo alone: the file's key is the one the memo has for its path, and the
// file on disk (a regular file vmfleet listed in its inventory, read
// without following links) has the SHA-256 the memo recorded for that key.
// Each such file is read and hashed (~10 ms for a 3,500-cluster tree's
// 33 MiB), never trusted by its size or times: a file edited by hand is
// not known, and is rewritten.
func (s *Session) Known(files []File) map[string]bool {
	out := map[string]bool{}
	if s.known == nil {
		s.known = map[string][sha256.Size]byte{}
	}
	if len(s.memo) == 0 {
		return out
	}
	type want struct {
		path string
		sum  [sha256.Size]byte
	}
	var todo []want
	var zero Key
	for _, f := range files {
		if e, ok := s.memo[f.Path]; ok && f.Key != zero && e.key == f.Key && s.previous[f.Path] {
			todo = append(todo, want{f.Path, e.sum})
		}
	}
	sort.Slice(todo, func(i, j int) bool { return todo[i].path < todo[j].path })
	ok := s.inParallel(len(todo), func(c *folders, buf []byte, i int) bool { return c.sameSum(todo[i].path, todo[i].sum, buf) })
	for i, w := range todo {
		if ok[i] {
			out[w.path] = true
			s.known[w.path] = w.sum
		}
	}
	return out
}

// Same reports which of files (those with Data) the tree already holds
// byte for byte, reading the old files without following links, and
// which Known found: all the files Write will leave as they are. Without
// a memo (the first render by this vmfleet binary) it still spares the
// caller work for the unchanged files, and Write a second read.
func (s *Session) Same(files []File) map[string]bool {
	if s.known == nil {
		s.known = map[string][sha256.Size]byte{}
	}
	out := map[string]bool{}
	var todo []*File
	for i := range files {
		f := &files[i]
		if _, ok := s.known[f.Path]; ok {
			out[f.Path] = true
		} else if f.Data != nil && s.exists && s.previous[f.Path] {
			todo = append(todo, f)
		}
	}
	sort.Slice(todo, func(i, j int) bool { return todo[i].Path < todo[j].Path })
	ok := s.inParallel(len(todo), func(c *folders, _ []byte, i int) bool { return c.sameFile(todo[i].Path, todo[i].Data) })
	for i, f := range todo {
		if ok[i] {
			out[f.Path] = true
			s.known[f.Path] = sha256.Sum256(f.Data)
		}
	}
	return out
}

// inParallel runs check for 0..n-1 on a few CPUs, each worker on a
// contiguous range (sorted paths share their folder's descriptor).
func (s *Session) inParallel(n int, check func(c *folders, buf []byte, i int) bool) []bool {
	ok := make([]bool, n)
	workers := min(runtime.GOMAXPROCS(0), 4)
	chunk := (n + workers - 1) / max(workers, 1)
	var wg sync.WaitGroup
	for w := 0; w*chunk < n; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, n)
		wg.Go(func() {
			c := &folders{dir: s.dir}
			defer c.close()
			buf := make([]byte, 64<<10)
			for i := lo; i < hi; i++ {
				ok[i] = check(c, buf, i)
			}
		})
	}
	wg.Wait()
	return ok
}

// Write puts files in place of the old tree (see Tree). Files whose Data is
// nil are made with Make unless Known found them unchanged.
func (s *Session) Write(files []File) (st Stats, err error) {
	dir, opts := s.dir, s.opts
	contents := make(map[string][]byte, len(files))
	byPath := make(map[string]*File, len(files))
	var names []string
	if err := CheckPaths(files); err != nil {
		return st, err
	}
	if s.known == nil {
		s.Known(files) // the caller did not ask: Write does
	}
	for i := range files {
		f := &files[i]
		byPath[f.Path] = f
		names = append(names, f.Path)
	}
	sort.Strings(names)
	inv, err := emit.YAML(inventory.New(opts.Fleet, names))
	if err != nil {
		return st, err
	}

	// Which files change: a known file is unchanged without its bytes; any
	// other is compared with the old tree's, read without following links.
	old := &folders{dir: dir}
	defer old.close()
	changed := map[string]bool{}
	for _, name := range names {
		f := byPath[name]
		if _, ok := s.known[name]; ok && s.previous[name] {
			st.Unchanged++
			continue
		}
		data := f.Data
		if data == nil && f.Make != nil {
			if data, err = f.Make(); err != nil {
				return st, err
			}
		}
		if data == nil {
			return st, fmt.Errorf("no bytes for %s: it is not known unchanged and has neither Data nor Make", name)
		}
		contents[name] = data
		if s.exists && s.previous[name] && old.sameFile(name, data) {
			st.Unchanged++
		} else {
			changed[name] = true
			st.Written++
		}
	}
	var removed []string
	for p := range s.previous {
		if _, still := byPath[p]; !still {
			st.Removed++ // listed before; if still on disk, not carried over
			removed = append(removed, p)
		}
	}
	_, legacyErr := os.Lstat(filepath.Join(dir, inventory.LegacyFile))
	invChanged := !s.exists || !old.sameFile(inventory.File, inv) || legacyErr == nil

	// Caught from before the stage exists until after it is removed (defers
	// run last-in first-out), so no signal leaves a stage or an old copy.
	signals := catchInterrupts()
	defer signals.stop()

	if s.exists && !invChanged && len(changed) == 0 && len(removed) == 0 {
		s.saveMemo(names, byPath, contents)
		return st, nil // the tree is the new one already: nothing to swap
	}
	stayPut := s.exists && mustStayPut(dir)
	stageParent, pattern := filepath.Dir(dir), stagePrefix(dir)
	if stayPut {
		stageParent, pattern = dir, stageIn
	}
	sub := ""
	if s.exists && !invChanged {
		sub = s.changedFolder(changed, removed, stageParent)
	}
	inPlace := stayPut && sub == ""
	stage, err := os.MkdirTemp(stageParent, pattern)
	if err != nil {
		return st, fmt.Errorf("stage tree: %w", err)
	}
	defer func() {
		if rerr := removeTree(stage); rerr != nil && err == nil {
			err = fmt.Errorf("the tree in %s is written, but the staging folder %s could not be removed: %w", dir, stage, rerr)
		}
	}()

	// The stage holds the folder sub of the new tree ("" the whole tree).
	prefix := ""
	if sub != "" {
		prefix = sub + "/"
	}
	for _, name := range names {
		if !strings.HasPrefix(name, prefix) {
			continue // outside the swapped folder: known or compared unchanged
		}
		if err := signals.check(); err != nil {
			return st, err
		}
		target := filepath.Join(stage, filepath.FromSlash(strings.TrimPrefix(name, prefix)))
		if changed[name] {
			err = writeFile(target, contents[name])
		} else {
			err = linkFile(filepath.Join(dir, filepath.FromSlash(name)), target)
		}
		if err != nil {
			return st, err
		}
		if err := hook(name); err != nil {
			return st, err
		}
	}
	tops := topLevel(names, s.previous)
	if err := keepForeign(dir, sub, stage, s.previous, byPath, inPlace, tops); err != nil {
		return st, err
	}
	if sub == "" {
		invPath := filepath.Join(stage, inventory.File)
		if !invChanged {
			err = linkFile(filepath.Join(dir, inventory.File), invPath)
		} else {
			err = writeFile(invPath, inv)
		}
		if err != nil {
			return st, err
		}
	}
	live := filepath.Join(dir, filepath.FromSlash(sub))
	if !inPlace {
		// MkdirTemp made the stage 0700; the folder keeps the old one's mode.
		perm := fs.FileMode(0o755)
		if fi, err := os.Stat(live); err == nil {
			perm = fi.Mode().Perm()
		}
		if err := os.Chmod(stage, perm); err != nil {
			return st, fmt.Errorf("stage tree: %w", err)
		}
	}
	// The staged tree reaches the disk before it replaces the old one.
	if err := syncTree(stage); err != nil {
		return st, fmt.Errorf("stage tree: %w", err)
	}
	if err := hook(""); err != nil {
		return st, err
	}
	if err := signals.check(); err != nil {
		return st, err
	}
	switch {
	case inPlace:
		err = swapContents(dir, stage, opts.Fleet, tops, names, s.previous)
	case sub != "":
		if err = exchange(stage, live); err != nil {
			err = fmt.Errorf("swap %s into place: %w", live, err)
		}
	default:
		err = swap(stage, dir)
	}
	if err != nil {
		return st, err
	}
	s.saveMemo(names, byPath, contents)
	return st, nil
}

// changedFolder is the smallest folder of the tree holding every changed
// and removed file, when swapping it alone is the same as swapping the
// tree: the inventory does not change (no file comes or goes: callers
// check), and the folder is a plain folder of the old tree, neither a
// mount point nor anyone's working directory, on the stage's file system.
// "" means the whole tree.
func (s *Session) changedFolder(changed map[string]bool, removed []string, stageParent string) string {
	if len(removed) > 0 {
		return "" // a file leaves: the inventory changes too
	}
	sub, first := "", true
	for p := range changed {
		d := path.Dir(p)
		if first {
			sub, first = d, false
			continue
		}
		for sub != "." && d != sub && !strings.HasPrefix(d, sub+"/") {
			sub = path.Dir(sub)
		}
	}
	if first || sub == "." {
		return ""
	}
	live := filepath.Join(s.dir, filepath.FromSlash(sub))
	st, err := os.Lstat(live)
	if err != nil || !st.IsDir() || mustStayPut(live) {
		return ""
	}
	// Every folder on the way must be a real folder: a link would make the
	// exchange act outside the tree.
	fd, err := unix.Open(s.dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return ""
	}
	f, err := nofollow.WalkOpen(fd, s.dir, sub, true)
	if err != nil {
		return ""
	}
	fst, err := f.Stat()
	f.Close()
	if err != nil || !fst.IsDir() || !os.SameFile(fst, st) || !sameDevice(st, stageParent) {
		return ""
	}
	// Exchanging folders of two parents rewrites each one's "..": the
	// folder and its parent must be writable (a folder a user made
	// read-only is kept by swapping the tree, which stages it afresh).
	if unix.Access(live, unix.W_OK) != nil || unix.Access(filepath.Dir(live), unix.W_OK) != nil {
		return ""
	}
	return sub
}

// saveMemo records each keyed file's key and the SHA-256 of its bytes, for
// the next render's Known. A memo that cannot be written only makes the
// next render slower.
func (s *Session) saveMemo(names []string, files map[string]*File, contents map[string][]byte) {
	if s.opts.Memo == "" || s.opts.Program == "" {
		return
	}
	var zero Key
	entries := make(map[string]memoEntry, len(names))
	for _, name := range names {
		k := files[name].Key
		if k == zero {
			continue
		}
		if sum, ok := s.known[name]; ok {
			entries[name] = memoEntry{key: k, sum: sum}
		} else if data, ok := contents[name]; ok {
			entries[name] = memoEntry{key: k, sum: sha256.Sum256(data)}
		}
	}
	if err := saveMemo(s.opts.Memo, s.opts.Program, entries); err != nil && !errors.Is(err, fs.ErrNotExist) {
		_ = os.Remove(s.opts.Memo) // a memo that may be half-written is not left to be read
	}
}
