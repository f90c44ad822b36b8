package reliability

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The corpus: testdata/cases/<name>/case.yaml is a bad fleet (its first
// line says what is wrong with it, except in empty-file), want.txt is the
// exact stderr of 'vmfleet validate case.yaml' and exit-code its exit code.
// Regenerate the want files with VMFLEET_UPDATE=1 (make update-corpus) and
// read the diff: every message must name the field and file:line and say
// what to do.
const casesDir = "testdata/cases"

// minCases is what issue #5 asks for at least.
const minCases = 60

// findingLine is "file:line: error: path: message" (path optional, and
// line:column for a yaml syntax error); a
// finding about the whole file may have no line (empty file, size limit).
var findingLine = regexp.MustCompile(`^(testdata/cases/[a-z0-9-]+/case\.yaml)(:[1-9][0-9]*(?::[1-9][0-9]*)?)?: (error|warning): (.+)$`)

// noLine lists the cases whose error is about the whole file and so has no line.
var noLine = map[string]bool{
	"empty-file": true, "empty-comments-only": true, "empty-document-marker": true, "empty-null-document": true,
}

func TestCorpus(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join(casesDir, "*", "case.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < minCases {
		t.Fatalf("the corpus has %d cases, want at least %d", len(cases), minCases)
	}
	// One valid tree, rendered once, is the "old tree" each failed render
	// must leave alone.
	old := filepath.Join(t.TempDir(), "old")
	renderTree(t, "../../examples/ha-pair/fleet.yaml", old)
	writeFile(t, filepath.Join(old, "README.md"), "# our fleet\n")

	for _, file := range cases {
		dir := filepath.Dir(file)
		name := filepath.Base(dir)
		file := filepath.ToSlash(file)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			validate := run(nil, "validate", file)
			checkWant(t, dir, validate)
			if validate.code == 0 {
				t.Fatalf("a bad fleet passed validation:\n%v", validate)
			}
			if validate.stdout != "" {
				t.Errorf("validate printed to stdout on failure:\n%s", validate.stdout)
			}
			checkMessages(t, name, file, validate.stderr)

			// build and render print the same findings and the same code.
			build := run(nil, "build", file)
			if build.code != validate.code || build.stderr != validate.stderr || build.stdout != "" {
				t.Errorf("build differs from validate:\n%v", build)
			}
			// render -o into an existing tree leaves it, and its
			// surroundings, byte for byte as they were.
			parent := t.TempDir()
			out := filepath.Join(parent, "tree")
			copyTree(t, old, out)
			before := snapshot(t, parent)
			render := run(nil, "render", file, "-o", out)
			if render.code != validate.code || render.stderr != validate.stderr || render.stdout != "" {
				t.Errorf("render differs from validate:\n%v", render)
			}
			if d := diffSnapshots(before, snapshot(t, parent)); d != "" {
				t.Errorf("a failed render changed the output folder:\n%s", d)
			}
			// An output folder that does not exist is not created.
			fresh := filepath.Join(parent, "fresh")
			if r := run(nil, "render", file, "-o", fresh); r.code != validate.code {
				t.Errorf("render into a new folder: %v", r)
			}
			if _, err := os.Lstat(fresh); !os.IsNotExist(err) {
				t.Errorf("a failed render created %s", fresh)
			}
		})
	}
}

// checkWant compares a result with want.txt and exit-code, or writes them
// when updating.
func checkWant(t *testing.T, dir string, r result) {
	t.Helper()
	wantFile, codeFile := filepath.Join(dir, "want.txt"), filepath.Join(dir, "exit-code")
	if update {
		writeFile(t, wantFile, r.stderr)
		writeFile(t, codeFile, strconv.Itoa(r.code)+"\n")
		return
	}
	want, err := os.ReadFile(wantFile)
	if err != nil {
		t.Fatalf("%v (generate it with VMFLEET_UPDATE=1, then read it)", err)
	}
	codeText, err := os.ReadFile(codeFile)
	if err != nil {
		t.Fatalf("%v (generate it with VMFLEET_UPDATE=1, then read it)", err)
	}
	code, err := strconv.Atoi(strings.TrimSpace(string(codeText)))
	if err != nil {
		t.Fatalf("%s: %v", codeFile, err)
	}
	if r.code != code {
		t.Errorf("exit code %d, want %d", r.code, code)
	}
	if r.stderr != string(want) {
		t.Errorf("stderr differs from %s\n--- got\n%s--- want\n%s", wantFile, r.stderr, want)
	}
}

// checkMessages holds every message to the rules of findings: the file and
// line, the severity, and (after the findings) one summary line.
func checkMessages(t *testing.T, name, file, stderr string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if len(lines) < 2 {
		t.Fatalf("want at least one finding and a summary, got:\n%s", stderr)
	}
	summary := lines[len(lines)-1]
	if !strings.HasPrefix(summary, "vmfleet: "+file+" is not a valid fleet: ") {
		t.Errorf("last line is not the summary: %q", summary)
	}
	errors := 0
	for _, l := range lines[:len(lines)-1] {
		m := findingLine.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("not a finding (file:line: severity: path: message): %q", l)
			continue
		}
		if m[1] != file {
			t.Errorf("finding names file %s, want %s: %q", m[1], file, l)
		}
		if m[2] == "" && !noLine[name] {
			t.Errorf("finding has no line: %q", l)
		}
		if m[3] == "error" {
			errors++
		}
	}
	if errors == 0 {
		t.Errorf("no error finding in:\n%s", stderr)
	}
}

// copyTree copies a tree of regular files and folders.
func copyTree(t testing.TB, from, to string) {
	t.Helper()
	for p, e := range snapshot(t, from) {
		target := filepath.Join(to, filepath.FromSlash(p))
		switch {
		case e.mode.IsDir():
			if err := os.MkdirAll(target, e.mode.Perm()); err != nil {
				t.Fatal(err)
			}
		case e.mode.IsRegular():
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(target, []byte(e.data), e.mode.Perm()); err != nil {
				t.Fatal(err)
			}
		}
	}
}
