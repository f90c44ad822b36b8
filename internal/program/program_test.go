package program_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"vmfleet.dev/vmfleet/internal/cli"
	"vmfleet.dev/vmfleet/internal/program"
)

func TestModeChoice(t *testing.T) {
	null, err := os.Open(os.DevNull) // a character device, as a terminal is
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	for _, tc := range []struct {
		name   string
		stdin  any
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"no arguments, a ResourceList on stdin: KRM function", strings.NewReader("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n"),
			nil, 0, "kind: ResourceList", ""},
		{"no arguments, not a ResourceList: the function says so", strings.NewReader("hello"), nil, 1, "", "stdin is not a KRM ResourceList"},
		{"no arguments, a terminal: the usage", null, nil, 2, "", "Usage:"},
		{"arguments: the command line, even with data on stdin", strings.NewReader("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n"),
			[]string{"version"}, 0, "vmfleet ", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			io := cli.IO{Stdout: &out, Stderr: &errb, Env: func(string) string { return "" }}
			switch s := tc.stdin.(type) {
			case *strings.Reader:
				io.Stdin = s
			case *os.File:
				io.Stdin = s
			}
			code := program.Main(io, tc.args)
			if code != tc.code || !strings.Contains(out.String(), tc.stdout) || !strings.Contains(errb.String(), tc.stderr) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tc.code, out.String(), errb.String())
			}
		})
	}
}
