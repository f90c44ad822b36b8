package reliability

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"vmfleet.dev/vmfleet/internal/cli"
)

// runWith runs vmfleet as a process with the given stdout and stderr files
// (nil: a buffer) and returns its exit code and what reached the buffers.
func runWith(t *testing.T, stdin []byte, stdout, stderr *os.File, env []string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	for _, e := range env {
		if d, ok := strings.CutPrefix(e, "PWD="); ok {
			cmd.Dir = d
		}
	}
	cmd.Env = append(append(os.Environ(), asVmfleet+"=1"), env...)
	cmd.Stdin = bytes.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdout != nil {
		cmd.Stdout = stdout
	}
	if stderr != nil {
		cmd.Stderr = stderr
	}
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("vmfleet %v hangs", args)
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	if exit != nil && exit.Sys().(syscall.WaitStatus).Signaled() {
		t.Fatalf("vmfleet %v was killed by %v, want an exit code and a message", args, exit.Sys().(syscall.WaitStatus).Signal())
	}
	return cmd.ProcessState.ExitCode(), out.String() + errb.String()
}

// Every command and the KRM function fail with exit 4 and a message when
// stdout cannot be written: /dev/full (ENOSPC: a full disk), a pipe whose
// reader is gone (EPIPE, no death by SIGPIPE); with stderr unwritable too,
// exit 4 without a message (there is nowhere to say it).
func TestUnwritableOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocesses")
	}
	t.Parallel()
	dir := t.TempDir()
	lab := "../../examples/lab/fleet.yaml"
	labDir, err := filepath.Abs("../../examples/lab")
	if err != nil {
		t.Fatal(err)
	}
	rl, err := os.ReadFile("testdata/resourcelist/no-fleet-package/input.yaml")
	if err != nil {
		t.Fatal(err)
	}
	type command struct {
		name  string
		args  []string
		stdin []byte
		env   []string
	}
	commands := []command{
		{"version", []string{"version"}, nil, nil},
		{"schema", []string{"schema"}, nil, nil},
		{"schema --crd", []string{"schema", "--crd"}, nil, nil},
		{"build", []string{"build", lab}, nil, nil},
		{"build --cluster", []string{"build", lab, "--cluster", "spoke-dc-v6"}, nil, nil},
		{"build from stdin", []string{"build", "-"}, mustRead(t, lab), nil},
		{"validate", []string{"validate", lab}, nil, nil},
		{"help", []string{"--help"}, nil, nil},
		{"build --help", []string{"build", "--help"}, nil, nil},
		{"argocd", []string{"argocd", "fleet.yaml"}, nil, []string{"ARGOCD_ENV_CLUSTER=spoke-dc-v6", "PWD=" + labDir}},
		{"KRM function", nil, rl, nil},
	}
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer full.Close()
	for _, c := range commands {
		args := c.args
		// The command works with a good stdout (the control).
		if code, _ := runWith(t, c.stdin, nil, nil, c.env, args...); code != 0 {
			t.Errorf("%s: exit %d with a good stdout", c.name, code)
		}
		code, msg := runWith(t, c.stdin, full, nil, c.env, args...)
		if code != cli.ExitEnvironment || !strings.Contains(msg, "write stdout") || !strings.Contains(msg, "no space left on device") {
			t.Errorf("%s > /dev/full: exit %d, stderr %q; want exit 4 and the reason", c.name, code, msg)
		}
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		r.Close()
		code, msg = runWith(t, c.stdin, w, nil, c.env, args...)
		w.Close()
		if code != cli.ExitEnvironment || !strings.Contains(msg, "broken pipe") {
			t.Errorf("%s | (closed pipe): exit %d, stderr %q; want exit 4 and the reason", c.name, code, msg)
		}
		if code, _ := runWith(t, c.stdin, full, full, c.env, args...); code != cli.ExitEnvironment {
			t.Errorf("%s >/dev/full 2>&1: exit %d, want 4", c.name, code)
		}
	}
	// Findings that cannot reach stderr: exit 4, not 1.
	bad := filepath.Join(dir, "bad.yaml")
	writeFile(t, bad, "apiVersion: vmfleet.dev/v1alpha1\nkind: VMFleet\n")
	if code, _ := runWith(t, nil, nil, full, nil, "validate", bad); code != cli.ExitEnvironment {
		t.Errorf("validate of a bad fleet 2>/dev/full: exit %d, want 4", code)
	}
	// render writes only to stderr.
	if code, _ := runWith(t, nil, nil, full, nil, "render", lab, "-o", filepath.Join(dir, "out")); code != cli.ExitEnvironment {
		t.Errorf("render 2>/dev/full: exit %d, want 4", code)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
