package write

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// keyed gives each file a key (here the SHA-256 of its bytes, as a
// render's object key would be) and, when lazy, drops its bytes: they
// must then come from the memo, or from Make, which counts its calls.
func keyed(files []File, lazy bool, made *int) []File {
	out := make([]File, len(files))
	for i, f := range files {
		data := f.Data
		out[i] = File{Path: f.Path, Key: Key(sha256.Sum256(data))}
		if lazy {
			out[i].Make = func() ([]byte, error) { *made++; return data, nil }
		} else {
			out[i].Data = data
		}
	}
	return out
}

// With the memo of the render before, a re-render whose keys did not
// change makes no file's bytes and rewrites nothing; a file edited by hand
// (same size, same key) is not known and is restored; a memo of another
// program, corrupt or truncated is not used, and the tree is still right.
func TestMemoKnownFiles(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	memo := MemoFile(t.TempDir(), dir)
	opts := Options{Fleet: "f", Memo: memo, Program: "vmfleet test 1"}
	made := 0
	mustWrite(t, dir, keyed(tree("1", v1Paths...), false, &made), opts)
	if _, err := os.Stat(memo); err != nil {
		t.Fatalf("no memo after a render: %v", err)
	}
	before := snap(t, parent)
	ids := map[string]ident{}
	for _, p := range v1Paths {
		ids[p] = identOf(t, filepath.Join(dir, p))
	}

	st, err := TreeStats(dir, keyed(tree("1", v1Paths...), true, &made), opts)
	if err != nil || made != 0 || st.Unchanged != len(v1Paths) || st.Written != 0 {
		t.Fatalf("re-render with the memo: %+v, %v, %d files made, want none", st, err, made)
	}
	sameSnap(t, "a re-render of the same tree", before, snap(t, parent))
	for _, p := range v1Paths {
		if identOf(t, filepath.Join(dir, p)) != ids[p] {
			t.Errorf("%s was touched", p)
		}
	}

	// Edited by hand, same size: hashed, not known, made and restored.
	edited := filepath.Join(dir, v1Paths[2])
	data, _ := os.ReadFile(edited)
	bad := append([]byte{}, data...)
	bad[0] ^= 1
	must(t, os.WriteFile(edited, bad, 0o644))
	made = 0
	st, err = TreeStats(dir, keyed(tree("1", v1Paths...), true, &made), opts)
	if err != nil || made != 1 || st.Written != 1 {
		t.Fatalf("after a hand edit: %+v, %v, %d made, want 1", st, err, made)
	}
	if got, _ := os.ReadFile(edited); string(got) != string(data) {
		t.Errorf("the edited file was not restored: %q", got)
	}

	// Memos that must not be used: the tree is made and compared in full.
	good, err := os.ReadFile(memo)
	must(t, err)
	flip := append([]byte{}, good...)
	flip[len(flip)/2] ^= 0x40
	for name, m := range map[string][]byte{"corrupt": flip, "truncated": good[:len(good)-1], "empty": {}} {
		must(t, os.WriteFile(memo, m, 0o600))
		made = 0
		st, err := TreeStats(dir, keyed(tree("1", v1Paths...), true, &made), opts)
		if err != nil || made != len(v1Paths) || st.Unchanged != len(v1Paths) {
			t.Errorf("%s memo: %+v, %v, %d made, want every file made and compared", name, st, err, made)
		}
	}
	other := opts
	other.Program = "vmfleet test 2"
	made = 0
	if st, err := TreeStats(dir, keyed(tree("1", v1Paths...), true, &made), other); err != nil || made != len(v1Paths) {
		t.Errorf("another program's memo was used: %+v, %v, %d made", st, err, made)
	}
	// A changed key is not known even when the old bytes are on disk.
	made = 0
	files := keyed(tree("1", v1Paths...), true, &made)
	files[0].Key[0] ^= 1
	if _, err := TreeStats(dir, files, other); err != nil || made != 1 {
		t.Errorf("a changed key: %v, %d made, want 1", err, made)
	}
}

// A change inside one folder swaps that folder only: the rest of the tree
// (folders included) keeps its inodes, a user's file in the folder stays;
// a change in two top-level folders swaps the tree.
func TestWriteSwapsTheChangedFolder(t *testing.T) {
	for _, inPlace := range []bool{false, true} {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		mustWrite(t, dir, tree("1", v1Paths...), Options{})
		notes := filepath.Join(dir, "base", "vm-a", "NOTES.md")
		write(t, notes, "notes\n", 0o644)
		folders := []string{".", "hub", "base", "base/vm-a", "base/vm-b", "overlays", "overlays/c1"}
		ids := map[string]ident{}
		for _, p := range append(folders, v1Paths...) {
			ids[p] = identOf(t, filepath.Join(dir, p))
		}
		userFile := identOf(t, notes)
		if inPlace {
			wd, _ := os.Getwd()
			must(t, os.Chdir(dir))
			t.Cleanup(func() { _ = os.Chdir(wd) })
		}
		time.Sleep(10 * time.Millisecond)
		st, err := TreeStats(dir, mixed("base/vm-a/virtualmachine_vm-a.yaml"), Options{})
		if err != nil || st.Written != 1 {
			t.Fatalf("in place %v: %+v, %v", inPlace, st, err)
		}
		for _, p := range append(folders, v1Paths...) {
			moved := p == "base/vm-a" || p == "base/vm-a/virtualmachine_vm-a.yaml"
			if same := identOf(t, filepath.Join(dir, p)).ino == ids[p].ino; same == moved {
				t.Errorf("in place %v: %s moved %v, want %v", inPlace, p, !same, moved)
			}
		}
		if identOf(t, notes) != userFile {
			t.Errorf("in place %v: the user's file in the swapped folder was not kept as it was", inPlace)
		}
		if got := tree("2", "base/vm-a/virtualmachine_vm-a.yaml")[0].Data; string(readFile(t, filepath.Join(dir, "base/vm-a/virtualmachine_vm-a.yaml"))) != string(got) {
			t.Errorf("in place %v: the changed file does not hold its new bytes", inPlace)
		}
		noStage(t, parent)

		// Two top-level folders change: the tree (or in place, each
		// top-level folder) is swapped.
		st, err = TreeStats(dir, mixed("hub/kustomization.yaml", "overlays/c1/kustomization.yaml"), Options{})
		if err != nil || st.Written != 3 { // and vm-a back to version 1
			t.Fatalf("in place %v, second change: %+v, %v", inPlace, st, err)
		}
		if same := identOf(t, filepath.Join(dir, "hub")).ino == ids["hub"].ino; same {
			t.Errorf("in place %v: hub changed but its folder was not swapped", inPlace)
		}
		if same := identOf(t, dir).ino == ids["."].ino; same != inPlace {
			t.Errorf("in place %v: the folder itself kept its inode: %v", inPlace, same)
		}
		noStage(t, parent)
	}
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	must(t, err)
	return b
}
