// Package reliability proves that bad input never crashes vmfleet, never
// loses a file and never yields different bytes: a corpus of bad fleets
// with the exact messages they must print, hostile inputs (alias bombs,
// huge and deep files, NUL bytes) and renders over existing trees that fail
// or crash half-way.
package reliability

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"vmfleet.dev/vmfleet/internal/cli"
)

// update regenerates the want files of the corpus (make update-corpus).
var update = os.Getenv("VMFLEET_UPDATE") == "1"

// result is what one vmfleet command did.
type result struct {
	code           int
	stdout, stderr string
}

// run runs vmfleet in-process through cli.Run.
func run(stdin []byte, args ...string) result {
	var out, errb bytes.Buffer
	io := cli.IO{Stdin: bytes.NewReader(stdin), Stdout: &out, Stderr: &errb, Env: func(string) string { return "" }}
	code := cli.Run(io, args)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", r.code, r.stdout, r.stderr)
}

// entry is one file system entry of a snapshot.
type entry struct {
	mode fs.FileMode
	data string // file content or link target
}

// snapshot records everything under root without following links: each
// path, its type and permissions, and the bytes of files or the target of
// links.
func snapshot(t testing.TB, root string) map[string]entry {
	t.Helper()
	snap := map[string]entry{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		e := entry{mode: info.Mode()}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			e.data = link
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			e.data = string(data)
		}
		snap[filepath.ToSlash(rel)] = e
		return nil
	})
	if err != nil {
		t.Fatalf("snapshot %s: %v", root, err)
	}
	return snap
}

// diffSnapshots describes how two snapshots differ, or returns "".
func diffSnapshots(before, after map[string]entry) string {
	var out []string
	for p, b := range before {
		a, ok := after[p]
		switch {
		case !ok:
			out = append(out, "removed "+p)
		case a.mode != b.mode:
			out = append(out, fmt.Sprintf("mode of %s: %v -> %v", p, b.mode, a.mode))
		case a.data != b.data:
			out = append(out, "changed "+p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			out = append(out, "added "+p)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// files returns the regular files of a snapshot and their content.
func files(snap map[string]entry) map[string]string {
	out := map[string]string{}
	for p, e := range snap {
		if e.mode.IsRegular() {
			out[p] = e.data
		}
	}
	return out
}

// renderTree renders fleet into dir (which must not exist or be a tree
// vmfleet wrote) and fails the test if that does not work.
func renderTree(t testing.TB, fleet, dir string) {
	t.Helper()
	if r := run(nil, "render", fleet, "-o", dir); r.code != 0 {
		t.Fatalf("render %s -o %s: %v", fleet, dir, r)
	}
}

func writeFile(t testing.TB, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
