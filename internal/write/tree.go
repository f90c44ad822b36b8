// Package write puts a rendered tree on disk, the pipeline's only stage
// that touches files: atomically (staged beside the folder, swapped in),
// durably (synced before the swap), incrementally (a file whose bytes do
// not change keeps its inode and mtime), keeping every file vmfleet did not
// write without reading it, and recording what it wrote in the tree's
// inventory. Renders of one folder are serialised by a lock beside it.
package write

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/internal/inventory"
)

// File is one file to write; Path is slash-separated and relative.
type File struct {
	Path string
	Data []byte
}

// Options tune Tree.
type Options struct {
	// Fleet names the fleet in the tree's inventory.
	Fleet string
	// Force allows writing into an existing non-empty folder that has no inventory.
	Force bool
}

// Stats says what a Tree call did to the files.
type Stats struct {
	Written, Unchanged, Removed int
}

// Tree writes files under dir so that dir ends up holding exactly the new
// tree, its inventory (inventory.File) and any files vmfleet did not write.
//
// Design (incremental and atomic): the new tree is staged beside dir and
// swapped in with one renameat2(RENAME_EXCHANGE), so a render killed at any
// moment leaves the old tree or the new one, never a mix. The stage is built
// from hard links: a generated file whose bytes do not change, and every
// file vmfleet did not write, is linked from the old tree (same inode, same
// mtime, owner, sparse blocks and other links; a 1 GiB user file costs one
// link(2) and is never read); only changed files are written. On this disk
// a link costs a fraction of creating and writing a file, and the swap keeps
// the guarantee a roll-forward journal would weaken (readers between two
// renames would see a mix). Where dir itself cannot move (the caller's
// working directory, a mount point) the contents are swapped instead; see
// swapContents.
func Tree(dir string, files []File, opts Options) error {
	_, err := TreeStats(dir, files, opts)
	return err
}

