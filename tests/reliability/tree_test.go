package reliability

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// genFleet writes a valid fleet of n clusters and m VMs; variant changes
// its VM names and sizes, so two variants differ in files and bytes.
func genFleet(n, m int, variant string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `apiVersion: vmfleet.dev/v1alpha1
kind: VMFleet
metadata:
  name: big
spec:
  gitops:
    repoURL: https://git.example.com/platform/gitops
    path: fleets/big
  networks:
    - name: app-vlan
      namespace: tenant-app
      bridge: br-app
      uplink: ens4
      vlan: 142
  clusters:
`)
	for i := range n {
		mode := "ReadWriteOnce"
		if i%2 == 1 {
			mode = "ReadWriteMany"
		}
		fmt.Fprintf(&b, "    - name: spoke-%03d\n      storageClass: ceph-rbd\n      accessMode: %s\n", i, mode)
	}
	b.WriteString("  vms:\n")
	for j := range m {
		fmt.Fprintf(&b, `    - name: vm-%s-%03d
      namespace: tenant-app
      clusters: [spoke-%03d, spoke-%03d]
      instancetype: u1.large
      disk:
        size: %dGi
        source:
          dataSource:
            name: rhel9
      cloudInit:
        secretRef: app-cloudinit
      networks: [app-vlan]
`, variant, j, j%n, (j*7+1)%n, 40+len(variant))
	}
	return b.String()
}

// withRetired appends the VMs of other to fleet, each in state retired.
func withRetired(fleet, other string) string {
	_, vms, _ := strings.Cut(other, "  vms:\n")
	return fleet + strings.ReplaceAll(vms, "      namespace: tenant-app\n", "      namespace: tenant-app\n      state: retired\n")
}

// A render of an invalid fleet over a tree leaves the tree as it was.
func TestRenderInvalidKeepsTree(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	renderTree(t, "../../examples/lab/fleet.yaml", out)
	writeFile(t, filepath.Join(out, "README.md"), "# ours\n")
	before := snapshot(t, parent)
	r := run(nil, "render", "testdata/cases/livemigrate-rwo/case.yaml", "-o", out)
	if r.code != 1 || !strings.Contains(r.stderr, "evictionStrategy LiveMigrate needs ReadWriteMany disks") {
		t.Errorf("render of an invalid fleet: %v", r)
	}
	if d := diffSnapshots(before, snapshot(t, parent)); d != "" {
		t.Errorf("a failed render changed the tree:\n%s", d)
	}
}

// render removes only what it generated: a user's README.md and notes in
// a VM's folder survive; the files of a VM that left the fleet go.
func TestRenderRemovesOnlyItsOwnFiles(t *testing.T) {
	dir := t.TempDir()
	fleet := filepath.Join(dir, "fleet.yaml")
	out := filepath.Join(dir, "out")
	writeFile(t, fleet, genFleet(3, 3, "a"))
	renderTree(t, fleet, out)
	writeFile(t, filepath.Join(out, "README.md"), "# ours\n")
	writeFile(t, filepath.Join(out, "base", "vm-a-002", "NOTES.md"), "vm 2 is special\n")
	before := files(snapshot(t, out))

	// vm-a-002 is retired (render refuses to drop a VM Argo CD still
	// protects), then leaves the fleet (VM j depends only on j).
	writeFile(t, fleet, strings.Replace(genFleet(3, 3, "a"), "    - name: vm-a-002\n", "    - name: vm-a-002\n      state: retired\n", 1))
	renderTree(t, fleet, out)
	writeFile(t, fleet, genFleet(3, 2, "a"))
	renderTree(t, fleet, out)
	after := files(snapshot(t, out))

	for _, keep := range []string{"README.md", "base/vm-a-002/NOTES.md"} {
		if after[keep] != before[keep] {
			t.Errorf("%s: %q, was %q", keep, after[keep], before[keep])
		}
	}
	for p := range before {
		if strings.HasPrefix(p, "base/vm-a-002/") && p != "base/vm-a-002/NOTES.md" {
			if _, ok := after[p]; ok {
				t.Errorf("%s, of a VM that left the fleet, is still there", p)
			}
		}
	}
	for p, data := range after {
		if strings.Contains(data, "vm-a-002") && p != "base/vm-a-002/NOTES.md" {
			t.Errorf("%s still names vm-a-002", p)
		}
	}
	if _, ok := after["base/vm-a-001/kustomization.yaml"]; !ok {
		t.Error("base/vm-a-001/kustomization.yaml is gone")
	}
}

