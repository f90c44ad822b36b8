package reliability

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A fleet small enough to be valid, to build hostile inputs around.
const smallFleet = `apiVersion: vmfleet.dev/v1alpha1
kind: VMFleet
metadata:
  name: shop
spec:
  gitops:
    repoURL: https://git.example.com/platform/gitops
    path: fleets/shop
  clusters:
    - name: spoke-a
  vms:
    - name: app
      namespace: tenant-app
      instancetype: u1.large
      disk:
        size: 40Gi
        source:
          blank: {}
`

// hostile is one hostile input and what vmfleet must say about it.
type hostile struct {
	name string
	data func() []byte
	// stdin passes the input on stdin ("-") rather than as a file.
	stdin bool
	want  string // in stderr
}

func hostileInputs() []hostile {
	return []hostile{
		{name: "alias bomb (lists, 9^9 lols)", data: aliasBombLists, want: "expected a string, found a list"},
		{name: "alias bomb (merge keys, 9^9 keys)", data: aliasBombMerge, want: "more than 1000000 yaml nodes"},
		{name: "50 MB file", data: fiftyMB, want: "the file is 52429118 bytes, over the limit of 8388608 bytes (8 MiB) for a fleet"},
		{name: "50 MB on stdin", data: fiftyMB, stdin: true, want: "read <stdin>: input is larger than 8 MiB, the limit for a fleet"},
		{name: "8 MiB + 1 byte file", data: func() []byte {
			return append([]byte(smallFleet), bytes.Repeat([]byte("#"), 8<<20+1-len(smallFleet))...)
		}, want: "the file is 8388609 bytes, over the limit of 8388608 bytes (8 MiB) for a fleet"},
		{name: "7 MB of one flow list", data: denseFlow, want: "too many yaml values"},
		{name: "10,000 nested flow lists", data: func() []byte { return nestedFlow(10000, "[", "]") }, want: "spec.clusterSets[0]: expected a string, found a list"},
		{name: "10,001 nested flow lists", data: func() []byte { return nestedFlow(10001, "[", "]") }, want: "exceeded max depth"},
		{name: "10,000 nested flow mappings", data: func() []byte { return nestedFlow(10000, "{a: ", "}") }, want: "spec.clusterSets: expected a list, found a mapping"},
		{name: "10,000 nested block lists", data: nestedBlock, want: "invalid yaml: exceeded max depth of 10000"},
		{name: "10,000 chained merge aliases", data: chainedMerges, want: "nested too deeply: more than 100 levels"},
		{name: "NUL byte", data: func() []byte { return []byte(strings.Replace(smallFleet, "name: app", "name: a\x00pp", 1)) }, want: "contains a nul byte at line 12"},
		{name: "NUL byte first", data: func() []byte { return append([]byte{0}, smallFleet...) }, want: "contains a nul byte at line 1"},
	}
}

// aliasBombLists is the classic billion laughs: nine levels of lists, each
// nine aliases of the level below, used where a list of strings belongs.
func aliasBombLists() []byte {
	var level func(n int) string
	level = func(n int) string {
		if n == 0 {
			return "&l0 [" + strings.TrimSuffix(strings.Repeat(`"lol", `, 9), ", ") + "]"
		}
		return fmt.Sprintf("&l%d [%s%s]", n, level(n-1), strings.Repeat(fmt.Sprintf(", *l%d", n-1), 8))
	}
	return []byte("apiVersion: vmfleet.dev/v1alpha1\nkind: VMFleet\nmetadata:\n  name: lol\nspec:\n" +
		"  gitops: {repoURL: https://x.example.com/r, path: x}\n  clusters: [{name: c}]\n  clusterSets: " + level(8) + "\n")
}

