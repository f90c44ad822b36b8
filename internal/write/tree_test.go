package write

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/internal/inventory"
	"vmfleet.dev/vmfleet/objects"
)

// tree makes Files, one ConfigMap per path; the ConfigMap's data holds the
// version, so two versions of a tree differ in every file.
func tree(version string, paths ...string) []File {
	var files []File
	for _, p := range paths {
		data, err := emit.YAML(objects.NewConfigMap("ns", "cm", map[string]string{"path": p, "version": version}))
		if err != nil {
			panic(err)
		}
		files = append(files, File{Path: p, Data: data})
	}
	return files
}

// listed is what the inventory of a snapshot lists.
func listed(t *testing.T, s map[string]entry) []string {
	t.Helper()
	files, err := inventory.Parse([]byte(s[inventory.File].data))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// entry is one file system entry: type, permissions, and content or link target.
type entry struct {
	mode fs.FileMode
	data string
}

// snap records everything under root without following links.
func snap(t *testing.T, root string) map[string]entry {
	t.Helper()
	out := map[string]entry{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		e := entry{mode: info.Mode()}
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			e.data, err = os.Readlink(p)
		case info.Mode().IsRegular():
			var b []byte
			b, err = os.ReadFile(p)
			e.data = string(b)
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = e
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameSnap(t *testing.T, what string, before, after map[string]entry) {
	t.Helper()
	var diffs []string
	for p, b := range before {
		if strings.HasSuffix(p, ".vmfleet-lock") {
			continue // the lock beside the folder stays, by design
		}
		a, ok := after[p]
		switch {
		case !ok:
			diffs = append(diffs, "removed "+p)
		case a.mode != b.mode:
			diffs = append(diffs, fmt.Sprintf("mode of %s: %v -> %v", p, b.mode, a.mode))
		case a.data != b.data:
			diffs = append(diffs, "changed "+p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok && !strings.HasSuffix(p, ".vmfleet-lock") {
			diffs = append(diffs, "added "+p)
		}
	}
	if len(diffs) > 0 {
		sort.Strings(diffs)
		t.Errorf("%s:\n%s", what, strings.Join(diffs, "\n"))
	}
}

// regular lists the regular files of a snapshot.
func regular(s map[string]entry) []string {
	var out []string
	for p, e := range s {
		if e.mode.IsRegular() {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

func write(t *testing.T, p, data string, perm fs.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, perm); err != nil { // past the umask
		t.Fatal(err)
	}
}

func mustWrite(t *testing.T, dir string, files []File, opts Options) {
	t.Helper()
	if err := Tree(dir, files, opts); err != nil {
		t.Fatalf("Tree(%s): %v", dir, err)
	}
}

// noStage checks that nothing but dir (and what the test put there) is left
// beside dir: no staging folder.
func noStage(t *testing.T, parent string) {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".vmfleet-") && !strings.HasSuffix(e.Name(), ".vmfleet-lock") {
			t.Errorf("staging folder left behind: %s", filepath.Join(parent, e.Name()))
		}
	}
}

var v1Paths = []string{"hub/kustomization.yaml", "hub/ns/configmap_a.yaml", "base/vm-a/virtualmachine_vm-a.yaml", "base/vm-b/virtualmachine_vm-b.yaml", "overlays/c1/kustomization.yaml"}

func TestWriteTreeNew(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "nested", "out")
	mustWrite(t, dir, tree("1", v1Paths...), Options{})
	s := snap(t, dir)
	want := append([]string{inventory.File}, v1Paths...)
	sort.Strings(want)
	if got := regular(s); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("files %v, want %v", got, want)
	}
	sorted := append([]string(nil), v1Paths...)
	sort.Strings(sorted)
	if got := listed(t, s); strings.Join(got, " ") != strings.Join(sorted, " ") {
		t.Errorf("the inventory lists %v, want %v", got, sorted)
	}
	if data := tree("1", "hub/ns/configmap_a.yaml")[0].Data; s["hub/ns/configmap_a.yaml"].data != string(data) {
		t.Errorf("hub/ns/configmap_a.yaml holds %q, want %q", s["hub/ns/configmap_a.yaml"].data, data)
	}
	if perm := s["."].mode.Perm(); perm != 0o755 {
		t.Errorf("a new output folder has mode %v, want 0755", perm)
	}
	noStage(t, filepath.Join(parent, "nested"))
}

// A second render replaces what vmfleet wrote, removes what it no longer
// generates, and keeps every file it did not write, with its mode.
func TestWriteTreeReplaceKeepsForeignFiles(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	mustWrite(t, dir, tree("1", v1Paths...), Options{})
	if err := os.Chmod(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "README.md"), "# ours\n", 0o644)
	write(t, filepath.Join(dir, "hack", "check.sh"), "#!/bin/sh\nexit 0\n", 0o755)
	write(t, filepath.Join(dir, "base", "vm-b", "NOTES.md"), "vm-b is special\n", 0o600)
	if err := os.MkdirAll(filepath.Join(dir, "empty", "folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("README.md", filepath.Join(dir, "LINK.md")); err != nil {
		t.Fatal(err)
	}
	before := snap(t, dir)

	v2 := []string{"hub/kustomization.yaml", "hub/ns/configmap_a.yaml", "base/vm-a/virtualmachine_vm-a.yaml", "base/vm-c/virtualmachine_vm-c.yaml", "overlays/c1/kustomization.yaml"}
	mustWrite(t, dir, tree("2", v2...), Options{})
	after := snap(t, dir)

	for _, p := range []string{"README.md", "hack/check.sh", "base/vm-b/NOTES.md", "LINK.md", "empty/folder", "."} {
		if after[p] != before[p] {
			t.Errorf("%s: %+v, was %+v", p, after[p], before[p])
		}
	}
	if _, ok := after["base/vm-b/virtualmachine_vm-b.yaml"]; ok {
		t.Error("base/vm-b/virtualmachine_vm-b.yaml, no longer generated, was not removed")
	}
	for _, p := range v2 {
		if !strings.Contains(after[p].data, "version: \"2\"") {
			t.Errorf("%s is not the new version:\n%s", p, after[p].data)
		}
	}
	if got := strings.Join(listed(t, after), " "); strings.Contains(got, "vm-b") || !strings.Contains(got, "base/vm-c/virtualmachine_vm-c.yaml") {
		t.Errorf("inventory not updated: %s", got)
	}
	noStage(t, parent)
}

func TestWriteTreeRefusesForeignFolder(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	write(t, filepath.Join(dir, "main.go"), "package main\n", 0o644)
	before := snap(t, parent)
	err := Tree(dir, tree("1", v1Paths...), Options{})
	if err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("Tree into a foreign folder: %v, want a refusal naming --force", err)
	}
	sameSnap(t, "a refused render changed the folder", before, snap(t, parent))

	// With Force it writes, and keeps what was there.
	mustWrite(t, dir, tree("1", v1Paths...), Options{Force: true})
	if s := snap(t, dir); s["main.go"].data != "package main\n" || s["hub/ns/configmap_a.yaml"].data == "" {
		t.Errorf("forced render: %v", regular(s))
	}

	// An empty folder needs no force.
	empty := filepath.Join(parent, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, empty, tree("1", v1Paths...), Options{})
	noStage(t, parent)
}

// A file vmfleet did not write is never overwritten, even with Force.
func TestWriteTreeNeverOverwritesForeignFile(t *testing.T) {
	for _, force := range []bool{false, true} {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		mustWrite(t, dir, tree("1", "hub/kustomization.yaml"), Options{})
		write(t, filepath.Join(dir, "hub", "ns", "configmap_a.yaml"), "mine\n", 0o644)
		before := snap(t, parent)
		err := Tree(dir, tree("2", v1Paths...), Options{Force: force})
		if err == nil || !strings.Contains(err.Error(), "hub/ns/configmap_a.yaml") {
			t.Errorf("force=%v: %v, want a refusal naming hub/ns/configmap_a.yaml", force, err)
		}
		sameSnap(t, "a refused render changed the folder", before, snap(t, parent))
	}
}

func TestWriteTreeRejectsBadPaths(t *testing.T) {
	for _, p := range []string{"", "/etc/passwd", "../x", "..", "a/../../x", "a/../b", "./a", "a//b", "a/"} {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		err := Tree(dir, tree("1", "ok.yaml", p), Options{})
		if err == nil {
			t.Errorf("path %q: written", p)
		}
		if entries, _ := os.ReadDir(parent); len(entries) != 0 {
			t.Errorf("path %q: %d entries written beside the output", p, len(entries))
		}
	}
	parent := t.TempDir()
	if err := Tree(filepath.Join(parent, "out"), tree("1", "a.yaml", "a.yaml"), Options{}); err == nil {
		t.Error("two files at one path: written")
	}
}

// Symbolic links: vmfleet never writes through one, in or out of the tree.
func TestWriteTreeSymlinks(t *testing.T) {
	t.Run("output folder is a link", func(t *testing.T) {
		parent := t.TempDir()
		outside := filepath.Join(parent, "outside")
		mustWrite(t, outside, tree("1", v1Paths...), Options{})
		if err := os.Symlink("outside", filepath.Join(parent, "out")); err != nil {
			t.Fatal(err)
		}
		before := snap(t, parent)
		for _, dir := range []string{filepath.Join(parent, "out"), filepath.Join(parent, "out") + "/", filepath.Join(parent, "out") + "/."} {
			err := Tree(dir, tree("2", v1Paths...), Options{Force: true})
			if err == nil || !strings.Contains(err.Error(), "symbolic link") {
				t.Errorf("Tree(%s): %v, want a refusal naming the link", dir, err)
			}
		}
		sameSnap(t, "rendering into a link changed something", before, snap(t, parent))
	})

	t.Run("links inside point out", func(t *testing.T) {
		parent := t.TempDir()
		outside := filepath.Join(parent, "outside")
		write(t, filepath.Join(outside, "secret.txt"), "keep\n", 0o600)
		write(t, filepath.Join(outside, "vm.yaml"), "not yours\n", 0o644)
		dir := filepath.Join(parent, "out")
		mustWrite(t, dir, tree("1", v1Paths...), Options{})
		// A link to a folder outside, a link to a file outside, and a
		// link where vmfleet wrote a file before.
		must(t, os.Symlink("../outside", filepath.Join(dir, "shared")))
		must(t, os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "secret.txt")))
		must(t, os.Remove(filepath.Join(dir, "base", "vm-a", "virtualmachine_vm-a.yaml")))
		must(t, os.Symlink(filepath.Join(outside, "vm.yaml"), filepath.Join(dir, "base", "vm-a", "virtualmachine_vm-a.yaml")))
		outBefore := snap(t, outside)

		mustWrite(t, dir, tree("2", v1Paths...), Options{})
		sameSnap(t, "a render wrote outside its folder", outBefore, snap(t, outside))
		s := snap(t, dir)
		if s["shared"].data != "../outside" || s["secret.txt"].mode&fs.ModeSymlink == 0 {
			t.Errorf("links not kept as links: %+v %+v", s["shared"], s["secret.txt"])
		}
		if e := s["base/vm-a/virtualmachine_vm-a.yaml"]; !e.mode.IsRegular() || !strings.Contains(e.data, "version: \"2\"") {
			t.Errorf("base/vm-a/virtualmachine_vm-a.yaml: %+v, want the new regular file", e)
		}
	})

	t.Run("a link where vmfleet needs a folder", func(t *testing.T) {
		parent := t.TempDir()
		outside := filepath.Join(parent, "outside")
		write(t, filepath.Join(outside, "keep.txt"), "keep\n", 0o644)
		dir := filepath.Join(parent, "out")
		mustWrite(t, dir, tree("1", "hub/kustomization.yaml"), Options{})
		must(t, os.Symlink("../outside", filepath.Join(dir, "base")))
		before := snap(t, parent)
		if err := Tree(dir, tree("2", v1Paths...), Options{}); err == nil {
			t.Error("rendered base/ through a link to a folder outside")
		}
		sameSnap(t, "a refused render changed something", before, snap(t, parent))
	})

	t.Run("inventory lists files vmfleet never generates", func(t *testing.T) {
		for _, entry := range []string{"../outside/keep.txt", "/etc/passwd", "fleet.yaml", "README.md", "hub/../../outside/keep.txt",
			"base/vm-a/NOTES.md", ".vmfleet-tree.yaml", "hub/kustomization.yaml/", "base/../fleet.yaml", "overlays/c1/.git/config"} {
			parent := t.TempDir()
			write(t, filepath.Join(parent, "outside", "keep.txt"), "keep\n", 0o644)
			dir := filepath.Join(parent, "out")
			mustWrite(t, dir, tree("1", "hub/kustomization.yaml"), Options{})
			write(t, filepath.Join(dir, "fleet.yaml"), "mine\n", 0o644)
			write(t, filepath.Join(dir, "README.md"), "mine\n", 0o644)
			write(t, filepath.Join(dir, "base", "vm-a", "NOTES.md"), "mine\n", 0o644)
			for _, legacy := range []bool{false, true} {
				if legacy {
					must(t, os.Remove(filepath.Join(dir, inventory.File)))
					write(t, filepath.Join(dir, inventory.LegacyFile), entry+"\nhub/kustomization.yaml\n", 0o644)
				} else {
					write(t, filepath.Join(dir, inventory.File), fmt.Sprintf("apiVersion: vmfleet.dev/v1alpha1\nkind: VMFleetTree\nmetadata: {name: f}\nfiles: [%q, hub/kustomization.yaml]\n", entry), 0o644)
				}
				before := snap(t, parent)
				err := Tree(dir, tree("2", "hub/kustomization.yaml"), Options{Force: true})
				if err == nil || !strings.Contains(err.Error(), "not a file vmfleet generates") {
					t.Errorf("inventory entry %q (legacy %v): %v, want a refusal", entry, legacy, err)
				}
				sameSnap(t, fmt.Sprintf("inventory entry %q (legacy %v) changed something", entry, legacy), before, snap(t, parent))
			}
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// crashEnv makes the test binary a child that renders and kills itself.
const crashEnv = "VMFLEET_EMIT_CRASH"

// A relative output folder, "." included, is written beside itself.
func TestWriteTreeDot(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	mustWrite(t, dir, tree("1", v1Paths...), Options{})
	t.Chdir(dir)
	mustWrite(t, ".", tree("2", v1Paths...), Options{})
	s := snap(t, dir)
	if !strings.Contains(s["hub/ns/configmap_a.yaml"].data, "version: \"2\"") {
		t.Errorf("render -o . did not write the tree: %v", regular(s))
	}
	noStage(t, parent)
	if _, err := os.Stat(filepath.Join(dir, "hub")); err != nil {
		t.Error(err)
	}
}