// render never follows a link out of its folder.
func TestRenderSymlinks(t *testing.T) {
	t.Run("output folder is a link", func(t *testing.T) {
		parent := t.TempDir()
		outside := filepath.Join(parent, "outside")
		writeFile(t, filepath.Join(outside, "keep.txt"), "keep\n")
		if err := os.Symlink("outside", filepath.Join(parent, "out")); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, parent)
		for _, out := range []string{"out", "out/", "out/."} {
			for _, force := range [][]string{nil, {"--force"}} {
				args := append([]string{"render", "../../examples/lab/fleet.yaml", "-o", filepath.Join(parent, out)}, force...)
				if r := run(nil, args...); r.code != 1 || !strings.Contains(r.stderr, "symbolic link") {
					t.Errorf("render -o %s %v: %v", out, force, r)
				}
			}
		}
		if d := diffSnapshots(before, snapshot(t, parent)); d != "" {
			t.Errorf("rendering into a link changed something:\n%s", d)
		}
	})
	t.Run("links inside point out", func(t *testing.T) {
		parent := t.TempDir()
		outside := filepath.Join(parent, "outside")
		writeFile(t, filepath.Join(outside, "keep.txt"), "keep\n")
		writeFile(t, filepath.Join(outside, "kustomization.yaml"), "not yours\n")
		out := filepath.Join(parent, "out")
		renderTree(t, "../../examples/lab/fleet.yaml", out)
		// A link to a folder outside, and a generated file replaced by a
		// link to a file outside.
		if err := os.Symlink("../outside", filepath.Join(out, "shared")); err != nil {
			t.Fatal(err)
		}
		hub := filepath.Join(out, "hub", "kustomization.yaml")
		if err := os.Remove(hub); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(outside, "kustomization.yaml"), hub); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, outside)
		renderTree(t, "../../examples/lab/fleet.yaml", out)
		if d := diffSnapshots(before, snapshot(t, outside)); d != "" {
			t.Errorf("a render wrote outside its folder:\n%s", d)
		}
		if st, err := os.Lstat(hub); err != nil || !st.Mode().IsRegular() {
			t.Errorf("hub/kustomization.yaml is not a generated file again: %v %v", st, err)
		}
		if link, err := os.Readlink(filepath.Join(out, "shared")); err != nil || link != "../outside" {
			t.Errorf("the user's link was not kept: %q %v", link, err)
		}
	})
}

// render refuses a non-empty folder it did not create, unless --force.
func TestRenderForeignFolder(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "src")
	writeFile(t, filepath.Join(out, "main.go"), "package main\n")
	before := snapshot(t, parent)
	r := run(nil, "render", "../../examples/lab/fleet.yaml", "-o", out)
	if r.code != 1 || !strings.Contains(r.stderr, "was not written by vmfleet") || !strings.Contains(r.stderr, "--force") {
		t.Errorf("render into a foreign folder: %v", r)
	}
	if d := diffSnapshots(before, snapshot(t, parent)); d != "" {
		t.Errorf("a refused render changed the folder:\n%s", d)
	}
	if r := run(nil, "render", "../../examples/lab/fleet.yaml", "-o", out, "--force"); r.code != 0 {
		t.Fatalf("render --force: %v", r)
	}
	after := files(snapshot(t, out))
	if after["main.go"] != "package main\n" || after["hub/kustomization.yaml"] == "" {
		t.Errorf("render --force: main.go %q, hub/kustomization.yaml %d bytes", after["main.go"], len(after["hub/kustomization.yaml"]))
	}
	// From now on the folder is vmfleet's: no --force needed.
	if r := run(nil, "render", "../../examples/lab/fleet.yaml", "-o", out); r.code != 0 {
		t.Errorf("second render: %v", r)
	}
}

// vmfleet render killed at any moment (SIGKILL: no clean-up runs) leaves
// the output folder holding exactly the old tree or exactly the new one,
// never a mix. It takes seconds (renders fsync every file), so it runs
// with VMFLEET_SLOW=1 (make test-reliability); emit's TestWriteTreeCrash
// kills a render at every step on every run.
func TestRenderKilled(t *testing.T) {
	if os.Getenv("VMFLEET_SLOW") != "1" {
		t.Skip("slow: set VMFLEET_SLOW=1")
	}
	clusters, vms := 100, 40
	t.Run("every file changes", func(t *testing.T) {
		// Each fleet keeps the other's VMs, retired: a VM may leave a cluster
		// only through its retired state (render refuses otherwise), and the
		// two trees still differ in every VM folder.
		killRenders(t, withRetired(genFleet(clusters, vms, "a"), genFleet(clusters, vms, "bb")),
			withRetired(genFleet(clusters, vms, "bb"), genFleet(clusters, vms, "a")))
	})
	t.Run("one VM changes (incremental)", func(t *testing.T) {
		a := genFleet(clusters, vms, "a")
		killRenders(t, a, strings.Replace(a, "instancetype: u1.large", "instancetype: u1.medium", 1))
	})
}

