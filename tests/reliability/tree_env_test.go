package reliability

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"sigs.k8s.io/yaml"

	"vmfleet.dev/vmfleet/internal/cli"
)

// A render whose output folder is held by another render's lock fails at
// once with exit 4 and "another render holds DIR", and changes nothing.
func TestRenderLockHeld(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	renderTree(t, "../../examples/lab/fleet.yaml", out)
	before := snapshot(t, out)
	f, err := os.OpenFile(filepath.Join(parent, ".out.vmfleet-lock"), os.O_RDWR, 0)
	if err != nil {
		t.Fatalf("no lock file beside the tree: %v", err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	// In a process of its own: flock is per open file, so this process's
	// own lock would not stop a render running in it.
	p := runProcess(t, nil, nil, "render", "../../examples/lab/fleet.yaml", "-o", out)
	if p.code != cli.ExitEnvironment || !strings.Contains(p.stderr, "another render holds "+out) {
		t.Errorf("render under a held lock: %v", p.result)
	}
	if d := diffSnapshots(before, snapshot(t, out)); d != "" {
		t.Errorf("a render refused by the lock changed the tree:\n%s", d)
	}
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	if p := runProcess(t, nil, nil, "render", "../../examples/lab/fleet.yaml", "-o", out); p.code != 0 {
		t.Errorf("render after the lock is released: %v", p.result)
	}
}

// Renders of two fleets racing into one folder never mix: each ends with
// one whole tree (whichever swapped last), the other waits its turn or is
// refused with exit 4.
func TestRenderConcurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocesses")
	}
	dir := t.TempDir()
	fleets := [2]string{filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b.yaml")}
	writeFile(t, fleets[0], withRetired(genFleet(20, 10, "a"), genFleet(20, 10, "bb")))
	writeFile(t, fleets[1], withRetired(genFleet(20, 10, "bb"), genFleet(20, 10, "a")))
	out := filepath.Join(dir, "out")
	var trees [2]map[string]string
	for i, f := range fleets {
		renderTree(t, f, out)
		trees[i] = files(snapshot(t, out))
	}
	for round := range 4 {
		done := make(chan process, 2)
		for i := range 2 {
			go func() { done <- runProcess(t, nil, nil, "render", fleets[(i+round)%2], "-o", out) }()
		}
		for range 2 {
			p := <-done
			if p.code != 0 && (p.code != cli.ExitEnvironment || !strings.Contains(p.stderr, "another render holds")) {
				t.Errorf("round %d: %v", round, p.result)
			}
		}
		got := files(snapshot(t, out))
		if !sameFiles(got, trees[0]) && !sameFiles(got, trees[1]) {
			t.Fatalf("round %d: two renders mixed their trees:\n%s", round, fileDiff(trees[0], got))
		}
	}
}

// render -o . (the shell's working directory is the tree) keeps the
// folder: the caller is not left in a deleted directory.
func TestRenderInPlace(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocesses")
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	fleet, other := filepath.Join(parent, "a.yaml"), filepath.Join(parent, "b.yaml")
	writeFile(t, fleet, genFleet(3, 3, "a"))
	writeFile(t, other, strings.Replace(genFleet(3, 3, "a"), "instancetype: u1.large", "instancetype: u1.medium", 1))
	renderTree(t, fleet, out)
	st, _ := os.Stat(out)
	ino := st.Sys().(*syscall.Stat_t).Ino
	for _, f := range []string{fleet, other, fleet} {
		code, msg := runWith(t, nil, nil, nil, []string{"PWD=" + out}, "render", f, "-o", ".", "--force")
		if code != 0 {
			t.Fatalf("render %s -o .: exit %d: %s", f, code, msg)
		}
		now, err := os.Stat(out)
		if err != nil || now.Sys().(*syscall.Stat_t).Ino != ino {
			t.Fatalf("render -o . replaced the folder the caller stands in")
		}
		want := filepath.Join(parent, "want")
		_ = os.RemoveAll(want)
		renderTree(t, f, want)
		if d := fileDiff(files(snapshot(t, want)), files(snapshot(t, out))); d != "" {
			t.Errorf("render %s -o . wrote a different tree:\n%s", f, d)
		}
	}
}

// The tree's marker as a FIFO, a link to /dev/zero or to a file outside:
// a clear error, no hang, the tree and the outside file untouched.
func TestRenderOddMarker(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocesses")
	}
	for _, tc := range []struct {
		name string
		make func(marker, outside string) error
		want string
	}{
		{"fifo", func(m, _ string) error { return syscall.Mkfifo(m, 0o644) }, "not a regular file"},
		{"link to /dev/zero", func(m, _ string) error { return os.Symlink("/dev/zero", m) }, "symbolic link"},
		{"link to an outside inventory", func(m, o string) error { return os.Symlink(o, m) }, "symbolic link"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "out")
			renderTree(t, "../../examples/lab/fleet.yaml", out)
			marker := filepath.Join(out, ".vmfleet-tree.yaml")
			outside := filepath.Join(parent, "outside.yaml")
			if err := os.Rename(marker, outside); err != nil {
				t.Fatal(err)
			}
			if err := tc.make(marker, outside); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, parent)
			start := time.Now()
			code, msg := runWith(t, nil, nil, nil, nil, "render", "../../examples/lab/fleet.yaml", "-o", out, "--force")
			if code != cli.ExitInvalid || !strings.Contains(msg, tc.want) {
				t.Errorf("exit %d, %q; want exit 1 and %q", code, msg, tc.want)
			}
			t.Logf("refused in %v", time.Since(start))
			if d := diffSnapshots(before, snapshot(t, parent)); d != "" {
				t.Errorf("a refused render changed something:\n%s", d)
			}
		})
	}
}

