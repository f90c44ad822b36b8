// Package cli is the vmfleet command line: render, build, validate, schema
// and version. It adapts the pure core (package render) to files, stdout
// and exit codes: 0 success, 1 invalid input, 2 usage.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitInvalid = 1
	ExitUsage   = 2
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

type command struct {
	name, args, summary string
	run                 func(io IO, args []string) int
}

var commands []command

func init() {
	commands = []command{
		{"render", "FLEET.yaml -o DIR", "write the GitOps tree: DIR/hub/, DIR/base/<vm>/, DIR/overlays/<cluster>/", runRender},
		{"build", "FLEET.yaml [--cluster NAME]", "print the hub objects, or one cluster's rendered objects, as one YAML stream", runBuild},
		{"validate", "FLEET.yaml", "check a fleet and print its findings", runValidate},
		{"schema", "[--crd]", "print the VMFleet JSON Schema (or the CRD)", runSchema},
		{"version", "", "print the version", runVersion},
		{"argocd", "[FLEET.yaml]", "the Argo CD plugin's generate: build --cluster $ARGOCD_ENV_CLUSTER", runArgoCD},
	}
}

// Run dispatches a command line (without the program name).
func Run(io IO, args []string) int {
	if len(args) == 0 {
		usage(io.Stderr)
		return ExitUsage
	}
	switch args[0] {
	case "-h", "--help", "help":
		usage(io.Stdout)
		return ExitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(io, args[1:])
		}
	}
	fmt.Fprintf(io.Stderr, "vmfleet: unknown command %q\n\n", args[0])
	usage(io.Stderr)
	return ExitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "vmfleet turns one VMFleet file into the GitOps objects that run KubeVirt VMs across an ACM fleet.")
	fmt.Fprintln(w, "\nUsage:\n  vmfleet COMMAND [ARGS]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %-28s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(w, "\nWith no arguments and a ResourceList on stdin, vmfleet runs as a KRM function (kustomize, kpt).")
	fmt.Fprintln(w, "Run 'vmfleet COMMAND --help' for a command's flags.")
}

// newFlags makes a command's flag set with a usage text naming its arguments.
func newFlags(io IO, name, args, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: vmfleet %s %s\n\n%s\n", name, args, summary)
		if hasFlags(fs) {
			fmt.Fprintln(fs.Output(), "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parse accepts flags before and after positional arguments
// (vmfleet build fleet.yaml --cluster c) and returns the positionals.
// help is true when --help was asked for (already printed).
func parse(fs *flag.FlagSet, args []string) (positional []string, code int, done bool) {
	fs.SetOutput(fs.Output())
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(os.Stdout)
				return nil, ExitOK, true
			}
			return nil, ExitUsage, true
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, 0, false
		}
		if rest[0] == "--" {
			return append(positional, rest[1:]...), 0, false
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// oneFile checks a command got exactly one fleet file.
func oneFile(io IO, fs *flag.FlagSet, positional []string) (string, bool) {
	if len(positional) != 1 {
		fmt.Fprintf(io.Stderr, "vmfleet %s: expected one fleet file, got %d argument(s)%s\n", fs.Name(), len(positional), listed(positional))
		fs.Usage()
		return "", false
	}
	return positional[0], true
}

func listed(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return ": " + strings.Join(args, " ")
}

// Main is the whole program. With no arguments and input on stdin it is a
// KRM function; otherwise a command line.
func Main(io IO, args []string) int {
	if len(args) == 0 && KRM != nil && stdinIsData(io) {
		return KRM(io)
	}
	return Run(io, args)
}

// KRM runs vmfleet as a KRM function; package fn sets it, so the CLI does
// not depend on the function SDK.
var KRM func(io IO) int

func stdinIsData(io IO) bool {
	f, ok := io.Stdin.(*os.File)
	if !ok {
		return io.Stdin != nil
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice == 0
}
