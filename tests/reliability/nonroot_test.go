package reliability

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// As a user who is not root (root may delete inside a read-only folder),
// an old tree with a read-only folder is replaced without leaving a
// staging folder behind, run after run, and the read-only folder is kept.
// Runs when the tests run as root, which can start vmfleet as nobody.
func TestRenderNonRootReadOnlyFolder(t *testing.T) {
	if os.Geteuid() != 0 || testing.Short() {
		t.Skip("needs root to run vmfleet as another user")
	}
	const uid = 65534
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// The test's own folders are opened to nobody; folders above the
	// temporary directory are not touched, only checked.
	tmp := filepath.Clean(os.TempDir())
	for p := dir; p != "/"; p = filepath.Dir(p) {
		st, err := os.Stat(p)
		must(err)
		if st.Mode().Perm()&0o001 != 0 {
			continue
		}
		if p == tmp || !strings.HasPrefix(p, tmp+"/") {
			t.Skipf("%s is not searchable by uid %d", p, uid)
		}
		must(os.Chmod(p, st.Mode().Perm()|0o005))
	}
	// The test binary, where nobody may run it.
	bin := filepath.Join(dir, "vmfleet")
	src, err := os.Open(os.Args[0])
	must(err)
	dst, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
	must(err)
	_, err = io.Copy(dst, src)
	must(err)
	src.Close()
	must(dst.Close())
	repo := filepath.Join(dir, "repo")
	must(os.Mkdir(repo, 0o755))
	must(os.Chown(repo, uid, uid))
	fleet := filepath.Join(dir, "fleet.yaml")
	writeFile(t, fleet, genFleet(3, 3, "a"))
	must(os.Chmod(fleet, 0o644))
	out := filepath.Join(repo, "out")
	render := func() (int, string) {
		cmd := exec.Command(bin, "render", fleet, "-o", out)
		cmd.Env = append(os.Environ(), asVmfleet+"=1")
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: uid}}
		var errb bytes.Buffer
		cmd.Stderr = &errb
		err := cmd.Run()
		if err != nil {
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				t.Fatal(err)
			}
		}
		return cmd.ProcessState.ExitCode(), errb.String()
	}
	if code, msg := render(); code != 0 {
		t.Fatalf("first render as uid %d: exit %d: %s", uid, code, msg)
	}
	docs := filepath.Join(out, "docs")
	must(os.Mkdir(docs, 0o755))
	writeFile(t, filepath.Join(docs, "a.md"), "a\n")
	must(os.Chown(docs, uid, uid))
	must(os.Chown(filepath.Join(docs, "a.md"), uid, uid))
	must(os.Chmod(docs, 0o555))
	t.Cleanup(func() { _ = os.Chmod(docs, 0o755) })
	for run := range 3 {
		if code, msg := render(); code != 0 {
			t.Fatalf("render %d as uid %d over a read-only folder: exit %d: %s", run, uid, code, msg)
		}
		entries, err := os.ReadDir(repo)
		must(err)
		for _, e := range entries {
			if strings.Contains(e.Name(), "vmfleet-stage") {
				t.Errorf("render %d left a staging folder: %s", run, e.Name())
			}
		}
		if st, err := os.Stat(filepath.Join(out, "docs")); err != nil || st.Mode().Perm() != 0o555 {
			t.Errorf("render %d: docs/ is %v, %v; want it kept read-only", run, st, err)
		}
	}
	// A one-VM change inside a generated folder the user made read-only:
	// that folder cannot be exchanged on its own (its ".." is rewritten),
	// so the tree is swapped, and the folder stays read-only.
	vmDir := filepath.Join(out, "base", "vm-a-000")
	must(os.Chmod(vmDir, 0o555))
	t.Cleanup(func() { _ = os.Chmod(vmDir, 0o755) })
	writeFile(t, fleet, strings.Replace(genFleet(3, 3, "a"), "u1.large", "u1.xlarge", 1))
	if code, msg := render(); code != 0 {
		t.Fatalf("one-VM change in a read-only folder as uid %d: exit %d: %s", uid, code, msg)
	}
	if b, err := os.ReadFile(filepath.Join(vmDir, "virtualmachine_vm-a-000.yaml")); err != nil || !bytes.Contains(b, []byte("u1.xlarge")) {
		t.Errorf("the change did not land: %v", err)
	}
	if st, err := os.Stat(vmDir); err != nil || st.Mode().Perm() != 0o555 {
		t.Errorf("base/vm-a-000 is %v, %v; want it kept read-only", st, err)
	}
	entries, err := os.ReadDir(repo)
	must(err)
	for _, e := range entries {
		if strings.Contains(e.Name(), "vmfleet-stage") {
			t.Errorf("the render left a staging folder: %s", e.Name())
		}
	}
}