// The CLI's tree and the kpt function's package recognise each other: a
// package the function hydrated (written out as kpt writes it) is
// re-rendered by `vmfleet render` without --force, and a tree `vmfleet
// render` wrote is re-rendered by the function; both give the same files.
func TestRenderAndKptShareTheTree(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocesses")
	}
	fleetData := mustRead(t, "../../examples/lab/fleet.yaml")
	pkg := filepath.Join(t.TempDir(), "pkg")
	writeFile(t, filepath.Join(pkg, "fleet.yaml"), string(fleetData))
	writeFile(t, filepath.Join(pkg, "Kptfile"), "apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: pkg\n")
	kpt := func() {
		t.Helper()
		p := runProcess(t, readPackage(t, pkg), nil)
		if p.code != 0 {
			t.Fatalf("the function over the package: %v", p.result)
		}
		writePackage(t, pkg, p.stdout)
	}
	kpt()
	hydrated := files(snapshot(t, pkg))
	r := run(nil, "render", filepath.Join(pkg, "fleet.yaml"), "-o", pkg)
	if r.code != 0 {
		t.Fatalf("render into the kpt-hydrated package (no --force): %v", r)
	}
	rendered := files(snapshot(t, pkg))
	for p, data := range hydrated {
		if strings.HasSuffix(p, "kustomization.yaml") || p == ".vmfleet-tree.yaml" {
			continue // kpt marks kustomization.yaml local-config; formatting of the inventory may differ
		}
		if rendered[p] != data && !sameYAML(rendered[p], data) {
			t.Errorf("%s differs between the function and render", p)
		}
	}
	if rendered["Kptfile"] == "" || rendered["fleet.yaml"] != hydrated["fleet.yaml"] {
		t.Error("render lost the package's own files")
	}
	kpt() // and back: the function takes the CLI's tree as its own
	if got := files(snapshot(t, pkg)); len(got) != len(hydrated) {
		t.Errorf("the function over render's tree: %d files, want %d", len(got), len(hydrated))
	}
}

// readPackage is the ResourceList kpt passes: every YAML file of the
// package, dot files included, each item annotated with its path.
func readPackage(t *testing.T, pkg string) []byte {
	t.Helper()
	var items []string
	var paths []string
	for p := range files(snapshot(t, pkg)) {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if !strings.HasSuffix(p, ".yaml") && p != "Kptfile" {
			continue
		}
		var obj map[string]any
		if err := yaml.Unmarshal(mustRead(t, filepath.Join(pkg, p)), &obj); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		meta, _ := obj["metadata"].(map[string]any)
		if meta == nil {
			meta = map[string]any{}
			obj["metadata"] = meta
		}
		anns, _ := meta["annotations"].(map[string]any)
		if anns == nil {
			anns = map[string]any{}
			meta["annotations"] = anns
		}
		anns["internal.config.kubernetes.io/path"] = p
		anns["config.kubernetes.io/path"] = p
		data, err := yaml.Marshal(obj)
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, "- "+strings.ReplaceAll(strings.TrimSuffix(string(data), "\n"), "\n", "\n  "))
	}
	return []byte("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n" + strings.Join(items, "\n") + "\n")
}

