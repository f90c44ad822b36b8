package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vmfleet.dev/vmfleet/internal/cli"
)

func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	cache := t.TempDir() // the build cache, kept out of $TMPDIR
	env := func(k string) string {
		if k == "VMFLEET_CACHE_DIR" {
			return cache
		}
		return ""
	}
	code = cli.Run(cli.IO{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Env: env}, args)
	return code, out.String(), errb.String()
}

const lab = "../../examples/lab/fleet.yaml"

func TestExitCodes(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("apiVersion: vmfleet.dev/v1alpha1\nkind: VMFleet\nmetadata: {name: x}\nspec:\n  gitops: {repoURL: r, path: p}\n  clusters: [{name: ../x}]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout string // substring
		stderr string // substring
	}{
		{"no arguments", nil, 2, "", "Usage:"},
		{"unknown command", []string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{"help", []string{"--help"}, 0, "Commands:", ""},
		{"command help", []string{"build", "--help"}, 0, "--cluster NAME", ""},
		{"help command", []string{"help", "render"}, 0, "-o, --output DIR", ""},
		{"missing file argument", []string{"build"}, 2, "", "expected one fleet file, got 0"},
		{"unknown flag", []string{"build", lab, "--clustr", "x"}, 2, "", "vmfleet build: unknown flag: --clustr"},
		{"repeated cluster", []string{"build", lab, "--cluster", "spoke-dc-v6", "--cluster", "spoke-dc-v7"}, 2, "", `given twice ("spoke-dc-v6" and "spoke-dc-v7")`},
		{"empty cluster", []string{"build", lab, "--cluster", ""}, 2, "", `invalid argument "" for "--cluster" flag: must not be empty`},
		{"two files", []string{"validate", lab, lab}, 2, "", "expected one fleet file, got 2 argument(s)"},
		{"schema argument", []string{"schema", "x"}, 2, "", "unexpected argument(s): x"},
		{"misspelt command", []string{"rendr"}, 2, "", "Did you mean this?\n\trender"},
		{"render without -o", []string{"render", lab}, 2, "", "-o DIR is required"},
		{"missing file", []string{"validate", "nope.yaml"}, 1, "", "read fleet: open nope.yaml"},
		{"invalid fleet", []string{"validate", bad}, 1, "", `spec.clusters[0].name: "../x" is not a valid name`},
		{"valid fleet", []string{"validate", lab}, 0, `valid fleet "tenant-app-vm"`, ""},
		{"hub build", []string{"build", lab}, 0, "kind: ApplicationSet", ""},
		{"cluster build, flag after the file", []string{"build", lab, "--cluster", "spoke-dc-v6"}, 0, "kind: VirtualMachine", ""},
		{"cluster build, flag before the file", []string{"build", "--cluster=spoke-dc-v6", lab}, 0, "kind: VirtualMachine", ""},
		{"file after --", []string{"build", "--cluster", "spoke-dc-v6", "--", lab}, 0, "kind: VirtualMachine", ""},
		{"unknown cluster", []string{"build", lab, "--cluster", "nowhere"}, 1, "", `cluster "nowhere" is not in fleet "tenant-app-vm"`},
		{"schema", []string{"schema"}, 0, `"$schema"`, ""},
		{"version", []string{"version"}, 0, "vmfleet ", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, "", tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstderr: %s", code, tc.code, stderr)
			}
			if !strings.Contains(stdout, tc.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tc.stdout, stdout)
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, stderr)
			}
		})
	}
}

func TestInvalidFleetPrintsFileAndLine(t *testing.T) {
	fleet := "apiVersion: vmfleet.dev/v1alpha1\nkind: VMFleet\nmetadata: {name: x}\nspec:\n  gitops: {repoURL: r, path: p}\n  clusters:\n    - name: east\n      acessMode: ReadWriteMany\n"
	code, stdout, stderr := run(t, fleet, "build", "-")
	if code != 1 || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	want := `<stdin>:8: error: spec.clusters[0].acessMode: unknown field "acessMode"; did you mean "accessMode"?`
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
}

// Every command's help is the same shape, on stdout, exit 0, however asked.
func TestHelpIsUniform(t *testing.T) {
	for _, c := range []string{"render", "build", "validate", "schema", "version", "argocd"} {
		for _, args := range [][]string{{c, "--help"}, {c, "-h"}, {"help", c}} {
			code, stdout, stderr := run(t, "", args...)
			if code != 0 || stderr != "" || !strings.Contains(stdout, "Usage:\n  vmfleet "+c) || !strings.Contains(stdout, "-h, --help") {
				t.Errorf("vmfleet %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, stdout, stderr)
			}
		}
	}
}
