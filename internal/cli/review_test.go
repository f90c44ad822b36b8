package cli_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const (
	oldShop = "../review/testdata/old.yaml"
	newShop = "../review/testdata/new.yaml"
)

func TestPlanCommand(t *testing.T) {
	code, out, errs := run(t, "", "plan", lab)
	if code != 0 || !strings.Contains(out, "cluster spoke-dc-v6: 1 VM") || strings.Contains(out, "\x1b[") {
		t.Errorf("plan: exit %d, stdout:\n%s\nstderr:\n%s", code, out, errs)
	}
	code, out, _ = run(t, "", "plan", lab, "--output", "json")
	var doc struct{ APIVersion, Kind string }
	if err := json.Unmarshal([]byte(out), &doc); code != 0 || err != nil || doc.APIVersion != "vmfleet.dev/v1alpha1" || doc.Kind != "FleetPlan" {
		t.Errorf("plan -o json: exit %d, %v, %+v", code, err, doc)
	}
	code, out, _ = run(t, "", "plan", lab, "-o", "html")
	if code != 0 || !strings.HasPrefix(out, "<!DOCTYPE html>") || strings.Contains(out, "src=") || strings.Contains(out, "href=") {
		t.Errorf("plan -o html: exit %d, not one self-contained page", code)
	}
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"plan", lab, "-o", "yaml"}, 2, `--output must be text, json or html, not "yaml"`},
		{[]string{"plan", lab, "--cluster", "nope"}, 1, `cluster "nope" is not in fleet "tenant-app-vm"`},
		{[]string{"plan"}, 2, "expected one fleet file, got 0"},
	} {
		if code, _, errs := run(t, "", tc.args...); code != tc.code || !strings.Contains(errs, tc.stderr) {
			t.Errorf("%v: exit %d, stderr %q; want %d, %q", tc.args, code, errs, tc.code, tc.stderr)
		}
	}
	if code, out, _ := run(t, "", "plan", "--help"); code != 0 || !strings.Contains(out, "--output FORMAT") {
		t.Errorf("plan --help: exit %d:\n%s", code, out)
	}
}

// diff exits 0 without a change, 3 with one (ExitChanges), so CI can
// comment on a pull request.
func TestDiffCommand(t *testing.T) {
	if code, out, errs := run(t, "", "diff", oldShop, oldShop); code != 0 || !strings.Contains(out, "no changes") {
		t.Errorf("diff of a fleet with itself: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ := run(t, "", "diff", oldShop, newShop)
	if code != 3 || !strings.Contains(out, "cluster west: 0 added, 1 removed, 1 changed") {
		t.Errorf("diff: exit %d\n%s", code, out)
	}
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"diff", oldShop}, 2, "expected two fleet files (OLD NEW), got 1"},
		{[]string{"diff", "--git", "HEAD", oldShop, newShop}, 2, "with --git, expected one fleet file, got 2"},
		{[]string{"diff", oldShop, "missing.yaml"}, 1, "read fleet"},
	} {
		if code, _, errs := run(t, "", tc.args...); code != tc.code || !strings.Contains(errs, tc.stderr) {
			t.Errorf("%v: exit %d, stderr %q; want %d, %q", tc.args, code, errs, tc.code, tc.stderr)
		}
	}
	if code, out, _ := run(t, "", "diff", "--help"); code != 0 || !strings.Contains(out, "--git REV") {
		t.Errorf("diff --help: exit %d:\n%s", code, out)
	}
}

// --git reads the fleet as committed: a repository with old.yaml
// committed and new.yaml's content on disk.
func TestDiffGit(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "fleets", "shop.yaml")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile(t, oldShop, file)
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "old"}} {
		cmd := exec.Command(git, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	if code, out, errs := run(t, "", "diff", "--git", "HEAD", file); code != 0 {
		t.Errorf("--git HEAD, unchanged: exit %d\n%s%s", code, out, errs)
	}
	copyFile(t, newShop, file)
	if code, out, errs := run(t, "", "diff", "--git", "HEAD", file); code != 3 || !strings.Contains(out, "cluster south (joins the fleet)") {
		t.Errorf("--git HEAD, changed: exit %d\n%s%s", code, out, errs)
	}
	if code, _, errs := run(t, "", "diff", "--git", "no-such-rev", file); code != 1 || !strings.Contains(errs, "read no-such-rev:") {
		t.Errorf("--git no-such-rev: exit %d, %s", code, errs)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
