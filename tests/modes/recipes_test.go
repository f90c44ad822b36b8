package modes

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

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
// examples/, hack/containers/, bin/vmfleet{,-cached} and .cache/bin/{kustomize,kpt}.
// `make` in it is a stand-in that only accepts the targets `make modes` has
// already built. It returns the folder and the PATH to start from.
func workspace(t *testing.T, tl tools) (string, string) {
	t.Helper()
	ws := t.TempDir()
	for _, dir := range []string{"examples/kustomize", "examples/kpt", "examples/argocd", "hack/containers"} {
		copyDir(t, filepath.Join(repo, dir), filepath.Join(ws, dir))
	}
	mustLink(t, tl.vmfleet, filepath.Join(ws, "bin", "vmfleet"))
	mustLink(t, tl.cached, filepath.Join(ws, "bin", "vmfleet-cached"))
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
