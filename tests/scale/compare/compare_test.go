//go:build linux

package compare

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"vmfleet.dev/vmfleet/tests/scale/fixture"
)

// sample is one process run.
type sample struct {
	wall, cpu time.Duration
	rss       int64 // peak resident set, bytes
}

type samples []sample

func (s samples) median(f func(sample) float64) float64 {
	v := make([]float64, len(s))
	for i, x := range s {
		v[i] = f(x)
	}
	sort.Float64s(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

func (s samples) spread(f func(sample) float64) (lo, hi float64) {
	lo, hi = f(s[0]), f(s[0])
	for _, x := range s[1:] {
		lo, hi = min(lo, f(x)), max(hi, f(x))
	}
	return lo, hi
}

func wallS(x sample) float64 { return x.wall.Seconds() }
func cpuS(x sample) float64  { return x.cpu.Seconds() }
func rssM(x sample) float64  { return float64(x.rss) / (1 << 20) }

func TestCompare(t *testing.T) {
	if os.Getenv("VMFLEET_COMPARE") == "" {
		t.Skip("side-by-side timing of vmfleet and kustomize (minutes, timing-sensitive): run `make compare`, or set VMFLEET_COMPARE=1 and VMFLEET_KUSTOMIZE")
	}
	kustomize := os.Getenv("VMFLEET_KUSTOMIZE")
	if kustomize == "" {
		t.Skip("set VMFLEET_KUSTOMIZE to the kustomize binary (hack/tool.sh kustomize builds v5.8.1 and prints its path)")
	}
	runs := envInt(t, "VMFLEET_COMPARE_RUNS", 11)
	renderRuns := envInt(t, "VMFLEET_COMPARE_RENDER_RUNS", 5)
	work := t.TempDir()
	vmfleet := vmfleetBinary(t, work)
	front := frontBinary(t, work, vmfleet)
	rusage = buildRusage(t, work)
	version, _ := exec.Command(kustomize, "version").Output()

	var out strings.Builder
	fmt.Fprintf(&out, "machine: %s, %d CPUs, %s; load average before: %s\n", cpuModel(), runtime.NumCPU(), memTotal(), loadavg())
	fmt.Fprintf(&out, "vmfleet: %s; front: %s; kustomize: %s\n", vmfleet, front, strings.TrimSpace(string(version)))

	// 1. One cluster's build, at 10 x 200 (every VM everywhere: big
	// overlays) and 3,500 x 20 (many clusters), vmfleet's routes against
	// kustomize build of the overlay.
	var ratios []string
	for _, o := range []fixture.Options{{Clusters: 10, VMs: 200, EveryCluster: true}, {Clusters: 3500, VMs: 20}} {
		ratios = append(ratios, clusterBuilds(t, &out, work, vmfleet, front, kustomize, o, runs)...)
	}

	// 2. The whole render, at 350 and 3,500 clusters.
	sizes := []fixture.Options{{Clusters: 350, VMs: 20}, {Clusters: 3500, VMs: 20}}
	results := make([]samples, len(sizes))
	floors := make([]samples, len(sizes))
	trees := make([]map[string][]byte, len(sizes))
	files := make([]int, len(sizes))
	fleets := make([]string, len(sizes))
	for i, o := range sizes {
		fleets[i] = filepath.Join(work, fmt.Sprintf("render-%dx%d.yaml", o.Clusters, o.VMs))
		if err := os.WriteFile(fleets[i], fixture.Generate(o), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for r := 0; r < renderRuns; r++ {
		for i := range sizes {
			dir := filepath.Join(work, fmt.Sprintf("out-%d-%d", i, r))
			results[i] = append(results[i], measure(t, vmfleet, "render", fleets[i], "-o", dir))
			if r == 0 {
				trees[i] = readTree(t, dir)
				files[i] = len(trees[i])
			}
			if err := os.RemoveAll(dir); err != nil { // not timed
				t.Fatal(err)
			}
			floors[i] = append(floors[i], writeFloor(t, dir, trees[i]))
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
		}
	}
	fmt.Fprintf(&out, "\nwhole render, vmfleet render FLEET -o NEWDIR; %d interleaved runs each\n", renderRuns)
	var names []string
	for i, o := range sizes {
		names = append(names, fmt.Sprintf("render %dx%d (%d instances, %d files)", o.Clusters, o.VMs, fixture.Instances(o), files[i]))
	}
	table(&out, names, results)
	fmt.Fprintf(&out, "  file-system floor, in %s: writing the same files (same bytes, a plain Go loop, one syncfs), wall median [min-max]:\n", work)
	for i, o := range sizes {
		lo, hi := floors[i].spread(wallS)
		fmt.Fprintf(&out, "    %dx%d: %.3f s [%.3f-%.3f] for %d files\n", o.Clusters, o.VMs, floors[i].median(wallS), lo, hi, files[i])
	}
	fmt.Fprintf(&out, "  per cluster (median / clusters):\n")
	for i, o := range sizes {
		fmt.Fprintf(&out, "    N=%-5d wall %.2f ms/cluster, CPU %.2f ms/cluster\n", o.Clusters,
			1000*results[i].median(wallS)/float64(o.Clusters), 1000*results[i].median(cpuS)/float64(o.Clusters))
	}
	a, b := results[0], results[1]
	fmt.Fprintf(&out, "  %dx the clusters: %.1fx the wall time, %.1fx the CPU time, %.1fx the peak memory\n",
		sizes[1].Clusters/sizes[0].Clusters, b.median(wallS)/a.median(wallS), b.median(cpuS)/a.median(cpuS), b.median(rssM)/a.median(rssM))

	// 3. Re-render after a one-VM edit, into the tree of the unedited fleet
	// (what a commit that resizes one VM costs): whatever the writer does
	// with unchanged files is in this figure.
	big := sizes[len(sizes)-1]
	edited := filepath.Join(work, "render-edited.yaml")
	data, err := os.ReadFile(fleets[len(fleets)-1])
	if err != nil {
		t.Fatal(err)
	}
	oneVM := bytes.Replace(data, []byte("  memory: 4Gi\n"), []byte("  memory: 6Gi\n"), 1)
	if bytes.Equal(oneVM, data) {
		t.Fatal("no VM with memory: 4Gi in the fixture to edit")
	}
	if err := os.WriteFile(edited, oneVM, 0o644); err != nil {
		t.Fatal(err)
	}
	var again, noMemo samples
	for r := 0; r < renderRuns; r++ {
		dir := filepath.Join(work, fmt.Sprintf("rerender-%d", r))
		mustRun(t, nil, vmfleet, "render", fleets[len(fleets)-1], "-o", dir) // not timed
		before := readTree(t, dir)
		again = append(again, measure(t, vmfleet, "render", edited, "-o", dir))
		if r == 0 {
			changed := 0
			for p, b := range readTree(t, dir) {
				if !bytes.Equal(before[p], b) {
					changed++
				}
			}
			fmt.Fprintf(&out, "\nre-render %dx%d after one VM's memory changed, into the existing tree: %d files' bytes change; %d runs\n",
				big.Clusters, big.VMs, changed, renderRuns)
		}
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		// The same without the render memo (the cache off): every file
		// is made and compared, as before the memo.
		off := []string{"VMFLEET_CACHE_DIR=off"}
		if err := runEnv(off, vmfleet, "render", fleets[len(fleets)-1], "-o", dir); err != nil { // not timed
			t.Fatal(err)
		}
		noMemo = append(noMemo, measureIn(t, "", off, vmfleet, "render", edited, "-o", dir))
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
	}
	full := results[len(results)-1]
	table(&out, []string{fmt.Sprintf("full render %dx%d, new folder", big.Clusters, big.VMs), "re-render after a one-VM edit", "re-render after the edit, no memo (VMFLEET_CACHE_DIR=off)"}, []samples{full, again, noMemo})
	ratios = append(ratios, fmt.Sprintf("full render / re-render after a one-VM edit, %dx%d: wall %.1fx, CPU %.1fx (without the memo: wall %.1fx, CPU %.1fx)",
		big.Clusters, big.VMs, full.median(wallS)/again.median(wallS), full.median(cpuS)/again.median(cpuS),
		full.median(wallS)/noMemo.median(wallS), full.median(cpuS)/noMemo.median(cpuS)))

	fmt.Fprintf(&out, "\nall ratios (medians):\n")
	for _, r := range ratios {
		fmt.Fprintf(&out, "  %s\n", r)
	}
	fmt.Fprintf(&out, "\nload average after: %s\n", loadavg())
	t.Log("\n" + out.String())
	fmt.Print(out.String())
}

func table(out *strings.Builder, names []string, s []samples) {
	w := 0
	for _, n := range names {
		w = max(w, len(n))
	}
	fmt.Fprintf(out, "  %-*s  %22s  %22s  %16s\n", w, "", "wall s: median [min-max]", "CPU s: median [min-max]", "peak RSS MiB")
	for i, n := range names {
		wl, wh := s[i].spread(wallS)
		cl, ch := s[i].spread(cpuS)
		fmt.Fprintf(out, "  %-*s  %7.3f [%.3f-%.3f]  %7.3f [%.3f-%.3f]  %7.1f (max %.1f)\n", w, n,
			s[i].median(wallS), wl, wh, s[i].median(cpuS), cl, ch, s[i].median(rssM), func() float64 { _, h := s[i].spread(rssM); return h }())
	}
}

// measure runs one process with stdout to /dev/null and returns its wall
// time, CPU time and peak RSS.
func measure(t *testing.T, name string, args ...string) sample {
	t.Helper()
	return measureIn(t, "", nil, name, args...)
}

// measureIn is measure in folder dir (empty: this one), with env added to
// the environment.
func measureIn(t *testing.T, dir string, env []string, name string, args ...string) sample {
	t.Helper()
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	report := rusage + ".report"
	var stderr bytes.Buffer
	cmd := exec.Command(rusage, append([]string{report, name}, args...)...)
	cmd.Stdout, cmd.Stderr = null, &stderr
	cmd.Dir = dir
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	var wall, user, system, rssKiB int64
	if _, err := fmt.Sscanf(string(data), "%d %d %d %d", &wall, &user, &system, &rssKiB); err != nil {
		t.Fatalf("rusage report %q: %v", data, err)
	}
	return sample{wall: time.Duration(wall), cpu: time.Duration(user + system), rss: rssKiB * 1024} // kilobytes on Linux
}

// rusage is tests/scale/cmd/rusage, built by TestCompare: each measured
// process is started from it (see its doc: a child started from the test
// would count the test's memory in its peak RSS); it times the process
// itself, so its own start is in no figure.
var rusage string

func buildRusage(t *testing.T, dir string) string {
	bin := filepath.Join(dir, "rusage")
	if out, err := exec.Command("go", "build", "-o", bin, "vmfleet.dev/vmfleet/tests/scale/cmd/rusage").CombinedOutput(); err != nil {
		t.Fatalf("go build rusage: %v\n%s", err, out)
	}
	return bin
}

// runEnv runs a command (output discarded) with env added, for its effect.
func runEnv(env []string, name string, args ...string) error {
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stderr = &stderr
	cmd.Env = append(os.Environ(), env...)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return nil
}

func mustRun(t *testing.T, stdout *bytes.Buffer, name string, args ...string) {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stderr = &stderr
	if stdout != nil {
		cmd.Stdout = stdout
	}
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
}

// vmfleetBinary builds cmd/vmfleet as it ships (VMFLEET_BIN overrides).
func vmfleetBinary(t *testing.T, dir string) string {
	if bin := os.Getenv("VMFLEET_BIN"); bin != "" {
		return bin
	}
	bin := filepath.Join(dir, "vmfleet")
	cmd := exec.Command("go", "build", "-trimpath", "-o", bin, "vmfleet.dev/vmfleet/cmd/vmfleet")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// frontBinary puts the front program (cmd/vmfleet-cached, built from this
// checkout as it ships, or VMFLEET_CACHED_BIN) in a folder of its own
// beside a link to vmfleet: the front runs, and keys the cache by, the
// vmfleet beside it.
func frontBinary(t *testing.T, dir, vmfleet string) string {
	folder := filepath.Join(dir, "front")
	if err := os.MkdirAll(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(folder, "vmfleet-cached")
	if src := os.Getenv("VMFLEET_CACHED_BIN"); src != "" {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(bin, data, 0o755); err != nil {
			t.Fatal(err)
		}
	} else if out, err := exec.Command("go", "build", "-trimpath", "-o", bin, "vmfleet.dev/vmfleet/cmd/vmfleet-cached").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	abs, err := filepath.Abs(vmfleet)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(abs, filepath.Join(folder, "vmfleet")); err != nil {
		t.Fatal(err)
	}
	return bin
}

// readTree reads every regular file under dir (relative path -> bytes).
func readTree(t *testing.T, dir string) map[string][]byte {
	tree := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		tree[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// writeFloor writes tree under dir as plainly as Go can (one syncfs at the
// end, as vmfleet does) and returns the wall time: what creating that many
// files costs on this file system, whatever program writes them.
func writeFloor(t *testing.T, dir string, tree map[string][]byte) sample {
	start := time.Now()
	for rel, data := range tree {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := unix.Syncfs(int(f.Fd())); err != nil {
		t.Fatal(err)
	}
	return sample{wall: time.Since(start)}
}

func readFile(t *testing.T, p string) string {
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func envInt(t *testing.T, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive number", name, s)
	}
	return n
}

func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(data))
	return strings.Join(f[:3], " ")
}

func cpuModel() string {
	data, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

func memTotal() string {
	data, _ := os.ReadFile("/proc/meminfo")
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "MemTotal:") {
			kb, _ := strconv.Atoi(strings.Fields(line)[1])
			return fmt.Sprintf("%.1f GiB RAM", float64(kb)/(1<<20))
		}
	}
	return "?"
}
