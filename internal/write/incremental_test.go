package write

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"vmfleet.dev/vmfleet/internal/inventory"
)

// ident is what must survive for a file nobody changed: inode, mtime, links.
type ident struct {
	ino   uint64
	mtime time.Time
	nlink uint64
	uid   uint32
}

func identOf(t *testing.T, p string) ident {
	t.Helper()
	st, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	sys := st.Sys().(*syscall.Stat_t)
	return ident{sys.Ino, st.ModTime(), sys.Nlink, sys.Uid}
}

// mixed is v1Paths where only the files named in changed get version 2.
func mixed(changed ...string) []File {
	var out []File
	for _, p := range v1Paths {
		v := "1"
		for _, c := range changed {
			if c == p {
				v = "2"
			}
		}
		out = append(out, tree(v, p)...)
	}
	return out
}

// A re-render writes only the files whose bytes change: the others keep
// their inode and mtime; a file that left is removed; a changed one is new.
func TestWriteTreeIncremental(t *testing.T) {
	for _, changed := range [][]string{nil, {"base/vm-a/virtualmachine_vm-a.yaml"}, {"hub/kustomization.yaml", "overlays/c1/kustomization.yaml"}, v1Paths} {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		mustWrite(t, dir, tree("1", v1Paths...), Options{Fleet: "f"})
		before := map[string]ident{}
		for _, p := range append(v1Paths, inventory.File) {
			before[p] = identOf(t, filepath.Join(dir, p))
		}
		time.Sleep(10 * time.Millisecond) // a rewrite would show in mtime
		st, err := TreeStats(dir, mixed(changed...), Options{Fleet: "f"})
		if err != nil {
			t.Fatal(err)
		}
		if st.Written != len(changed) || st.Unchanged != len(v1Paths)-len(changed) || st.Removed != 0 {
			t.Errorf("changed %v: stats %+v", changed, st)
		}
		for _, p := range v1Paths {
			now := identOf(t, filepath.Join(dir, p))
			isChanged := strings.Contains(strings.Join(changed, " "), p)
			if same := now.ino == before[p].ino && now.mtime.Equal(before[p].mtime); same == isChanged {
				t.Errorf("changed %v: %s inode %d -> %d, mtime %v -> %v", changed, p, before[p].ino, now.ino, before[p].mtime, now.mtime)
			}
			if now.nlink != 1 {
				t.Errorf("%s has %d links after the render, want 1", p, now.nlink)
			}
		}
		if now := identOf(t, filepath.Join(dir, inventory.File)); now.ino != before[inventory.File].ino {
			t.Error("the inventory, unchanged, was rewritten")
		}
		noStage(t, parent)
	}

	// A file that leaves is removed; the inventory changes.
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	mustWrite(t, dir, tree("1", v1Paths...), Options{})
	st, err := TreeStats(dir, tree("1", v1Paths[:3]...), Options{})
	if err != nil || st.Removed != 2 || st.Written != 0 || st.Unchanged != 3 {
		t.Fatalf("stats %+v, %v", st, err)
	}
	for _, p := range v1Paths[3:] {
		if _, err := os.Lstat(filepath.Join(dir, p)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left the tree but is still there: %v", p, err)
		}
	}
	// A generated file edited by hand, or made 0600, is restored.
	must(t, os.WriteFile(filepath.Join(dir, v1Paths[0]), []byte("edited\n"), 0o644))
	must(t, os.Chmod(filepath.Join(dir, v1Paths[1]), 0o600))
	st, err = TreeStats(dir, tree("1", v1Paths[:3]...), Options{})
	if err != nil || st.Written != 2 {
		t.Fatalf("stats %+v, %v", st, err)
	}
	s := snap(t, dir)
	if s[v1Paths[0]].data != string(tree("1", v1Paths[0])[0].Data) || s[v1Paths[1]].mode.Perm() != 0o644 {
		t.Errorf("hand edits were not restored: %+v %+v", s[v1Paths[0]], s[v1Paths[1]])
	}
}

