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

	"vmfleet.dev/vmfleet/internal/inventory"
)

// File is one file to write; Path is slash-separated and relative.
type File struct {
	Path string
	Data []byte
	// Key, when set, names what Data is made from (see Key): with the
	// memo of the render before (Options.Memo), a file whose key did not
	// change and whose bytes on disk are still the ones that key gave is
	// known unchanged without making Data.
	Key Key
	// Make makes Data when it is nil: Data is only needed for a file that
	// is not known unchanged.
	Make func() ([]byte, error)
}

// Options tune Tree.
type Options struct {
	// Fleet names the fleet in the tree's inventory.
	Fleet string
	// Force allows writing into an existing non-empty folder that has no inventory.
	Force bool
	// Memo is the file that remembers, between renders of the folder, each
	// file's key and the SHA-256 of the bytes it gave; empty: no memo. It
	// is a cache: lost, stale or corrupt, the render makes every file.
	Memo string
	// Program identifies the program that turns keys into bytes (a memo of
	// another program is not used); empty: no memo.
	Program string
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
// renames would see a mix). Only the smallest folder holding every change
// is staged and swapped (see Session.Write): a one-VM edit swaps that VM's
// folder, not the tree. Where dir itself cannot move (the caller's working
// directory, a mount point) and the change spans the tree, the contents are
// swapped instead; see swapContents.
func Tree(dir string, files []File, opts Options) error {
	_, err := TreeStats(dir, files, opts)
	return err
}

// TreeStats is Tree, and what it did.
func TreeStats(dir string, files []File, opts Options) (Stats, error) {
	if err := CheckPaths(files); err != nil {
		return Stats{}, err // before Open makes the lock file
	}
	s, err := Open(dir, opts)
	if err != nil {
		return Stats{}, err
	}
	defer s.Close()
	return s.Write(files)
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

// CheckPaths refuses a set of files that cannot be written as a tree: a
// path that is not clean and relative, the inventory's name, a path twice.
func CheckPaths(files []File) error {
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		if err := checkRelative(f.Path); err != nil {
			return err
		}
		if isInventory(f.Path) {
			return fmt.Errorf("refusing to write %s: the name is vmfleet's inventory", f.Path)
		}
		if seen[f.Path] {
			return fmt.Errorf("two objects would be written to %s", f.Path)
		}
		seen[f.Path] = true
	}
	return nil
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
//
// sub, when not "", is the one folder of the tree the stage stands for:
// only its contents are walked and carried, at the stage's top.
func keepForeign(dir, sub, stage string, previous map[string]bool, ours map[string]*File, inPlace bool, tops []string) error {
	root := filepath.Join(dir, filepath.FromSlash(sub))
	if _, err := os.Lstat(root); err != nil {
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
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p) // where it goes in the stage
		full, _ := filepath.Rel(dir, p)
		slash := filepath.ToSlash(full) // its path in the tree
		if sub == "" && rel != "." && !strings.Contains(slash, "/") {
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
		if _, mine := ours[slash]; mine {
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
