package cli_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"vmfleet.dev/vmfleet/internal/cli"
	"vmfleet.dev/vmfleet/internal/front"
	"vmfleet.dev/vmfleet/render"
)

// The front program (cmd/vmfleet-cached) and the full one, in process: the
// full program's cache key names the file exe (cli.SetExecutable), the
// front is told exe is the vmfleet it would run, as it would find it.

// standIn writes a file that stands for the vmfleet binary.
func standIn(t *testing.T) string {
	t.Helper()
	exe := filepath.Join(t.TempDir(), "vmfleet")
	if err := os.WriteFile(exe, bytes.Repeat([]byte("vmfleet binary\n"), 4096), 0o755); err != nil {
		t.Fatal(err)
	}
	return exe
}

type outcome struct {
	code           int
	stdout, stderr string
}

func (o outcome) String() string {
	return fmt.Sprintf("exit %d, %d bytes of stdout, stderr %q", o.code, len(o.stdout), o.stderr)
}

func full(env map[string]string, stdin string, args ...string) outcome {
	var out, errb bytes.Buffer
	code := cli.Run(cli.IO{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Env: func(k string) string { return env[k] }}, args)
	return outcome{code, out.String(), errb.String()}
}

// served is the front's answer, ok false when it would run vmfleet.
func served(exe string, env map[string]string, args ...string) (outcome, bool) {
	stdout, stderr, ok := front.Lookup(exe, args, func(k string) string { return env[k] })
	if !ok {
		return outcome{}, false
	}
	var out, errb bytes.Buffer
	code := front.Serve(&out, &errb, stdout, stderr)
	return outcome{code, out.String(), errb.String()}, true
}