// Files vmfleet did not write are kept without being read or rewritten:
// inode, mtime, owner, hard links and sparse blocks survive, a 1 GiB
// sparse file costs a link, an unreadable file does not stop the render.
func TestWriteTreeKeepsUserFilesUntouched(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	mustWrite(t, dir, tree("1", v1Paths...), Options{})
	big := filepath.Join(dir, "base", "vm-a", "disk.img")
	f, err := os.Create(big)
	must(t, err)
	must(t, f.Truncate(1<<30))
	must(t, f.Close())
	secret := filepath.Join(dir, "secret.txt")
	write(t, secret, "no reading\n", 0o000)
	linked := filepath.Join(dir, "README.md")
	write(t, linked, "# ours\n", 0o644)
	elsewhere := filepath.Join(parent, "README-copy.md")
	must(t, os.Link(linked, elsewhere))
	old := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	for _, p := range []string{big, secret, linked} {
		must(t, os.Chtimes(p, old, old))
	}
	if os.Geteuid() == 0 {
		must(t, os.Lchown(secret, 12345, 12345)) // another user's file
	}
	before := map[string]ident{big: identOf(t, big), secret: identOf(t, secret), linked: identOf(t, linked)}
	var blocks int64
	if st, err := os.Stat(big); err == nil {
		blocks = st.Sys().(*syscall.Stat_t).Blocks
	}

	start := time.Now()
	mustWrite(t, dir, tree("2", v1Paths...), Options{})
	t.Logf("re-render over a 1 GiB file: %v", time.Since(start))
	for p, b := range before {
		now := identOf(t, p)
		if now.ino != b.ino || !now.mtime.Equal(old) || now.uid != b.uid || now.nlink < b.nlink {
			t.Errorf("%s: %+v, was %+v", p, now, b)
		}
	}
	if st, _ := os.Stat(big); st.Size() != 1<<30 || st.Sys().(*syscall.Stat_t).Blocks != blocks {
		t.Errorf("the sparse file: size %d, %d blocks (was %d)", st.Size(), st.Sys().(*syscall.Stat_t).Blocks, blocks)
	}
	if a, b := identOf(t, linked), identOf(t, elsewhere); a.ino != b.ino {
		t.Error("README.md and its hard link outside the tree are two files now")
	}
	noStage(t, parent)
}

// Renders of one folder are serialised: while one holds the lock, another
// fails at once with "another render holds DIR" and changes nothing.
func TestWriteTreeLock(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	mustWrite(t, dir, tree("1", v1Paths...), Options{})
	before := snap(t, parent)
	release, err := lock(dir)
	must(t, err)
	err = Tree(dir, tree("2", v1Paths...), Options{})
	var locked *LockedError
	if !errors.As(err, &locked) || !strings.Contains(err.Error(), "another render holds "+dir) {
		t.Errorf("Tree under a held lock: %v", err)
	}
	sameSnap(t, "a render refused by the lock changed something", before, snap(t, parent))
	release()
	mustWrite(t, dir, tree("2", v1Paths...), Options{})

	// A folder whose parent cannot hold the lock file locks itself.
	if os.Geteuid() != 0 {
		must(t, os.Chmod(parent, 0o555))
		defer func() { _ = os.Chmod(parent, 0o755) }()
		r, err := lock(dir)
		if err != nil {
			t.Fatalf("lock in a read-only parent: %v", err)
		}
		r()
	}
}

// Stale stages of earlier renders (killed with SIGKILL) are removed under
// the lock, also one holding a read-only folder; names that only look alike
// are left alone.
func TestWriteTreeRemovesStaleStages(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	mustWrite(t, dir, tree("1", v1Paths...), Options{})
	stale := []string{".out.vmfleet-stage-123", ".out.vmfleet-4567", filepath.Join("out", ".vmfleet-stage-89")}
	for _, s := range stale {
		write(t, filepath.Join(parent, s, "hub", "x.yaml"), "old\n", 0o644)
	}
	must(t, os.Chmod(filepath.Join(parent, stale[0], "hub"), 0o555))
	keep := []string{".out.vmfleet-stage-12x", ".out.vmfleet-x.vmfleet-stage-1", ".other.vmfleet-stage-1", ".out.vmfleet-lockdown"}
	for _, k := range keep {
		write(t, filepath.Join(parent, k, "f"), "not stale\n", 0o644)
	}
	must(t, os.Symlink(filepath.Join(parent, keep[0]), filepath.Join(parent, ".out.vmfleet-stage-999")))
	mustWrite(t, dir, tree("2", v1Paths...), Options{})
	for _, s := range stale {
		if _, err := os.Lstat(filepath.Join(parent, s)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("stale stage %s is still there: %v", s, err)
		}
	}
	for _, k := range append(keep, ".out.vmfleet-stage-999") {
		if _, err := os.Lstat(filepath.Join(parent, k)); err != nil {
			t.Errorf("%s, not a stage of out, was removed: %v", k, err)
		}
	}
	if _, err := os.Stat(filepath.Join(parent, keep[0], "f")); err != nil {
		t.Errorf("a link named like a stage was followed: %v", err)
	}
	if strings.Contains(strings.Join(regular(snap(t, dir)), " "), "vmfleet-stage") {
		t.Error("a stage inside the tree was kept as a user file")
	}
}

