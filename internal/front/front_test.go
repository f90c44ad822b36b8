package front

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// buildArgs accepts what cobra accepts for `vmfleet build FILE --cluster
// NAME` and nothing else.
func TestBuildArgs(t *testing.T) {
	for _, tc := range []struct {
		args          []string
		file, cluster string
	}{
		{[]string{"f.yaml", "--cluster", "c"}, "f.yaml", "c"},
		{[]string{"--cluster", "c", "f.yaml"}, "f.yaml", "c"},
		{[]string{"--cluster=c", "f.yaml"}, "f.yaml", "c"},
		{[]string{"f.yaml", "--cluster=c"}, "f.yaml", "c"},
		{[]string{"f.yaml", "--cluster=c=d"}, "f.yaml", "c=d"},
		{[]string{"f.yaml"}, "", ""},
		{[]string{"--cluster", "c"}, "", ""},
		{[]string{"-", "--cluster", "c"}, "", ""},
		{[]string{"f.yaml", "--cluster"}, "", ""},
		{[]string{"f.yaml", "--cluster="}, "", ""},
		{[]string{"f.yaml", "--cluster", "-c"}, "", ""},
		{[]string{"f.yaml", "--cluster", "c", "--cluster", "c"}, "", ""},
		{[]string{"f.yaml", "g.yaml", "--cluster", "c"}, "", ""},
		{[]string{"f.yaml", "--cluster", "c", "--"}, "", ""},
		{[]string{"f.yaml", "--cluster", "c", "-h"}, "", ""},
		{[]string{"f.yaml", "--clusters", "c"}, "", ""},
		{[]string{"f.yaml", "-cluster", "c"}, "", ""},
	} {
		file, cluster, ok := buildArgs(tc.args)
		if ok != (tc.file != "") || file != tc.file || cluster != tc.cluster {
			t.Errorf("%q: %q %q %v, want %q %q", tc.args, file, cluster, ok, tc.file, tc.cluster)
		}
	}
}

// vmfleet beside the front (through a link to the front), else in PATH,
// else an error naming both places.
func TestFind(t *testing.T) {
	dir := t.TempDir()
	self := filepath.Join(dir, "bin", "vmfleet-cached")
	must(t, os.MkdirAll(filepath.Dir(self), 0o755))
	must(t, os.WriteFile(self, nil, 0o755))
	link := filepath.Join(dir, "path", "vmfleet-cached")
	must(t, os.MkdirAll(filepath.Dir(link), 0o755))
	must(t, os.Symlink(self, link))
	onPath := func(string) (string, error) { return "/on/path/vmfleet", nil }
	nowhere := func(string) (string, error) { return "", errors.New("not found") }
	me := func() (string, error) { return link, nil }

	if got, err := find(me, onPath); err != nil || got != "/on/path/vmfleet" {
		t.Errorf("without vmfleet beside: %q %v, want the one on PATH", got, err)
	}
	_, err := find(me, nowhere)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "bin", "vmfleet")) || !strings.Contains(err.Error(), "PATH") {
		t.Errorf("not found: %v, want both places named", err)
	}
	must(t, os.WriteFile(filepath.Join(dir, "path", "vmfleet"), nil, 0o755)) // beside the link: not the front's own folder
	must(t, os.WriteFile(filepath.Join(dir, "bin", "vmfleet"), nil, 0o755))
	if got, err := find(me, onPath); err != nil || got != filepath.Join(dir, "bin", "vmfleet") {
		t.Errorf("beside: %q %v", got, err)
	}
	if _, err := find(func() (string, error) { return "", errors.New("no /proc") }, nowhere); err == nil || !strings.Contains(err.Error(), "unknown") {
		t.Errorf("without its own file: %v", err)
	}
}

// The front serves only build and argocd.
func TestOnlyBuildAndArgoCD(t *testing.T) {
	env := func(k string) string {
		return map[string]string{"VMFLEET_CACHE_DIR": t.TempDir(), "ARGOCD_ENV_CLUSTER": "c"}[k]
	}
	for _, args := range [][]string{nil, {"version"}, {"render", "f.yaml", "-o", "x"}, {"help", "build"}, {"__complete", "build"}} {
		if _, _, _, ok := input(args, env); ok {
			t.Errorf("%q is served", args)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
