// Package write puts a rendered tree on disk, the pipeline's only stage
// that touches files: atomically (staged beside the folder, swapped in),
// durably (synced before the swap), keeping every file vmfleet did not
// write, and recording what it wrote in the tree's inventory.
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

// Tree writes files under dir so that dir ends up holding exactly the new
// tree, its inventory (inventory.File) and any files vmfleet did not write.
// The new tree is staged beside dir and swapped in, so a failure leaves the
// old tree as it was.
func Tree(dir string, files []File, opts Options) error {
	// Work on the absolute, clean path: "." has no parent to stage beside,
	// and "link/" or "link/." would follow a link the checks must see.
	dir, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	contents := make(map[string][]byte, len(files))
	var names []string
	for _, f := range files {
		if err := checkRelative(f.Path); err != nil {
			return err
		}
		if isInventory(f.Path) {
			return fmt.Errorf("refusing to write %s: the name is vmfleet's inventory", f.Path)
		}
		if _, dup := contents[f.Path]; dup {
			return fmt.Errorf("two objects would be written to %s", f.Path)
		}
		contents[f.Path] = f.Data
		names = append(names, f.Path)
	}
	sort.Strings(names)
	inv, err := emit.YAML(inventory.New(opts.Fleet, names))
	if err != nil {
		return err
	}

	previous, err := previousFiles(dir, opts.Force)
	if err != nil {
		return err
	}

	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", parent, err)
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".vmfleet-")
	if err != nil {
		return fmt.Errorf("stage tree: %w", err)
	}
	defer os.RemoveAll(stage)

	for _, name := range names {
		if err := writeFile(filepath.Join(stage, filepath.FromSlash(name)), contents[name]); err != nil {
			return err
		}
		if err := hook(name); err != nil {
			return err
		}
	}
	if err := keepForeign(dir, stage, previous, contents); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(stage, inventory.File), inv); err != nil {
		return err
	}
	// MkdirTemp made the stage 0700; the tree keeps the old folder's mode.
	perm := fs.FileMode(0o755)
	if st, err := os.Stat(dir); err == nil {
		perm = st.Mode().Perm()
	}
	if err := os.Chmod(stage, perm); err != nil {
		return fmt.Errorf("stage tree: %w", err)
	}
	// The staged tree reaches the disk before it replaces the old one.
	if err := syncTree(stage); err != nil {
		return fmt.Errorf("stage tree: %w", err)
	}
	if err := hook(""); err != nil {
		return err
	}
	return swap(stage, dir)
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

// previousFiles reads the inventory of an existing tree, in either format
// (both when both are there: each lists files vmfleet wrote). A folder
// without one is only written into when it is empty or Force is set.
func previousFiles(dir string, force bool) (map[string]bool, error) {
	st, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, err
	}
	if st.Mode()&fs.ModeSymlink != 0 {
		return nil, fmt.Errorf("refusing to write into %s: it is a symbolic link", dir)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("refusing to write into %s: it is not a folder", dir)
	}
	var listed []string
	found := false
	data, err := os.ReadFile(filepath.Join(dir, inventory.File))
	switch {
	case err == nil:
		found = true
		if listed, err = inventory.Parse(data); err != nil {
			return nil, fmt.Errorf("refusing to write into %s: %w", dir, err)
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	data, err = os.ReadFile(filepath.Join(dir, inventory.LegacyFile))
	switch {
	case err == nil:
		found = true
		listed = append(listed, inventory.ParseLegacy(data)...)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
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

// keepForeign copies into the stage every file, link and empty folder of the
// old tree that vmfleet did not write (a README, a CODEOWNERS), with its
// mode, without following links. Folders keep their modes too.
func keepForeign(dir, stage string, previous map[string]bool, contents map[string][]byte) error {
	if _, err := os.Lstat(dir); err != nil {
		return nil
	}
	type folder struct {
		path string
		perm fs.FileMode
	}
	var folders []folder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		slash := filepath.ToSlash(rel)
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
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := writeFile(target, data); err != nil {
			return err
		}
		return os.Chmod(target, info.Mode().Perm())
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