// A read-only folder kept from the old tree does not leave the old copy
// behind (a non-root render could not delete inside it).
func TestWriteTreeReadOnlyFolder(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	mustWrite(t, dir, tree("1", v1Paths...), Options{})
	write(t, filepath.Join(dir, "docs", "a.md"), "a\n", 0o444)
	must(t, os.Chmod(filepath.Join(dir, "docs"), 0o555))
	t.Cleanup(func() { _ = os.Chmod(filepath.Join(dir, "docs"), 0o755) })
	for v := range 3 {
		mustWrite(t, dir, tree(string(rune('2'+v)), v1Paths...), Options{})
		noStage(t, parent)
	}
	if s := snap(t, dir); s["docs"].mode.Perm() != 0o555 || s["docs/a.md"].data != "a\n" {
		t.Errorf("docs: %+v %+v", s["docs"], s["docs/a.md"])
	}
}

// The inventory and every file read back are opened without following
// links, regular files of bounded size only: a FIFO does not hang, a link
// to /dev/zero does not exhaust memory, a link out decides nothing.
func TestWriteTreeReadsBackSafely(t *testing.T) {
	outsideInv := "apiVersion: vmfleet.dev/v1alpha1\nkind: VMFleetTree\nmetadata: {name: f}\nfiles: [hub/kustomization.yaml]\n"
	for _, tc := range []struct {
		name string
		make func(t *testing.T, marker, outside string)
		want string
	}{
		{"fifo", func(t *testing.T, m, _ string) { must(t, syscall.Mkfifo(m, 0o644)) }, "not a regular file"},
		{"link to /dev/zero", func(t *testing.T, m, _ string) { must(t, os.Symlink("/dev/zero", m)) }, "symbolic link"},
		{"link outside", func(t *testing.T, m, o string) { write(t, o, outsideInv, 0o644); must(t, os.Symlink(o, m)) }, "symbolic link"},
		{"folder", func(t *testing.T, m, _ string) { must(t, os.Mkdir(m, 0o755)) }, "not a regular file"},
		{"too big", func(t *testing.T, m, _ string) {
			f, err := os.Create(m)
			must(t, err)
			must(t, f.Truncate(MaxInventory+1))
			must(t, f.Close())
		}, "more than vmfleet ever writes"},
	} {
		for _, name := range []string{inventory.File, inventory.LegacyFile} {
			t.Run(tc.name+" "+name, func(t *testing.T) {
				parent := t.TempDir()
				dir := filepath.Join(parent, "out")
				mustWrite(t, dir, tree("1", v1Paths...), Options{})
				marker := filepath.Join(dir, name)
				_ = os.Remove(marker)
				tc.make(t, marker, filepath.Join(parent, "elsewhere.yaml"))
				before := snap(t, parent)
				done := make(chan error, 1)
				go func() { done <- Tree(dir, tree("2", v1Paths...), Options{Force: true}) }()
				select {
				case err := <-done:
					if err == nil || !strings.Contains(err.Error(), tc.want) {
						t.Errorf("%v, want an error saying %q", err, tc.want)
					}
				case <-time.After(10 * time.Second):
					t.Fatal("the render hangs")
				}
				sameSnap(t, "a refused render changed something", before, snap(t, parent))
			})
		}
	}
	// Every component is checked, not only the last.
	dir := t.TempDir()
	write(t, filepath.Join(dir, "real", "f.yaml"), "x\n", 0o644)
	must(t, os.Symlink("real", filepath.Join(dir, "link")))
	if _, err := ReadFileIn(dir, "link/f.yaml", 10); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("ReadFileIn through a linked folder: %v", err)
	}
	if data, err := ReadFileIn(dir, "real/f.yaml", 10); err != nil || string(data) != "x\n" {
		t.Errorf("ReadFileIn: %q %v", data, err)
	}
	if _, err := ReadFileIn(dir, "real/f.yaml", 1); err == nil {
		t.Error("ReadFileIn read past its limit")
	}
	if _, err := ReadFileIn(dir, "real/none.yaml", 10); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadFileIn of a missing file: %v, want ErrNotExist", err)
	}
}