// TreeStats is Tree, and what it did.
func TreeStats(dir string, files []File, opts Options) (st Stats, err error) {
	// Work on the absolute, clean path: "." has no parent to stage beside,
	// and "link/" or "link/." would follow a link the checks must see.
	dir, err = filepath.Abs(dir)
	if err != nil {
		return st, fmt.Errorf("output folder: %w", err)
	}
	contents := make(map[string][]byte, len(files))
	var names []string
	for _, f := range files {
		if err := checkRelative(f.Path); err != nil {
			return st, err
		}
		if isInventory(f.Path) {
			return st, fmt.Errorf("refusing to write %s: the name is vmfleet's inventory", f.Path)
		}
		if _, dup := contents[f.Path]; dup {
			return st, fmt.Errorf("two objects would be written to %s", f.Path)
		}
		contents[f.Path] = f.Data
		names = append(names, f.Path)
	}
	sort.Strings(names)
	inv, err := emit.YAML(inventory.New(opts.Fleet, names))
	if err != nil {
		return st, err
	}

	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return st, fmt.Errorf("create %s: %w", parent, err)
	}
	if err := checkOutput(dir); err != nil {
		return st, err
	}
	// A tree it must refuse is refused before the lock file is made, so a
	// refused render leaves nothing behind; under the lock it is read again.
	if _, err := previousFiles(dir, opts.Force); err != nil {
		return st, err
	}
	release, err := lock(dir)
	if err != nil {
		return st, err
	}
	defer release()
	if err := removeStale(dir); err != nil {
		return st, err
	}
	previous, err := previousFiles(dir, opts.Force)
	if err != nil {
		return st, err
	}

	// Caught from before the stage exists until after it is removed (defers
	// run last-in first-out), so no signal leaves a stage or an old copy.
	signals := catchInterrupts()
	defer signals.stop()

	_, statErr := os.Lstat(dir)
	exists := statErr == nil
	inPlace := exists && mustStayPut(dir)
	var stage string
	if inPlace {
		stage, err = os.MkdirTemp(dir, stageIn)
	} else {
		stage, err = os.MkdirTemp(parent, stagePrefix(dir))
	}
	if err != nil {
		return st, fmt.Errorf("stage tree: %w", err)
	}
	defer func() {
		if rerr := removeTree(stage); rerr != nil && err == nil {
			err = fmt.Errorf("the tree in %s is written, but the staging folder %s could not be removed: %w", dir, stage, rerr)
		}
	}()

	old := &folders{dir: dir}
	defer old.close()
	for _, name := range names {
		if err := signals.check(); err != nil {
			return st, err
		}
		target := filepath.Join(stage, filepath.FromSlash(name))
		if exists && previous[name] && old.sameFile(name, contents[name]) {
			if err := linkFile(filepath.Join(dir, filepath.FromSlash(name)), target); err != nil {
				return st, err
			}
			st.Unchanged++
		} else {
			if err := writeFile(target, contents[name]); err != nil {
				return st, err
			}
			st.Written++
		}
		if err := hook(name); err != nil {
			return st, err
		}
	}
	for p := range previous {
		if _, still := contents[p]; !still {
			st.Removed++ // listed before; if still on disk, not carried over
		}
	}
	tops := topLevel(names, previous)
	if err := keepForeign(dir, stage, previous, contents, inPlace, tops); err != nil {
		return st, err
	}
	invPath := filepath.Join(stage, inventory.File)
	if exists && old.sameFile(inventory.File, inv) {
		err = linkFile(filepath.Join(dir, inventory.File), invPath)
	} else {
		err = writeFile(invPath, inv)
	}
	if err != nil {
		return st, err
	}
	if !inPlace {
		// MkdirTemp made the stage 0700; the tree keeps the old folder's mode.
		perm := fs.FileMode(0o755)
		if fi, err := os.Stat(dir); err == nil {
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
	if inPlace {
		return st, swapContents(dir, stage, opts.Fleet, tops, names, previous)
	}
	return st, swap(stage, dir)
}

// testHook, when set by a test, runs after each file is staged (with its
// path) and before the swap (with ""); an error aborts the write. Tests use
// it to fail or crash a render half-way.
var testHook func(path string) error

func hook(path string) error {
	if testHook == nil {
		return nil
	}
	return testHook(path)
}

func checkRelative(p string) error {
	clean := path.Clean(p)
	if p == "" || path.IsAbs(p) || clean != p || clean == ".." || strings.HasPrefix(clean, "../") {
		return fmt.Errorf("refusing to write %q: not a clean relative path", p)
	}
	return nil
}

// checkOutput refuses an output path that is a link or not a folder.
func checkOutput(dir string) error {
	st, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case st.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("refusing to write into %s: it is a symbolic link", dir)
	case !st.IsDir():
		return fmt.Errorf("refusing to write into %s: it is not a folder", dir)
	}
	return nil
}

// previousFiles reads the inventory of an existing tree, in either format
// (both when both are there: each lists files vmfleet wrote), without
// following links, regular files of bounded size only. A folder without one
// is only written into when it is empty or Force is set.
func previousFiles(dir string, force bool) (map[string]bool, error) {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return map[string]bool{}, nil
	}
	var listed []string
	found := false
	data, err := ReadFileIn(dir, inventory.File, MaxInventory)
	switch {
	case err == nil:
		found = true
		if listed, err = inventory.Parse(data); err != nil {
			return nil, fmt.Errorf("refusing to write into %s: %w", dir, err)
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("refusing to write into %s: %w", dir, err)
	}
	data, err = ReadFileIn(dir, inventory.LegacyFile, MaxInventory)
	switch {
	case err == nil:
		found = true
		legacy, err := inventory.ParseLegacy(data)
		if err != nil {
			return nil, fmt.Errorf("refusing to write into %s: %w", dir, err)
		}
		listed = append(listed, legacy...)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("refusing to write into %s: %w", dir, err)
	}
	if !found {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		if len(entries) > 0 && !force {
			return nil, fmt.Errorf("refusing to write into %s: the folder is not empty and was not written by vmfleet (no %s); use --force to write into it anyway", dir, inventory.File)
		}
	}
	prev := make(map[string]bool, len(listed))
	for _, f := range listed {
		prev[f] = true
	}
	return prev, nil
}

