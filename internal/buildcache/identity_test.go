package buildcache

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Identity is the file's: the same through a link, another after a touch,
// a replacement or a change of its head in place, the same after a chmod.
func TestIdentity(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "vmfleet")
	if err := os.WriteFile(exe, make([]byte, 3*identityHead), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(exe, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	id := func() string {
		t.Helper()
		s, err := Identity(exe)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	first := id()
	if l, err := Identity(filepath.Join(dir, "link")); err != nil || l != first {
		t.Errorf("through a link: %q %v", l, err)
	}
	if err := os.Chmod(exe, 0o644); err != nil {
		t.Fatal(err)
	}
	if id() != first {
		t.Error("a chmod changed the identity")
	}
	st, _ := os.Stat(exe)
	later := st.ModTime().Add(time.Second)
	if err := os.Chtimes(exe, later, later); err != nil {
		t.Fatal(err)
	}
	touched := id()
	if touched == first {
		t.Error("a touch kept the identity")
	}
	data, _ := os.ReadFile(exe)
	if err := os.WriteFile(exe+".new", data, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(exe+".new", exe); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(exe, later, later); err != nil {
		t.Fatal(err)
	}
	replaced := id()
	if replaced == touched {
		t.Error("a replacement (same bytes and times, another inode) kept the identity")
	}
	f, _ := os.OpenFile(exe, os.O_WRONLY, 0)
	_, _ = f.WriteAt([]byte{1}, identityHead-1)
	f.Close()
	if err := os.Chtimes(exe, later, later); err != nil {
		t.Fatal(err)
	}
	if id() == replaced {
		t.Error("a new build ID (the head's bytes) kept the identity")
	}
	if _, err := Identity(dir); err == nil {
		t.Error("a folder has an identity")
	}
	if _, err := Identity(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing file has an identity")
	}
}

func TestFolder(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == EnvDir {
				return v
			}
			return ""
		}
	}
	if got := Folder(env("off")); got != "" {
		t.Errorf("off: %q", got)
	}
	if got := Folder(env("/x/y")); got != "/x/y" {
		t.Errorf("set: %q", got)
	}
	if got := Folder(env("")); filepath.Dir(got) != os.TempDir() || filepath.Base(got) == "" {
		t.Errorf("default: %q", got)
	}
	if FromEnv(env("off")) != nil {
		t.Error("off opens a cache")
	}
}