// SIGTERM or SIGINT at any step of a render: the stage is removed, the old
// tree is as it was, and the error says so.
func TestWriteTreeSignalCleansUp(t *testing.T) {
	// How many steps such a render has: one per staged file (only the
	// changed folder is staged), and the one before the swap.
	steps := 0
	{
		dir := filepath.Join(t.TempDir(), "out")
		mustWrite(t, dir, tree("1", v1Paths...), Options{})
		testHook = func(string) error { steps++; return nil }
		err := Tree(dir, mixed("hub/kustomization.yaml"), Options{})
		testHook = nil
		if err != nil || steps < 2 {
			t.Fatalf("counting run: %v, %d steps", err, steps)
		}
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		for step := 1; step <= steps; step++ {
			parent := t.TempDir()
			dir := filepath.Join(parent, "out")
			mustWrite(t, dir, tree("1", v1Paths...), Options{})
			before := snap(t, parent)
			n := 0
			testHook = func(string) error {
				if n++; n == step {
					_ = syscall.Kill(os.Getpid(), sig)
					time.Sleep(50 * time.Millisecond) // the signal is delivered
				}
				return nil
			}
			err := Tree(dir, mixed("hub/kustomization.yaml"), Options{})
			testHook = nil
			var in *InterruptedError
			if !errors.As(err, &in) || in.Signal != sig {
				t.Fatalf("%v at step %d: %v, want an interruption", sig, step, err)
			}
			sameSnap(t, "an interrupted render changed the tree", before, snap(t, parent))
			noStage(t, parent)
		}
	}
}

// In place (the working directory is the tree: render -o .) the folder
// keeps its inode, so the caller's shell is not left in a deleted folder;
// files at its top level that vmfleet never wrote are not moved at all.
func TestWriteTreeInPlace(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	mustWrite(t, dir, tree("1", v1Paths...), Options{})
	write(t, filepath.Join(dir, "README.md"), "# ours\n", 0o644)
	write(t, filepath.Join(dir, "base", "vm-a", "NOTES.md"), "notes\n", 0o644)
	must(t, os.MkdirAll(filepath.Join(dir, "docs", "empty"), 0o755))
	readme := identOf(t, filepath.Join(dir, "README.md"))
	self := identOf(t, dir)
	for _, absolute := range []bool{false, true} {
		t.Run(map[bool]string{false: "dot", true: "absolute"}[absolute], func(t *testing.T) {
			t.Chdir(dir)
			for v, files := range [][]File{mixed("hub/kustomization.yaml"), tree("3", v1Paths[:2]...), tree("4", append(v1Paths, "overlays/c2/kustomization.yaml")...)} {
				target := "."
				if absolute {
					target = dir
				}
				mustWrite(t, target, files, Options{Fleet: "f"})
				if now := identOf(t, dir); now.ino != self.ino {
					t.Fatalf("version %d: the folder was replaced (inode %d -> %d)", v, self.ino, now.ino)
				}
				if _, err := os.Getwd(); err != nil {
					t.Fatalf("version %d: the working directory is gone: %v", v, err)
				}
				s := snap(t, dir)
				for _, f := range files {
					if s[f.Path].data != string(f.Data) {
						t.Errorf("version %d: %s is not the new file", v, f.Path)
					}
				}
				if got := listed(t, s); len(got) != len(files) {
					t.Errorf("version %d: the inventory lists %v", v, got)
				}
				if s["base/vm-a/NOTES.md"].data != "notes\n" || s["docs/empty"].mode&os.ModeDir == 0 {
					t.Errorf("version %d: user files lost: %v", v, regular(s))
				}
				if identOf(t, filepath.Join(dir, "README.md")).ino != readme.ino {
					t.Errorf("version %d: README.md was moved or rewritten", v)
				}
				noStage(t, parent)
				for p := range s {
					if strings.Contains(p, "vmfleet-stage") {
						t.Errorf("version %d: stage %s left in the tree", v, p)
					}
				}
			}
		})
	}
}