// killRenders renders fleet a, then kills renders alternating between b
// and a at moments spread over a render's duration.
func killRenders(t *testing.T, a, b string) {
	kills := 24
	dir := t.TempDir()
	fleets := [2]string{filepath.Join(dir, "a.yaml"), filepath.Join(dir, "b.yaml")}
	writeFile(t, fleets[0], a)
	writeFile(t, fleets[1], b)
	parent := filepath.Join(dir, "repo")
	out := filepath.Join(parent, "out")

	// The two trees, and how long a render takes.
	var trees [2]map[string]string
	var full time.Duration
	for i, f := range fleets {
		start := time.Now()
		p := runProcess(t, nil, nil, "render", f, "-o", out)
		full = max(full, time.Since(start))
		if p.code != 0 {
			t.Fatalf("render %s: %v", f, p.result)
		}
		writeFile(t, filepath.Join(out, "README.md"), "# ours\n")
		trees[i] = files(snapshot(t, out))
	}
	t.Logf("a render of %d files takes %v", len(trees[0]), full)

	current := 1 // out holds tree b
	outcomes := map[string]int{}
	for k := range kills {
		next := 1 - current
		delay := full * time.Duration(k+1) / time.Duration(kills+1)
		cmd := exec.Command(os.Args[0], "render", fleets[next], "-o", out)
		cmd.Env = append(os.Environ(), asVmfleet+"=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()

		got := files(snapshot(t, out))
		switch {
		case sameFiles(got, trees[current]):
			outcomes["old tree"]++
		case sameFiles(got, trees[next]):
			outcomes["new tree"]++
			current = next
		default:
			t.Fatalf("kill after %v left a tree that is neither the old nor the new one:\n%s", delay, fileDiff(trees[current], got))
		}
	}
	stale, _ := filepath.Glob(filepath.Join(parent, ".out.vmfleet-stage-*"))
	t.Logf("%d kills: %v; %d staging folders left beside the output", kills, outcomes, len(stale))

	// The next render works, stale staging folders or not.
	p := runProcess(t, nil, nil, "render", fleets[0], "-o", out)
	if p.code != 0 || !sameFiles(files(snapshot(t, out)), trees[0]) {
		t.Errorf("render after the kills: %v", p.result)
	}
	// ... and removes the stages the kills left (under its lock).
	if stale, _ := filepath.Glob(filepath.Join(parent, ".out.vmfleet-stage-*")); len(stale) != 0 {
		t.Errorf("staging folders left after the next render: %v", stale)
	}
}

func sameFiles(a, b map[string]string) bool { return fileDiff(a, b) == "" }

func fileDiff(a, b map[string]string) string {
	before, after := map[string]entry{}, map[string]entry{}
	for p, d := range a {
		before[p] = entry{data: d}
	}
	for p, d := range b {
		after[p] = entry{data: d}
	}
	return diffSnapshots(before, after)
}

// render refuses a fleet that drops a VM Argo CD still protects
// (Prune=false on the live VM), and leaves the tree as it was.
func TestRenderRefusesUnretiredRemoval(t *testing.T) {
	dir := t.TempDir()
	fleet := filepath.Join(dir, "fleet.yaml")
	out := filepath.Join(dir, "out")
	writeFile(t, fleet, genFleet(3, 3, "a"))
	renderTree(t, fleet, out)
	before := snapshot(t, out)
	writeFile(t, fleet, genFleet(3, 2, "a"))
	r := run(nil, "render", fleet, "-o", out)
	if r.code != 1 || !strings.Contains(r.stderr, `vm "vm-a-002" leaves cluster "spoke-002" without being retired there first`) {
		t.Errorf("render dropping an unretired VM: %v", r)
	}
	if d := diffSnapshots(before, snapshot(t, out)); d != "" {
		t.Errorf("a refused render changed the tree:\n%s", d)
	}
}