func with(env map[string]string, kv ...string) map[string]string {
	m := map[string]string{}
	for k, v := range env {
		m[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// For every cluster of every example, each command line the front serves
// gives, from the front, exactly what the full program gives on the same
// hit: stdout and stderr byte for byte, the exit code; and before the
// cache is filled the front leaves the command to vmfleet.
func TestFrontHitIsFullProgram(t *testing.T) {
	exe := standIn(t)
	defer cli.SetExecutable(exe)()
	fleets, err := filepath.Glob("../../examples/*/fleet.yaml")
	if err != nil || len(fleets) < 10 {
		t.Fatalf("examples: %v %v", fleets, err)
	}
	warned := 0 // hits whose stored stderr is not empty
	for _, file := range fleets {
		abs, err := filepath.Abs(file)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(filepath.Dir(file)), func(t *testing.T) {
			data, err := os.ReadFile(abs)
			if err != nil {
				t.Fatal(err)
			}
			fleet, findings := render.Load(abs, data)
			if fleet == nil {
				t.Fatalf("invalid: %v", findings)
			}
			t.Chdir(filepath.Dir(abs))
			env := map[string]string{"VMFLEET_CACHE_DIR": filepath.Join(t.TempDir(), "cache")}
			for i, c := range fleet.ClusterNames() {
				lines := []struct {
					env  map[string]string
					args []string
				}{
					{env, []string{"build", "fleet.yaml", "--cluster", c}},
					{env, []string{"build", "--cluster", c, "fleet.yaml"}},
					{env, []string{"build", "--cluster=" + c, "fleet.yaml"}},
					{env, []string{"build", abs, "--cluster", c}},
					{with(env, "ARGOCD_ENV_CLUSTER", c), []string{"argocd"}},
					{with(env, "ARGOCD_ENV_CLUSTER", c), []string{"argocd", "fleet.yaml"}},
					{with(env, "ARGOCD_ENV_CLUSTER", c, "ARGOCD_ENV_FLEET", "fleet.yaml"), []string{"argocd"}},
					{with(env, "ARGOCD_APP_PARAMETERS", `[{"name":"cluster","string":"`+c+`"},{"name":"fleet","string":"fleet.yaml"}]`), []string{"argocd"}},
					{with(env, "ARGOCD_ENV_CLUSTER", c, "ARGOCD_APP_PARAMETERS", `[{"name":"cluster","string":"`+c+`"}]`), []string{"argocd"}},
				}
				for j, l := range lines {
					if i == 0 && (j == 0 || j == 3) { // nothing cached yet for this file name
						if o, ok := served(exe, l.env, l.args...); ok {
							t.Fatalf("%v: served before any build: %s", l.args, o)
						}
					}
					fill := full(l.env, "", l.args...)
					want := full(l.env, "", l.args...)
					got, ok := served(exe, l.env, l.args...)
					if fill.code != 0 || want != fill {
						t.Fatalf("%v: full program: %s, then %s", l.args, fill, want)
					}
					if !ok {
						t.Fatalf("%v (%v): the front leaves a cache hit to vmfleet", l.args, l.env)
					}
					if got != want {
						t.Fatalf("%v: front %s, full program %s; same stdout: %v", l.args, got, want, got.stdout == want.stdout)
					}
					if got.stderr != "" {
						warned++
					}
				}
			}
		})
	}
	if warned == 0 {
		t.Error("no example's hit printed findings: the stored stderr went untested")
	}
}

// failing is a stream that cannot be written (a closed pipe).
type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, syscall.EPIPE }

// A hit whose stdout or stderr cannot be written fails in the front as in
// the full program: exit 4, the same message.
func TestFrontUnwritableOutput(t *testing.T) {
	exe := standIn(t)
	defer cli.SetExecutable(exe)()
	t.Chdir("../../examples/argocd")
	env := map[string]string{"VMFLEET_CACHE_DIR": filepath.Join(t.TempDir(), "cache")}
	args := []string{"build", "fleet.yaml", "--cluster", "spoke-dc-v7"}
	if o := full(env, "", args...); o.code != 0 {
		t.Fatal(o)
	}
	stdout, stderr, ok := front.Lookup(exe, args, func(k string) string { return env[k] })
	if !ok {
		t.Fatal("no hit")
	}
	buf := func(b *bytes.Buffer) io.Writer { return b }
	broken := func(*bytes.Buffer) io.Writer { return failing{} }
	for _, tc := range []struct {
		name      string
		out, errw func(*bytes.Buffer) io.Writer
	}{
		{"stdout", broken, buf},
		{"stderr", buf, broken},
		{"both", broken, broken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var fo, fe, so, se bytes.Buffer
			code := cli.Run(cli.IO{Stdin: strings.NewReader(""), Stdout: tc.out(&fo), Stderr: tc.errw(&fe), Env: func(k string) string { return env[k] }}, args)
			got := front.Serve(tc.out(&so), tc.errw(&se), stdout, stderr)
			if code != cli.ExitEnvironment || got != code || fe.String() != se.String() || fo.String() != so.String() {
				t.Errorf("full program exit %d stderr %q, front exit %d stderr %q", code, fe.String(), got, se.String())
			}
			if want := "vmfleet: write stdout: broken pipe\n"; tc.name == "stdout" && se.String() != want {
				t.Errorf("stderr %q, want %q", se.String(), want)
			}
		})
	}
}

