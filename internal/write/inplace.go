package write

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/internal/inventory"
)

// mustStayPut: dir's own inode must survive the render. Swapping the whole
// folder would leave a shell whose working directory is dir (render -o .)
// in a deleted folder, and a mount point cannot be renamed at all (EBUSY).
func mustStayPut(dir string) bool {
	if isMountPoint(dir) {
		return true
	}
	wd, err := os.Getwd()
	if err != nil {
		return false
	}
	wd, err1 := filepath.EvalSymlinks(wd)
	real, err2 := filepath.EvalSymlinks(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(real, wd)
	return err == nil && rel != ".." && !filepath.IsAbs(rel) && (rel == "." || !startsDotDot(rel))
}

func startsDotDot(rel string) bool {
	return len(rel) >= 3 && rel[:3] == ".."+string(filepath.Separator)
}

// swapContents puts a stage built inside dir in place of dir's generated
// top-level folders (hub, base, overlays), each with one RENAME_EXCHANGE,
// then the inventory. Folders and files at dir's top level that vmfleet
// never generated stay where they are, untouched.
//
// It is one rename per folder, not one for the tree: a render killed
// between two leaves some folders new and some old. It stays recoverable:
// before the first exchange the inventory is replaced (atomically, durably)
// by one listing the old and the new files, so whatever mix a kill leaves,
// the next render knows every generated file in it and finishes the job.
func swapContents(dir, stage, fleet string, tops, names []string, previous map[string]bool) error {
	union := append([]string{}, names...)
	for p := range previous {
		union = append(union, p)
	}
	sort.Strings(union)
	union = dedup(union)
	data, err := emit.YAML(inventory.New(fleet, union))
	if err != nil {
		return err
	}
	tmp := filepath.Join(stage, ".union")
	if err := writeFile(tmp, data); err != nil {
		return err
	}
	if err := syncTree(stage); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, inventory.File)); err != nil {
		return fmt.Errorf("swap tree into place: %w", err)
	}
	for _, t := range tops {
		staged, live := filepath.Join(stage, t), filepath.Join(dir, t)
		_, serr := os.Lstat(staged)
		_, lerr := os.Lstat(live)
		switch {
		case serr == nil && lerr == nil:
			err = exchange(staged, live)
		case serr == nil:
			err = os.Rename(staged, live)
		case lerr == nil:
			err = os.Rename(live, staged) // nothing of it is left: it goes with the old copy
		}
		if err != nil {
			return fmt.Errorf("swap %s into place: %w", live, err)
		}
	}
	if err := os.Rename(filepath.Join(stage, inventory.File), filepath.Join(dir, inventory.File)); err != nil {
		return fmt.Errorf("swap tree into place: %w", err)
	}
	if err := os.Remove(filepath.Join(dir, inventory.LegacyFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

func dedup(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
