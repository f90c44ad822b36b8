package modes

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	yaml "go.yaml.in/yaml/v3"
)

// repo is the repository root, from this package's folder.
var repo = func() string {
	abs, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		panic(err)
	}
	return abs
}()

// tools are the real binaries under test.
type tools struct {
	vmfleet, kustomize, kpt string
}

const skipHint = "real-tool test: run `make modes` (it sets VMFLEET_MODES=1, VMFLEET_BIN, VMFLEET_KUSTOMIZE, VMFLEET_KPT)"

// need skips the test unless the real tools were given.
func need(t *testing.T) tools {
	t.Helper()
	if os.Getenv("VMFLEET_MODES") != "1" {
		t.Skip(skipHint)
	}
	tl := tools{vmfleet: os.Getenv("VMFLEET_BIN"), kustomize: os.Getenv("VMFLEET_KUSTOMIZE"), kpt: os.Getenv("VMFLEET_KPT")}
	for name, p := range map[string]*string{"VMFLEET_BIN": &tl.vmfleet, "VMFLEET_KUSTOMIZE": &tl.kustomize, "VMFLEET_KPT": &tl.kpt} {
		if *p == "" {
			t.Fatalf("VMFLEET_MODES=1 but %s is not set", name)
		}
		if !filepath.IsAbs(*p) {
			*p = filepath.Join(repo, *p)
		}
		if _, err := os.Stat(*p); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	return tl
}

// needImage skips the test unless the container image was built (root + podman).
func needImage(t *testing.T) (tools, string) {
	t.Helper()
	tl := need(t)
	image := os.Getenv("VMFLEET_MODES_IMAGE")
	if image == "" {
		t.Skip("container test: run `make modes-image` (root + podman; it sets VMFLEET_MODES_IMAGE)")
	}
	return tl, image
}

// ---- README recipes ----

const (
	readmeBegin = "<!-- modes:begin -->"
	readmeEnd   = "<!-- modes:end -->"
)

// block is one fenced block of the README's modes section.
type block struct {
	name, lang, body string
}

var runMarker = regexp.MustCompile("(?m)^<!-- modes:run ([a-z0-9-]+) -->\n```([a-z]*)\n")

// readmeBlocks returns the blocks marked `<!-- modes:run NAME -->` between the markers.
func readmeBlocks(t *testing.T) map[string]block {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repo, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i, j := strings.Index(text, readmeBegin), strings.Index(text, readmeEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md has no %s … %s section", readmeBegin, readmeEnd)
	}
	section := text[i+len(readmeBegin) : j]
	blocks := map[string]block{}
	for _, m := range runMarker.FindAllStringSubmatchIndex(section, -1) {
		name, lang := section[m[2]:m[3]], section[m[4]:m[5]]
		rest := section[m[1]:]
		end := strings.Index(rest, "```")
		if end < 0 {
			t.Fatalf("README block %s is not closed", name)
		}
		if _, dup := blocks[name]; dup {
			t.Fatalf("README has two blocks named %s", name)
		}
		blocks[name] = block{name: name, lang: lang, body: rest[:end]}
	}
	if n := strings.Count(section, "<!-- modes:run "); n != len(blocks) {
		t.Fatalf("README: %d modes:run markers but %d well-formed blocks (a marker must be followed directly by a ```sh or ```console fence)", n, len(blocks))
	}
	return blocks
}

// workspace is a scratch copy of the parts of a checkout the recipes use:
// examples/, hack/containers/, bin/vmfleet and .cache/bin/{kustomize,kpt}.
// `make` in it is a stand-in that only accepts the targets `make modes` has
// already built. It returns the folder and the PATH to start from.
func workspace(t *testing.T, tl tools) (string, string) {
	t.Helper()
	ws := t.TempDir()
	for _, dir := range []string{"examples/kustomize", "examples/kpt", "examples/argocd", "hack/containers"} {
		copyDir(t, filepath.Join(repo, dir), filepath.Join(ws, dir))
	}
	mustLink(t, tl.vmfleet, filepath.Join(ws, "bin", "vmfleet"))
	mustLink(t, tl.kustomize, filepath.Join(ws, ".cache", "bin", "kustomize"))
	mustLink(t, tl.kpt, filepath.Join(ws, ".cache", "bin", "kpt"))
	fake := filepath.Join(ws, ".fake-make")
	writeFile(t, filepath.Join(fake, "make"), `#!/bin/sh
# tests/modes: make modes has built these already
for t in "$@"; do
	case $t in build|kustomize|kpt|image) ;; *) echo "make $t: not a target make modes builds" >&2; exit 2 ;; esac
done
`, 0o755)
	return ws, fake + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
}

// result of a command.
type result struct {
	stdout, stderr string
	err            error
}

func (r result) String() string {
	return fmt.Sprintf("err: %v\nstdout:\n%s\nstderr:\n%s", r.err, clip(r.stdout), clip(r.stderr))
}

func clip(s string) string {
	if len(s) > 4000 {
		return s[:4000] + "\n… (clipped)"
	}
	return s
}

// runBlock runs a README sh block, after the setup block, with bash in ws.
func runBlock(t *testing.T, ws, path string, b block) result {
	t.Helper()
	if b.lang != "sh" {
		t.Fatalf("README block %s is %q, not sh", b.name, b.lang)
	}
	setup := readmeBlocks(t)["setup"]
	return runScript(t, ws, path, setup.body+"\n"+b.body)
}

func runScript(t *testing.T, ws, path, script string) result {
	t.Helper()
	cmd := exec.Command("bash", "-euo", "pipefail", "-c", script)
	cmd.Dir = ws
	cmd.Env = append(baseEnv(), "PATH="+path)
	return runCmd(t, cmd)
}

// baseEnv is the environment the recipes start from: HOME and the
// container configs' location when set, nothing that points at the checkout.
func baseEnv() []string {
	env := []string{"HOME=" + os.Getenv("HOME"), "LANG=C.UTF-8"}
	for _, k := range []string{"TMPDIR", "XDG_RUNTIME_DIR"} {
		if v := os.Getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	return env
}

func runCmd(t *testing.T, cmd *exec.Cmd) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	t.Logf("%s (in %s, %.1fs)", strings.ReplaceAll(strings.TrimSpace(strings.Join(cmd.Args, " ")), "\n", "; "), cmd.Dir, time.Since(start).Seconds())
	return result{stdout.String(), stderr.String(), err}
}

// tool runs a binary directly, with the workspace PATH (vmfleet, kustomize, kpt first).
func tool(t *testing.T, ws, path, dir string, env []string, name string, args ...string) result {
	t.Helper()
	full := filepath.Join(ws, "bin") + ":" + filepath.Join(ws, ".cache", "bin") + ":" + path
	bin := name
	for _, d := range filepath.SplitList(full) {
		if st, err := os.Stat(filepath.Join(d, name)); err == nil && !st.IsDir() {
			bin = filepath.Join(d, name)
			break
		}
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(append(baseEnv(), "PATH="+full), env...)
	return runCmd(t, cmd)
}

// ---- objects ----

// parseStream parses a YAML stream into objects (null documents skipped).
func parseStream(t *testing.T, data []byte) []map[string]any {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var out []map[string]any
	for {
		var m map[string]any
		err := dec.Decode(&m)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("not a YAML stream: %v\n%s", err, clip(string(data)))
		}
		if m != nil {
			out = append(out, m)
		}
	}
}

func str(m map[string]any, keys ...string) string {
	var v any = m
	for _, k := range keys {
		mm, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = mm[k]
	}
	s, _ := v.(string)
	return s
}

func objectID(m map[string]any) string {
	return str(m, "apiVersion") + " " + str(m, "kind") + " " + str(m, "metadata", "namespace") + "/" + str(m, "metadata", "name")
}

// keyed indexes objects by apiVersion, kind, namespace and name.
func keyed(t *testing.T, objs []map[string]any) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, o := range objs {
		id := objectID(o)
		if _, dup := out[id]; dup {
			t.Fatalf("two objects %s", id)
		}
		out[id] = o
	}
	return out
}