// writePackage writes the function's output as kpt does: each item to its
// path without the path annotations; files no item holds any more go.
func writePackage(t *testing.T, pkg, stdout string) {
	t.Helper()
	var rl struct {
		Items []map[string]any `json:"items"`
	}
	if err := yaml.Unmarshal([]byte(stdout), &rl); err != nil {
		t.Fatal(err)
	}
	keep := map[string]bool{}
	for _, it := range rl.Items {
		meta := it["metadata"].(map[string]any)
		anns := meta["annotations"].(map[string]any)
		p := fmt.Sprint(anns["internal.config.kubernetes.io/path"])
		for k := range anns {
			if strings.HasPrefix(k, "internal.config.kubernetes.io/") || k == "config.kubernetes.io/path" || k == "config.kubernetes.io/index" {
				delete(anns, k)
			}
		}
		if len(anns) == 0 {
			delete(meta, "annotations")
		}
		data, err := yaml.Marshal(it)
		if err != nil {
			t.Fatal(err)
		}
		keep[p] = true
		writeFile(t, filepath.Join(pkg, p), string(data))
	}
	for p := range files(snapshot(t, pkg)) {
		if !keep[p] {
			_ = os.Remove(filepath.Join(pkg, p))
		}
	}
}

func sameYAML(a, b string) bool {
	var x, y any
	return yaml.Unmarshal([]byte(a), &x) == nil && yaml.Unmarshal([]byte(b), &y) == nil && fmt.Sprint(x) == fmt.Sprint(y)
}

// SIGTERM and SIGINT (a CI job cancelled, Ctrl-C) at moments spread over a
// render: exit 128+signal (or 0 when it had finished), the tree old or new,
// and no staging copy left beside it.
func TestRenderTerminated(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocesses")
	}
	dir := t.TempDir()
	fleets := [2]string{filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b.yaml")}
	writeFile(t, fleets[0], genFleet(60, 30, "a"))
	writeFile(t, fleets[1], strings.Replace(genFleet(60, 30, "a"), "instancetype: u1.large", "instancetype: u1.medium", 1))
	parent := filepath.Join(dir, "repo")
	out := filepath.Join(parent, "out")
	var trees [2]map[string]string
	var full time.Duration
	for i, f := range fleets {
		start := time.Now()
		renderTree(t, f, out)
		full = max(full, time.Since(start))
		trees[i] = files(snapshot(t, out))
	}
	current := 1
	codes := map[int]int{}
	defer func() { t.Logf("exit codes: %v", codes) }()
	for k, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGTERM, syscall.SIGINT, syscall.SIGTERM, syscall.SIGINT} {
		next := 1 - current
		cmd := exec.Command(os.Args[0], "render", fleets[next], "-o", out)
		cmd.Env = append(os.Environ(), asVmfleet+"=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(full * time.Duration(k+1) / 8)
		_ = cmd.Process.Signal(sig)
		_ = cmd.Wait()
		code := cmd.ProcessState.ExitCode()
		codes[code]++
		got := files(snapshot(t, out))
		switch {
		case code == 128+int(sig) && sameFiles(got, trees[current]):
		case code == 0 && sameFiles(got, trees[next]):
			current = next
		case code == -1 && sameFiles(got, trees[current]):
			// killed by the signal before vmfleet caught it (still loading)
		case code == -1 && sameFiles(got, trees[next]):
			current = next // killed after the swap, on the way out
		default:
			t.Fatalf("%v: exit %d, and a tree that is neither the old nor the expected one:\n%s", sig, code, fileDiff(trees[current], got))
		}
		if stale, _ := filepath.Glob(filepath.Join(parent, ".out.vmfleet-stage-*")); len(stale) != 0 {
			t.Errorf("%v (exit %d) left a staging folder: %v", sig, code, stale)
		}
	}
}