// aliasBombMerge is billion laughs with merge keys, which the decoder must
// expand (a merged mapping's keys are real keys): nine levels of mappings,
// each merging nine copies of the level below.
func aliasBombMerge() []byte {
	var b strings.Builder
	b.WriteString("apiVersion: vmfleet.dev/v1alpha1\nkind: VMFleet\nmetadata:\n  name: lol\n")
	b.WriteString("  annotations: &m0 {")
	for i := 0; i < 9; i++ {
		fmt.Fprintf(&b, "k%d: lol, ", i)
	}
	b.WriteString("}\n")
	merge := func(i int) string {
		return fmt.Sprintf("&m%d {<<: [%s]}", i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*m%d, ", i-1), 9), ", "))
	}
	fmt.Fprintf(&b, "  labels: %s\nspec:\n  gitops: {repoURL: https://x.example.com/r, path: x}\n", merge(1))
	fmt.Fprintf(&b, "  clusterSelector:\n    matchLabels: %s\n  clusters:\n", merge(2))
	for c, i := 0, 3; i <= 8; c, i = c+1, i+2 {
		fmt.Fprintf(&b, "    - name: c%d\n      nodeSelector: %s\n", c, merge(i))
		if i+1 <= 8 {
			fmt.Fprintf(&b, "      networks: %s\n", merge(i+1))
		}
	}
	return []byte(b.String())
}

// fiftyMB is a valid fleet followed by 50 MB of comment.
func fiftyMB() []byte {
	return append([]byte(smallFleet), bytes.Repeat([]byte("# padding padding padding padding padding padding padding padding padding\n"), 50<<20/74)...)
}

// denseFlow is one flow list of about 3.5 million items, under the 8 MiB limit.
func denseFlow() []byte {
	return []byte(strings.Replace(smallFleet, "  clusters:\n", "  clusterSets: ["+strings.Repeat("a,", 7<<19)+"a]\n  clusters:\n", 1))
}

// nestedFlow nests n flow collections as spec.clusterSets.
func nestedFlow(n int, open, close string) []byte {
	return []byte(strings.Replace(smallFleet, "  clusters:\n", "  clusterSets: "+strings.Repeat(open, n)+"x"+strings.Repeat(close, n)+"\n  clusters:\n", 1))
}

// nestedBlock nests 10,000 block lists ("- - - … x") as spec.clusterSets.
func nestedBlock() []byte {
	return []byte(strings.Replace(smallFleet, "  clusters:\n", "  clusterSets:\n    "+strings.Repeat("- ", 10000)+"x\n  clusters:\n", 1))
}

// chainedMerges defines 10,000 mappings side by side, each merging the
// one before it (&a1 {<<: *a0}, &a2 {<<: *a1}, …): aliases nest 10,000
// deep though the text is flat.
func chainedMerges() []byte {
	var b strings.Builder
	b.WriteString("apiVersion: vmfleet.dev/v1alpha1\nkind: VMFleet\nmetadata:\n  name: shop\n  labels: {<<: [&a0 {k: v}")
	for i := 1; i < 10000; i++ {
		fmt.Fprintf(&b, ", &a%d {<<: *a%d}", i, i-1)
	}
	b.WriteString("]}\n")
	return []byte(b.String())
}

// Each hostile input, through the whole program (validate and build, in a
// process of their own), ends in a clear error and exit code 1. Elapsed
// time and peak memory are logged (go test -v), not asserted.
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocesses and a 50 MB input")
	}
	t.Parallel()
	dir := t.TempDir()
	baseline := filepath.Join(dir, "baseline.yaml")
	writeFile(t, baseline, smallFleet)
	for _, cmd := range []string{"validate", "build"} {
		p := runProcess(t, nil, nil, cmd, baseline)
		if p.code != 0 {
			t.Fatalf("baseline %s: %v", cmd, p.result)
		}
		t.Logf("%-36s %-8s exit %d %8.1f ms  %s", "baseline (a valid fleet)", cmd, p.code, ms(p), p.memory)
	}
	for i, h := range hostileInputs() {
		data := h.data()
		file := filepath.Join(dir, fmt.Sprintf("hostile-%d.yaml", i))
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, cmd := range []string{"validate", "build"} {
			var p process
			if h.stdin {
				p = runProcess(t, data, nil, cmd, "-")
			} else {
				p = runProcess(t, nil, nil, cmd, file)
			}
			t.Logf("%-36s %-8s exit %d %8.1f ms  %s  (%d bytes)", h.name, cmd, p.code, ms(p), p.memory, len(data))
			if p.code != 1 || !strings.Contains(p.stderr, h.want) || p.stdout != "" {
				t.Errorf("%s: %s: want exit 1, %q in stderr and no stdout; got exit %d\n--- stdout\n%.2000s\n--- stderr\n%.2000s", h.name, cmd, h.want, p.code, p.stdout, p.stderr)
			}
			if len(p.stderr) > 64<<10 {
				t.Errorf("%s: %s: %d bytes of stderr", h.name, cmd, len(p.stderr))
			}
		}
		os.Remove(file)
	}
}

func ms(p process) float64 { return float64(p.elapsed.Microseconds()) / 1000 }
