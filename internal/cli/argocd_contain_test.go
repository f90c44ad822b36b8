package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The plugin reads its fleet only inside the Application's source path,
// after resolving links: a link out of it (another team's fleet,
// /etc/passwd) is refused without echoing a line of the outside file.
func TestArgoCDContainment(t *testing.T) {
	lab, err := os.ReadFile("../../examples/lab/fleet.yaml")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	src := filepath.Join(root, "repo", "app")
	other := filepath.Join(root, "repo", "other-team")
	for _, d := range []string{filepath.Join(src, "fleets"), other} {
		must(t, os.MkdirAll(d, 0o755))
	}
	must(t, os.WriteFile(filepath.Join(src, "fleets", "prod.yaml"), lab, 0o644))
	secret := "apiVersion: vmfleet.dev/v1alpha1\nkind: VMFleet\nmetadata: {name: other-secret-team}\nspec: {gitops: {repoURL: SECRET-REPO}}\n"
	must(t, os.WriteFile(filepath.Join(other, "fleet.yaml"), []byte(secret), 0o644))
	must(t, os.Symlink("fleets/prod.yaml", filepath.Join(src, "inside.yaml")))
	must(t, os.Symlink("../other-team/fleet.yaml", filepath.Join(src, "outside.yaml")))
	must(t, os.Symlink(filepath.Join(other, "fleet.yaml"), filepath.Join(src, "absolute.yaml")))
	must(t, os.Symlink("/etc/passwd", filepath.Join(src, "passwd.yaml")))
	must(t, os.Symlink("../other-team", filepath.Join(src, "shared")))
	must(t, os.Symlink("fleets/../../other-team/fleet.yaml", filepath.Join(src, "dotdot.yaml")))
	must(t, os.Symlink("/dev/zero", filepath.Join(src, "zero.yaml")))
	if err := syscall.Mkfifo(filepath.Join(src, "fifo.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(src)
	for _, tc := range []struct {
		fleet string
		ok    bool
		want  string
	}{
		{"fleets/prod.yaml", true, ""},
		{"inside.yaml", true, ""},
		{"outside.yaml", false, "outside the Application's source path"},
		{"absolute.yaml", false, "outside the Application's source path"},
		{"passwd.yaml", false, "outside the Application's source path"},
		{"shared/fleet.yaml", false, "outside the Application's source path"},
		{"dotdot.yaml", false, "outside the Application's source path"},
		{"zero.yaml", false, "outside the Application's source path"},
		{"fifo.yaml", false, "not a regular file"},
	} {
		t.Run(tc.fleet, func(t *testing.T) {
			code, stdout, stderr := runEnv(t, map[string]string{"ARGOCD_ENV_CLUSTER": "spoke-dc-v6", "ARGOCD_ENV_FLEET": tc.fleet}, "argocd")
			if tc.ok {
				if code != 0 || !strings.Contains(stdout, "kind: VirtualMachine") {
					t.Errorf("exit %d, stderr %s", code, stderr)
				}
				return
			}
			if code != 1 || stdout != "" || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, stdout, stderr, tc.want)
			}
			for _, leak := range []string{"SECRET-REPO", "other-secret-team", "root:"} {
				if strings.Contains(stderr, leak) {
					t.Errorf("stderr echoes the outside file (%q): %s", leak, stderr)
				}
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