// isInventory: the inventory files, in both formats, are vmfleet's own.
func isInventory(p string) bool { return p == inventory.File || p == inventory.LegacyFile }

// topLevel lists the first path segments of the generated files, old and
// new (hub, base, overlays): what an in-place render swaps.
func topLevel(names []string, previous map[string]bool) []string {
	seen := map[string]bool{}
	var tops []string
	add := func(p string) {
		top, _, _ := strings.Cut(p, "/")
		if !seen[top] {
			seen[top] = true
			tops = append(tops, top)
		}
	}
	for _, n := range names {
		add(n)
	}
	for p := range previous {
		add(p)
	}
	sort.Strings(tops)
	return tops
}

// keepForeign carries into the stage every file, link and empty folder of
// the old tree that vmfleet did not write (a README, a CODEOWNERS), without
// following links and without reading files: a file is hard-linked, so it
// keeps its inode, owner, mode, mtime and blocks. Folders keep their modes.
// In place, only the top-level folders the render swaps are walked: the
// rest of dir stays where it is.
func keepForeign(dir, stage string, previous map[string]bool, contents map[string][]byte, inPlace bool, tops []string) error {
	if _, err := os.Lstat(dir); err != nil {
		return nil
	}
	type folder struct {
		path string
		perm fs.FileMode
	}
	var folders []folder
	swapped := map[string]bool{}
	for _, t := range tops {
		swapped[t] = true
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		slash := filepath.ToSlash(rel)
		if rel != "." && !strings.Contains(slash, "/") {
			if p == stage || isStageIn(d.Name()) && d.IsDir() {
				return fs.SkipDir
			}
			if inPlace && !swapped[slash] {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil // stays in dir, untouched
			}
		}
		if d.IsDir() {
			if rel == "." {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			folders = append(folders, folder{filepath.Join(stage, rel), info.Mode().Perm()})
			// vmfleet never writes an empty folder: someone made it.
			if entries, err := os.ReadDir(p); err == nil && len(entries) == 0 {
				return os.MkdirAll(filepath.Join(stage, rel), 0o755)
			}
			return nil
		}
		if isInventory(slash) || previous[slash] {
			return nil
		}
		if _, ours := contents[slash]; ours {
			return fmt.Errorf("refusing to overwrite %s: vmfleet did not write it; move it away or remove it", p)
		}
		target := filepath.Join(stage, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("refusing to replace the tree: %s is not a file, folder or link (%v), so it cannot be kept; move it away", p, d.Type())
		}
		return keepFile(p, target)
	})
	if err != nil {
		return err
	}
	// Deepest first, so a read-only folder is made so after its content.
	for i := len(folders) - 1; i >= 0; i-- {
		if err := os.Chmod(folders[i].path, folders[i].perm); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// keepFile carries a user's file into the stage: a hard link, so nothing is
// read or rewritten. Where the kernel refuses the link (fs.protected_hardlinks
// forbids linking another user's file one cannot write; a file with the
// maximum link count), the file is copied with its mode and times, which
// needs it readable; a file that can be neither linked nor read cannot be
// kept, and the render says so.
func keepFile(p, target string) error {
	lerr := os.Link(p, target)
	if lerr == nil {
		return nil
	}
	info, err := os.Lstat(p)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return fmt.Errorf("cannot keep %s: it can be neither linked (%w) nor read (%w); move it away or make it readable", p, lerr, err)
	}
	if err := writeFile(target, data); err != nil {
		return err
	}
	if err := os.Chmod(target, info.Mode().Perm()); err != nil {
		return err
	}
	return os.Chtimes(target, info.ModTime(), info.ModTime())
}

// linkFile links an unchanged generated file into the stage.
func linkFile(old, target string) error {
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	return os.Link(old, target)
}

func writeFile(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close() // synced with the whole stage, see syncTree
}

// Equal reports whether data is what path holds (for --check modes and tests).
func Equal(p string, data []byte) bool {
	old, err := os.ReadFile(p)
	return err == nil && bytes.Equal(old, data)
}
