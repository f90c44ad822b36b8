// Package front is the program vmfleet-cached: a small front to vmfleet
// that serves build cache hits itself and runs the full vmfleet for
// everything else.
//
// The Argo CD plugin runs its generate command once per Application and
// commit, and once a fleet's pack is in the build cache (package
// buildcache), a build is a hash of the fleet and one entry's read: about a
// millisecond. Starting the full vmfleet costs several times that: Go runs
// the init of every package a binary links before main (the JSON Schema
// compiler compiles its meta-schemas, the Kubernetes API packages register
// their types), and a 37 MB binary takes its page faults. No change inside
// that binary can skip its inits, so the front is another binary, linking
// only the standard library and a few light packages of vmfleet's (the
// architecture test keeps it so).
//
// It serves exactly `build FILE --cluster NAME` (the flag before or after
// FILE, also as --cluster=NAME) and `argocd [FLEET]`, resolving the input
// with the code the full program uses (internal/fleetfile,
// internal/argoinput) and keying the cache with the identity of the vmfleet
// binary it would run (buildcache.Identity), so it finds exactly the packs
// that vmfleet would. On a hit it prints what vmfleet prints (the stored
// findings on stderr, then the cluster's objects, exit 0, exit 4 when
// either cannot be written); for anything else, a miss, the cache off, any
// other command or flag, stdin, an input it cannot resolve, it runs vmfleet
// with the same arguments and environment (execve on unix: the process
// becomes vmfleet, which prints its usual output and errors).
package front

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"vmfleet.dev/vmfleet/internal/argoinput"
	"vmfleet.dev/vmfleet/internal/buildcache"
	"vmfleet.dev/vmfleet/internal/fleetfile"
	"vmfleet.dev/vmfleet/internal/iocheck"
)

// exitEnvironment is vmfleet's exit code for a machine that failed the
// command (internal/cli.ExitEnvironment; a test checks they agree).
const exitEnvironment = 4

// Main runs the front with the process's arguments (without the program
// name) and returns the exit code, when it does not become vmfleet.
func Main(args []string) int {
	full, err := Find()
	if err != nil {
		fmt.Fprintf(os.Stderr, "vmfleet-cached: %v\n", err)
		return exitEnvironment
	}
	if stdout, stderr, ok := Lookup(full, args, os.Getenv); ok {
		// As vmfleet (internal/program): a closed pipe is an error it
		// reports, not a silent death by SIGPIPE. Only here: an ignored
		// signal would stay ignored across the exec below.
		signal.Ignore(syscall.SIGPIPE)
		return Serve(os.Stdout, os.Stderr, stdout, stderr)
	}
	code, err := run(full, args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "vmfleet-cached: run %s: %v\n", full, err)
		return exitEnvironment
	}
	return code
}

// Serve prints a hit as vmfleet does (internal/cli buildCluster and Run):
// the stored stderr text, then the cluster's output; exit 0, or 4 when a
// stream cannot be written, with vmfleet's message.
func Serve(stdout, stderr io.Writer, out, errText []byte) int {
	o, e := iocheck.New(stdout, "stdout"), iocheck.New(stderr, "stderr")
	_, _ = e.Write(errText)
	_, _ = o.Write(out)
	if iocheck.Failed(o, e) {
		return exitEnvironment
	}
	return 0
}

// Lookup returns the output of args run as the vmfleet program at full,
// when the build cache holds it: ok is false whenever the front must leave
// the command to vmfleet.
func Lookup(full string, args []string, getenv func(string) string) (stdout, stderr []byte, ok bool) {
	name, data, cluster, ok := input(args, getenv)
	if !ok {
		return nil, nil, false
	}
	id, err := buildcache.Identity(full)
	if err != nil {
		return nil, nil, false
	}
	cache := buildcache.FromEnv(getenv)
	if cache == nil {
		return nil, nil, false
	}
	return cache.Get(buildcache.KeyOf(id, name, data), cluster)
}

// input is the fleet (its name in findings and its bytes) and the cluster
// of a command line the front serves. The cache is asked only after the
// command line: off, it costs nothing.
func input(args []string, getenv func(string) string) (name string, data []byte, cluster string, ok bool) {
	if len(args) == 0 || buildcache.Folder(getenv) == "" {
		return "", nil, "", false
	}
	switch args[0] {
	case "build":
		file, cluster, ok := buildArgs(args[1:])
		if !ok {
			return "", nil, "", false
		}
		data, err := fleetfile.Read(file)
		if err != nil {
			return "", nil, "", false
		}
		return file, data, cluster, true // the file is its own name in findings ("-" is not served)
	case "argocd":
		for _, a := range args[1:] {
			if strings.HasPrefix(a, "-") {
				return "", nil, "", false
			}
		}
		in, err := argoinput.Resolve(getenv, args[1:])
		if err != nil {
			return "", nil, "", false
		}
		return in.File, in.Data, in.Cluster, true
	}
	return "", nil, "", false
}

// buildArgs reads `FILE --cluster NAME` in any order, as cobra (pflag)
// does for vmfleet build; anything else (another flag, "-", "--", a
// second file, the flag twice or empty, no cluster) is not served.
func buildArgs(args []string) (file, cluster string, ok bool) {
	var files []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		var v string
		switch {
		case a == "--cluster" && i+1 < len(args):
			i++
			v = args[i]
		case strings.HasPrefix(a, "--cluster="):
			v = strings.TrimPrefix(a, "--cluster=")
		case strings.HasPrefix(a, "-"):
			return "", "", false
		default:
			files = append(files, a)
			continue
		}
		if cluster != "" || v == "" || strings.HasPrefix(v, "-") {
			return "", "", false
		}
		cluster = v
	}
	if len(files) != 1 || cluster == "" {
		return "", "", false
	}
	return files[0], cluster, true
}

// program is the full vmfleet's file name.
var program = func() string {
	if runtime.GOOS == "windows" {
		return "vmfleet.exe"
	}
	return "vmfleet"
}()

// Find returns the vmfleet program the front runs: vmfleet beside the
// front's own executable (links resolved: a link to vmfleet-cached on PATH
// finds the vmfleet it was installed with), else the first in PATH.
func Find() (string, error) { return find(os.Executable, exec.LookPath) }

func find(self func() (string, error), lookPath func(string) (string, error)) (string, error) {
	beside := "(this program's own file is unknown)"
	if exe, err := self(); err == nil {
		if real, err := filepath.EvalSymlinks(exe); err == nil {
			beside = filepath.Join(filepath.Dir(real), program)
			if st, err := os.Stat(beside); err == nil && st.Mode().IsRegular() {
				return beside, nil
			}
		}
	}
	if p, err := lookPath(program); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("cannot find the full program %s: not beside this one (%s) nor in PATH (%s)", program, beside, os.Getenv("PATH"))
}
