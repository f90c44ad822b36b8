package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vmfleet.dev/vmfleet/internal/cli"
	"vmfleet.dev/vmfleet/render"
	"vmfleet.dev/vmfleet/tests/scale/fixture"
)

// runEnv runs a command line with the given environment.
func runWithEnv(env map[string]string, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = cli.Run(cli.IO{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Env: func(k string) string { return env[k] }}, args)
	return code, out.String(), errb.String()
}

// examplesAndFixture lists every example's fleet file and a 40 x 12
// fixture fleet written to a temporary folder.
func examplesAndFixture(t *testing.T) []string {
	t.Helper()
	fleets, err := filepath.Glob("../../examples/*/fleet.yaml")
	if err != nil || len(fleets) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	scale := filepath.Join(t.TempDir(), "fleet.yaml")
	if err := os.WriteFile(scale, fixture.Fleet(40, 12), 0o644); err != nil {
		t.Fatal(err)
	}
	return append(fleets, scale)
}

func packs(t *testing.T, dir string) []string {
	t.Helper()
	p, err := filepath.Glob(filepath.Join(dir, "*.pack"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The cached route prints, for every cluster of every example and of a
// fixture fleet, exactly what the uncached route prints: stdout byte for
// byte, the same findings on stderr, the same exit code. The first build of
// a fleet fills the cache (one pack), the next ones are served from it.
func TestBuildClusterCachedIsUncached(t *testing.T) {
	for _, file := range examplesAndFixture(t) {
		t.Run(filepath.Base(filepath.Dir(file)), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			fleet, findings := render.Load(file, data)
			if fleet == nil {
				t.Fatalf("invalid: %v", findings)
			}
			cache := map[string]string{"VMFLEET_CACHE_DIR": filepath.Join(t.TempDir(), "cache")}
			off := map[string]string{"VMFLEET_CACHE_DIR": "off"}
			for i, c := range fleet.ClusterNames() {
				code, want, wantErr := runWithEnv(off, "build", file, "--cluster", c)
				if code != 0 || want == "" {
					t.Fatalf("%s: uncached build: exit %d\n%s", c, code, wantErr)
				}
				for _, round := range []string{"first", "second"} {
					code, got, gotErr := runWithEnv(cache, "build", file, "--cluster", c)
					if code != 0 || got != want || gotErr != wantErr {
						t.Fatalf("%s, %s cached build (cluster %d): exit %d, stdout same: %v, stderr %q, want %q",
							c, round, i, code, got == want, gotErr, wantErr)
					}
				}
				if n := len(packs(t, cache["VMFLEET_CACHE_DIR"])); n != 1 {
					t.Fatalf("%s: %d packs, want the fleet's one", c, n)
				}
			}
		})
	}
}

// A finding anywhere in the fleet fails every cluster's build, cached or
// not, and an invalid fleet leaves no pack behind; a cached valid fleet
// one byte away from it does not help it.
func TestBuildClusterRefusesInvalidFleet(t *testing.T) {
	dir := t.TempDir()
	cacheDir := filepath.Join(dir, "cache")
	env := map[string]string{"VMFLEET_CACHE_DIR": cacheDir}
	good := fixture.Fleet(6, 4)
	file := filepath.Join(dir, "fleet.yaml")
	if err := os.WriteFile(file, good, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runWithEnv(env, "build", file, "--cluster", "spoke-0000"); code != 0 {
		t.Fatalf("valid fleet: exit %d\n%s", code, stderr)
	}
	// Another cluster's field goes bad; spoke-0000 itself is untouched.
	bad := bytes.Replace(good, []byte("    - name: spoke-0005\n"), []byte("    - name: spoke-0005\n      evictionStrategy: Sometimes\n"), 1)
	if bytes.Equal(bad, good) {
		t.Fatal("the fixture has no cluster spoke-0005 to break")
	}
	if err := os.WriteFile(file, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	for range 2 { // refused each time: an invalid fleet is never cached
		code, stdout, stderr := runWithEnv(env, "build", file, "--cluster", "spoke-0000")
		if code != 1 || stdout != "" || !strings.Contains(stderr, "spec.clusters[5].evictionStrategy") {
			t.Fatalf("invalid fleet: exit %d, stdout %d bytes, stderr:\n%s", code, len(stdout), stderr)
		}
	}
	if n := len(packs(t, cacheDir)); n != 1 {
		t.Fatalf("%d packs after the invalid fleet, want the valid one's only", n)
	}
	code, _, stderr := runWithEnv(env, "build", file, "--cluster", "nowhere")
	if code != 1 || !strings.Contains(stderr, "spec.clusters[5].evictionStrategy") {
		t.Fatalf("unknown cluster of an invalid fleet: exit %d\n%s", code, stderr)
	}
	// An unknown cluster of a valid, cached fleet is the uncached error.
	if err := os.WriteFile(file, good, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runWithEnv(env, "build", file, "--cluster", "nowhere")
	if code != 1 || !strings.Contains(stderr, `cluster "nowhere" is not in fleet`) {
		t.Fatalf("unknown cluster: exit %d\n%s", code, stderr)
	}
}

// A cache folder that cannot be used is skipped, not an error.
func TestBuildClusterUnusableCache(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, want, _ := runWithEnv(map[string]string{"VMFLEET_CACHE_DIR": "off"}, "build", lab, "--cluster", "spoke-dc-v6")
	code, got, stderr := runWithEnv(map[string]string{"VMFLEET_CACHE_DIR": file}, "build", lab, "--cluster", "spoke-dc-v6")
	if code != 0 || got != want || stderr != "" {
		t.Fatalf("exit %d, same output %v, stderr %q", code, got == want, stderr)
	}
}