// The key names the full program's file: touch it, replace it (even with
// the same bytes and times), change its bytes in place, and the front
// misses, as does the full program (which builds a new pack); a chmod
// changes no program and still hits. A corrupt pack is a miss.
func TestFrontKeyFollowsTheBinary(t *testing.T) {
	exe := standIn(t)
	defer cli.SetExecutable(exe)()
	t.Chdir("../../examples/argocd")
	cache := filepath.Join(t.TempDir(), "cache")
	env := map[string]string{"VMFLEET_CACHE_DIR": cache}
	args := []string{"build", "fleet.yaml", "--cluster", "spoke-dc-v6"}
	fill := func(t *testing.T) {
		t.Helper()
		if o := full(env, "", args...); o.code != 0 {
			t.Fatal(o)
		}
	}
	hit := func(t *testing.T, want bool) {
		t.Helper()
		if _, ok := served(exe, env, args...); ok != want {
			t.Fatalf("served: %v, want %v", ok, want)
		}
	}
	fill(t)
	hit(t, true)
	steps := []struct {
		name   string
		change func(t *testing.T)
		miss   bool
	}{
		{"touch", func(t *testing.T) {
			later := time.Now().Add(time.Hour)
			must(t, os.Chtimes(exe, later, later))
		}, true},
		{"replace with the same bytes and times", func(t *testing.T) {
			st, err := os.Stat(exe)
			must(t, err)
			data, err := os.ReadFile(exe)
			must(t, err)
			tmp := exe + ".new"
			must(t, os.WriteFile(tmp, data, 0o755))
			must(t, os.Rename(tmp, exe))
			must(t, os.Chtimes(exe, st.ModTime(), st.ModTime()))
		}, true},
		{"rewrite a byte in place, same size and times", func(t *testing.T) {
			st, err := os.Stat(exe)
			must(t, err)
			f, err := os.OpenFile(exe, os.O_WRONLY, 0)
			must(t, err)
			_, err = f.WriteAt([]byte("V"), 0)
			must(t, err)
			must(t, f.Close())
			must(t, os.Chtimes(exe, st.ModTime(), st.ModTime()))
		}, true},
		{"chmod", func(t *testing.T) { must(t, os.Chmod(exe, 0o644)) }, false},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			before := len(packs(t, cache))
			s.change(t)
			hit(t, !s.miss)
			fill(t)
			hit(t, true)
			if grew := len(packs(t, cache)) - before; grew != map[bool]int{true: 1, false: 0}[s.miss] {
				t.Errorf("the full program wrote %d packs, want a new one exactly when the front missed", grew)
			}
		})
	}
	t.Run("corrupt pack", func(t *testing.T) {
		want := full(env, "", args...)
		for _, p := range packs(t, cache) {
			data, err := os.ReadFile(p)
			must(t, err)
			data[100] ^= 0xff // in the index, checked by its SHA-256
			must(t, os.WriteFile(p, data, 0o600))
		}
		hit(t, false)
		if o := full(env, "", args...); o != want {
			t.Errorf("after a corrupt pack: %s, want %s", o, want)
		}
		hit(t, true)
	})
}

