package write

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"vmfleet.dev/vmfleet/internal/inventory"
)

// A render that fails at any step leaves the old tree exactly as it was,
// and no staging folder beside it.
func TestWriteTreeFailureKeepsOldTree(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	mustWrite(t, dir, tree("1", v1Paths...), Options{})
	write(t, filepath.Join(dir, "README.md"), "# ours\n", 0o644)
	before := snap(t, parent)
	v2 := tree("2", append(v1Paths, "base/vm-c/virtualmachine_vm-c.yaml")...)

	steps := 0
	testHook = func(string) error { steps++; return nil }
	mustWrite(t, filepath.Join(t.TempDir(), "count"), v2, Options{})
	t.Cleanup(func() { testHook = nil })

	for fail := 1; fail <= steps; fail++ {
		n := 0
		injected := errors.New("injected failure")
		testHook = func(string) error {
			if n++; n == fail {
				return injected
			}
			return nil
		}
		if err := Tree(dir, v2, Options{}); !errors.Is(err, injected) {
			t.Fatalf("step %d: %v, want the injected failure", fail, err)
		}
		sameSnap(t, fmt.Sprintf("failure at step %d of %d changed the tree", fail, steps), before, snap(t, parent))
	}
	testHook = nil
	mustWrite(t, dir, v2, Options{})
}

// TestWriteTreeCrashChild is the child: it renders v2 into the folder in
// VMFLEET_EMIT_CRASH ("dir:step") and SIGKILLs itself at that step, so no
// deferred clean-up runs.
func TestWriteTreeCrashChild(t *testing.T) {
	spec := os.Getenv(crashEnv)
	if spec == "" {
		t.Skip("run by TestWriteTreeCrash")
	}
	spec, incremental := strings.CutSuffix(spec, ":incremental")
	i := strings.LastIndexByte(spec, ':')
	dir := spec[:i]
	step, _ := strconv.Atoi(spec[i+1:])
	files := tree("2", append(v1Paths, "base/vm-c/virtualmachine_vm-c.yaml")...)
	if incremental {
		files = crashIncremental()
	}
	n := 0
	testHook = func(string) error {
		if n++; n == step {
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {}
		}
		return nil
	}
	_ = Tree(dir, files, Options{})
	t.Fatal("not killed")
}

// crashIncremental is v1 with one file changed, one gone and one new: the
// incremental path (links for the unchanged files, a write for the rest).
func crashIncremental() []File {
	return append(mixed("hub/ns/configmap_a.yaml")[:len(v1Paths)-1], tree("2", "base/vm-c/virtualmachine_vm-c.yaml")...)
}

// A render killed at any step (a crash, an OOM kill, a power cut after
// the staged files are synced) leaves the old tree exactly as it was; the
// next render succeeds.
func TestWriteTreeCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocesses")
	}
	steps := len(v1Paths) + 2 // each staged file, then the swap
	incSteps := len(crashIncremental()) + 1
	for n := 1; n <= steps+incSteps; n++ {
		step, mode := n, ""
		if n > steps {
			step, mode = n-steps, ":incremental"
		}
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		mustWrite(t, dir, tree("1", v1Paths...), Options{})
		write(t, filepath.Join(dir, "README.md"), "# ours\n", 0o644)
		before := snap(t, dir)

		cmd := exec.Command(os.Args[0], "-test.run=^TestWriteTreeCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s:%d%s", crashEnv, dir, step, mode))
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("step %d: child was not killed: %v\n%s", step, err, out)
		}
		after := snap(t, dir)
		if mode != "" && strings.Contains(after["hub/ns/configmap_a.yaml"].data, "version: \"2\"") {
			// Killed after the swap: the whole new tree, nothing of the old.
			want := map[string]entry{"README.md": before["README.md"], ".": before["."]}
			for _, f := range crashIncremental() {
				want[f.Path] = entry{mode: 0o644, data: string(f.Data)}
			}
			for p, e := range after {
				if e.mode.IsDir() || p == inventory.File {
					continue
				}
				if w, ok := want[p]; !ok || w.data != e.data {
					t.Errorf("step %d%s: %s is neither old nor new tree", step, mode, p)
				}
			}
		} else {
			sameSnap(t, fmt.Sprintf("a crash at step %d%s changed the tree", step, mode), before, after)
		}

		mustWrite(t, dir, tree("3", v1Paths...), Options{})
		if s := snap(t, dir); s["README.md"].data != "# ours\n" || !strings.Contains(s["hub/ns/configmap_a.yaml"].data, "version: \"3\"") {
			t.Errorf("step %d: the render after the crash: %v", step, regular(s))
		}
	}
}

// Entries that are neither files, folders nor links (a FIFO, a socket)
// cannot be carried over; the render refuses rather than drop them.
func TestWriteTreeRefusesSpecialFiles(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	mustWrite(t, dir, tree("1", v1Paths...), Options{})
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	before := snap(t, parent)
	if err := Tree(dir, tree("2", v1Paths...), Options{}); err == nil || !strings.Contains(err.Error(), "pipe") {
		t.Errorf("Tree over a FIFO: %v, want a refusal naming it", err)
	}
	sameSnap(t, "a refused render changed the tree", before, snap(t, parent))
}

// An output path that is a file, or a tree whose marker is not a file, is
// refused and left alone.
func TestWriteTreeRefusesOddOutputs(t *testing.T) {
	parent := t.TempDir()
	file := filepath.Join(parent, "out.yaml")
	write(t, file, "mine\n", 0o644)
	tree2 := filepath.Join(parent, "tree")
	mustWrite(t, tree2, tree("1", v1Paths...), Options{})
	must(t, os.Remove(filepath.Join(tree2, inventory.File)))
	must(t, os.Mkdir(filepath.Join(tree2, inventory.File), 0o755))
	before := snap(t, parent)
	for _, dir := range []string{file, tree2} {
		for _, force := range []bool{false, true} {
			if err := Tree(dir, tree("2", v1Paths...), Options{Force: force}); err == nil {
				t.Errorf("Tree(%s, force=%v): written", dir, force)
			}
		}
	}
	sameSnap(t, "a refused render changed something", before, snap(t, parent))
}