// sameObjects fails unless two YAML streams hold the same set of objects.
func sameObjects(t *testing.T, what string, want, got []byte) {
	t.Helper()
	w, g := keyed(t, parseStream(t, want)), keyed(t, parseStream(t, got))
	if len(w) == 0 {
		t.Fatalf("%s: the reference holds no objects", what)
	}
	if d := cmp.Diff(w, g); d != "" {
		t.Errorf("%s: objects differ (-want +got):\n%s", what, d)
	}
}

// ---- files ----

// readTree reads every regular file under dir, by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameBytes fails unless two trees hold the same files, byte for byte (ignoring skip).
func sameBytes(t *testing.T, what string, want, got map[string][]byte, skip ...string) {
	t.Helper()
	ignored := map[string]bool{}
	for _, s := range skip {
		ignored[s] = true
	}
	var diffs []string
	for p, w := range want {
		if ignored[p] {
			continue
		}
		g, ok := got[p]
		switch {
		case !ok:
			diffs = append(diffs, "missing "+p)
		case !bytes.Equal(w, g):
			diffs = append(diffs, "changed "+p+":\n"+cmp.Diff(string(w), string(g)))
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok && !ignored[p] {
			diffs = append(diffs, "new "+p)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Errorf("%s:\n%s", what, strings.Join(diffs, "\n"))
	}
}

func paths(m map[string][]byte) []string {
	var out []string
	for p := range m {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, p, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}

func mustLink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// edit replaces old by new in a file, which must contain old.
func edit(t *testing.T, p, old, new string) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not contain %q", p, old)
	}
	writeFile(t, p, strings.Replace(string(data), old, new, 1), 0o644)
}

// vmfleet runs the CLI (the reference every mode is compared with).
func vmfleet(t *testing.T, tl tools, args ...string) []byte {
	t.Helper()
	r := runCmd(t, exec.Command(tl.vmfleet, args...))
	if r.err != nil {
		t.Fatalf("vmfleet %s: %s", strings.Join(args, " "), r)
	}
	return []byte(r.stdout)
}

// The clusters of the mode examples' fleet.
var clusters = []string{"spoke-dc-v6", "spoke-dc-v7"}