// The front leaves to vmfleet every command line it does not serve, even
// where a pack for the same fleet bytes exists; each case has a plain hit
// beside it as its control.
func TestFrontDelegates(t *testing.T) {
	exe := standIn(t)
	defer cli.SetExecutable(exe)()
	fleet, err := os.ReadFile("../../examples/argocd/fleet.yaml")
	must(t, err)
	root := t.TempDir()
	app, other := filepath.Join(root, "app"), filepath.Join(root, "other")
	must(t, os.MkdirAll(app, 0o755))
	must(t, os.MkdirAll(other, 0o755))
	must(t, os.WriteFile(filepath.Join(app, "fleet.yaml"), fleet, 0o644))
	must(t, os.WriteFile(filepath.Join(other, "fleet.yaml"), fleet, 0o644))
	must(t, os.Symlink("../other/fleet.yaml", filepath.Join(app, "outside.yaml")))
	must(t, os.Symlink("fleet.yaml", filepath.Join(app, "inside.yaml")))
	t.Chdir(app)
	env := map[string]string{"VMFLEET_CACHE_DIR": filepath.Join(root, "cache")}
	plugin := with(env, "ARGOCD_ENV_CLUSTER", "spoke-dc-v7")
	// Packs for every name used below, filled by the full program: the
	// fleet's bytes as fleet.yaml, from stdin, as ../other/fleet.yaml,
	// as outside.yaml (through build, which reads through links).
	for _, l := range [][]string{
		{"build", "fleet.yaml", "--cluster", "spoke-dc-v7"},
		{"build", "../other/fleet.yaml", "--cluster", "spoke-dc-v7"},
		{"build", "outside.yaml", "--cluster", "spoke-dc-v7"},
		{"build", "inside.yaml", "--cluster", "spoke-dc-v7"},
		{"build", filepath.Join(app, "fleet.yaml"), "--cluster", "spoke-dc-v7"},
	} {
		if o := full(env, "", l...); o.code != 0 {
			t.Fatalf("%v: %s", l, o)
		}
	}
	if o := full(env, string(fleet), "build", "-", "--cluster", "spoke-dc-v7"); o.code != 0 {
		t.Fatal(o)
	}
	for _, tc := range []struct {
		env  map[string]string
		args []string
		hit  bool
	}{
		{env, []string{"build", "fleet.yaml", "--cluster", "spoke-dc-v7"}, true},
		{env, []string{"build", "-", "--cluster", "spoke-dc-v7"}, false},
		{env, []string{"build", "--verbose", "fleet.yaml", "--cluster", "spoke-dc-v7"}, false},
		{env, []string{"build", "fleet.yaml", "--cluster", "spoke-dc-v7", "-h"}, false},
		{env, []string{"build", "fleet.yaml", "--cluster", "spoke-dc-v7", "--help"}, false},
		{env, []string{"build", "--", "fleet.yaml", "--cluster", "spoke-dc-v7"}, false},
		{env, []string{"build", "fleet.yaml", "--cluster", "spoke-dc-v7", "--cluster", "spoke-dc-v7"}, false},
		{env, []string{"build", "fleet.yaml", "--cluster="}, false},
		{env, []string{"build", "fleet.yaml", "--cluster"}, false},
		{env, []string{"build", "fleet.yaml", "fleet.yaml", "--cluster", "spoke-dc-v7"}, false},
		{env, []string{"build", "fleet.yaml"}, false},                               // the hub: never cached
		{env, []string{"build", "fleet.yaml", "--cluster", "spoke-dc-v9"}, false},   // not in the fleet
		{env, []string{"build", "missing.yaml", "--cluster", "spoke-dc-v7"}, false}, // vmfleet says why
		{env, []string{"build", ".", "--cluster", "spoke-dc-v7"}, false},
		{env, []string{"validate", "fleet.yaml"}, false},
		{env, []string{"--cluster", "spoke-dc-v7", "build", "fleet.yaml"}, false},
		{env, nil, false},
		{with(env, "VMFLEET_CACHE_DIR", "off"), []string{"build", "fleet.yaml", "--cluster", "spoke-dc-v7"}, false},
		{plugin, []string{"argocd"}, true},
		{plugin, []string{"argocd", "inside.yaml"}, true},
		{plugin, []string{"argocd", "--help"}, false},
		{plugin, []string{"argocd", "-"}, false},
		{plugin, []string{"argocd", "fleet.yaml", "fleet.yaml"}, false},
		{env, []string{"argocd"}, false}, // no cluster
		{with(plugin, "ARGOCD_APP_PARAMETERS", `[{"name":"cluster","string":"spoke-dc-v6"}]`), []string{"argocd"}, false},
		{with(plugin, "ARGOCD_APP_PARAMETERS", `not json`), []string{"argocd"}, false},
		{plugin, []string{"argocd", "outside.yaml"}, false},
		{plugin, []string{"argocd", "../other/fleet.yaml"}, false},
		{plugin, []string{"argocd", filepath.Join(app, "fleet.yaml")}, false},
		{with(plugin, "ARGOCD_ENV_FLEET", "outside.yaml"), []string{"argocd"}, false},
		{with(plugin, "VMFLEET_CACHE_DIR", "off"), []string{"argocd"}, false},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			got, ok := served(exe, tc.env, tc.args...)
			if ok != tc.hit {
				t.Fatalf("served %v (%s), want %v", ok, got, tc.hit)
			}
			if ok {
				if want := full(tc.env, "", tc.args...); got != want {
					t.Errorf("front %s, full program %s", got, want)
				}
			}
		})
	}
}

// A cache folder that is new or not a folder is a miss, not an error.
func TestFrontWithoutCacheFolder(t *testing.T) {
	exe := standIn(t)
	t.Chdir("../../examples/argocd")
	file := filepath.Join(t.TempDir(), "file")
	must(t, os.WriteFile(file, nil, 0o644))
	for _, dir := range []string{filepath.Join(t.TempDir(), "new"), file} {
		if _, ok := served(exe, map[string]string{"VMFLEET_CACHE_DIR": dir}, "build", "fleet.yaml", "--cluster", "spoke-dc-v7"); ok {
			t.Errorf("%s: served", dir)
		}
	}
}
