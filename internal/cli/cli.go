// Package cli is the vmfleet command line: render, build, validate, schema,
// version and argocd, on cobra (as kubectl, kustomize and kpt). It adapts the
// pure core (package render) to files, stdout and exit codes: 0 success,
// 1 invalid input, 2 usage, 3 changes found (diff), 4 environment failure
// (exitcodes.go). Help goes to stdout with exit 0, findings and
// errors to stderr.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"vmfleet.dev/vmfleet/internal/iocheck"
)

// Version is set at build time (-ldflags -X).
var Version = "dev"

// IO is where a command reads and writes; tests swap it.
type IO struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Env            func(string) string
}

// StdIO is the process's own.
func StdIO() IO { return IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Env: os.Getenv} }

// exit is what a command returns once it has said why on stderr.
type exit int

func (e exit) Error() string { return fmt.Sprintf("exit %d", int(e)) }

// usageError is a command line vmfleet cannot run: wrong arguments or flags.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// Run runs a command line (without the program name) and returns the exit
// code.
func Run(io IO, args []string) int {
	stdout, stderr := iocheck.New(io.Stdout, "stdout"), iocheck.New(io.Stderr, "stderr")
	io.Stdout, io.Stderr = stdout, stderr
	code := run(io, args)
	// Output that did not reach its reader is a failure, whatever the
	// command made of it: a truncated stream must not pass for a whole one.
	if iocheck.Failed(stdout, stderr) {
		return ExitEnvironment
	}
	return code
}

func run(io IO, args []string) int {
	root := newRoot(io)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	var code exit
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &code):
		return int(code)
	}
	// Anything else is cobra's or ours about the command line itself.
	name := cmd.CommandPath()
	fmt.Fprintf(io.Stderr, "%s: %v\n", name, err)
	if cmd.HasParent() {
		fmt.Fprintf(io.Stderr, "Usage: %s\nRun '%s --help' for the flags.\n", cmd.UseLine(), name)
	} else {
		fmt.Fprintf(io.Stderr, "Run 'vmfleet --help' for the commands.\n")
	}
	return ExitUsage
}

func newRoot(io IO) *cobra.Command {
	root := &cobra.Command{
		Use:   "vmfleet",
		Short: "vmfleet turns one VMFleet file into the GitOps objects that run KubeVirt VMs across an ACM fleet.",
		Long: "vmfleet turns one VMFleet file into the GitOps objects that run KubeVirt VMs across an ACM fleet.\n\n" +
			"With no arguments and a ResourceList on stdin, vmfleet runs as a KRM function (kustomize, kpt).",
		SilenceErrors: true,
		SilenceUsage:  true,
		// Without a command: the usage, on stderr, as a usage error.
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SetOut(io.Stderr)
			_ = cmd.Usage()
			return exit(ExitUsage)
		},
		CompletionOptions: cobra.CompletionOptions{DisableDefaultCmd: true},
	}
	root.SetIn(io.Stdin)
	root.SetOut(io.Stdout)
	root.SetErr(io.Stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(renderCmd(io), buildCmd(io), validateCmd(io), planCmd(io), diffCmd(io), schemaCmd(io), versionCmd(io), argocdCmd(io))
	return root
}

// fleetArg accepts exactly one fleet file ("-" is stdin).
func fleetArg(_ *cobra.Command, args []string) error {
	if len(args) != 1 {
		return usagef("expected one fleet file, got %d argument(s)%s", len(args), listed(args))
	}
	return nil
}

// noArgs accepts no positional argument.
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument(s)%s", listed(args))
	}
	return nil
}

func listed(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return ": " + strings.Join(args, " ")
}

// onceString is a string flag that may be given once, and not empty: a
// repeated --cluster would otherwise silently keep the last one.
type onceString struct {
	value string
	set   bool
}

func (s *onceString) String() string { return s.value }
func (s *onceString) Type() string   { return "string" }

func (s *onceString) Set(v string) error {
	if s.set {
		return fmt.Errorf("given twice (%q and %q): give it once", s.value, v)
	}
	if v == "" {
		return errors.New("must not be empty")
	}
	s.value, s.set = v, true
	return nil
}
