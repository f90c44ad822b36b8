// Package fn runs vmfleet as a KRM function: a ResourceList on stdin, a
// ResourceList on stdout (kustomize generators, kpt fn render / eval).
//
// Where the fleet comes from decides the mode:
//
//   - functionConfig is a VMFleet: generator mode (a kustomize `generators:`
//     entry). The output is the input items plus the hub objects, or one
//     cluster's objects when the fleet carries the annotation
//     vmfleet.dev/cluster: NAME — exactly what `vmfleet build [--cluster]`
//     prints. The copy of the fleet kustomize passes in items is returned with
//     the annotation vmfleet.dev/generated, which a kustomize replacement can
//     require, so a build that skipped the function fails instead of
//     producing nothing.
//   - no functionConfig: package mode (kpt fn render / kpt fn eval). Every
//     VMFleet item is rendered into the tree `vmfleet render` writes, next to
//     its file: fleet at DIR/fleet.yaml gives DIR/hub/, DIR/base/<vm>/ and
//     DIR/overlays/<cluster>/, each item annotated with its path, the
//     kustomization.yaml files marked local-config. An inventory,
//     DIR/.vmfleet-tree.yaml (kind VMFleetTree, local-config, the same file
//     `vmfleet render` writes), lists the files vmfleet generated there; the
//     next run drops exactly those and
//     regenerates, so a second render changes nothing and the files of a VM
//     that left the fleet disappear. Generated objects carry no mark of their
//     own: they are the same objects `vmfleet render` writes.
//
// Findings become results (severity, the fleet as resourceRef, the field
// path, the fleet's file) and, because kustomize never shows results, plain
// lines on stderr. Any error finding fails the function (exit 1) and leaves
// the items as they came in.
package fn

import (
	"fmt"
	"io"

	sdk "github.com/GoogleContainerTools/kpt-functions-sdk/go/fn"

	"vmfleet.dev/vmfleet/internal/inventory"
	"vmfleet.dev/vmfleet/internal/iocheck"
)

// Annotations and names of the function's protocol.
const (
	// ClusterAnnotation on the VMFleet used as a generator's functionConfig
	// selects one cluster's objects instead of the hub's.
	ClusterAnnotation = "vmfleet.dev/cluster"
	// GeneratedAnnotation is set on the functionConfig's copy among the items
	// (kustomize passes one) once the objects are generated: "hub" or
	// "cluster/NAME". It never reaches kustomize's output (the copy is
	// local-config); examples/kustomize requires it with a replacement.
	GeneratedAnnotation = "vmfleet.dev/generated"
	// InventoryFile is the inventory's file name, next to the fleet: the
	// same file `vmfleet render` writes at the root of its tree.
	InventoryFile = inventory.File
	// InventoryKind is the inventory's kind, in group vmfleet.dev.
	InventoryKind = inventory.Kind

	fleetKind = "VMFleet"
	group     = "vmfleet.dev"

	localConfig     = inventory.LocalConfig
	pathAnnotation  = "internal.config.kubernetes.io/path"
	indexAnnotation = "internal.config.kubernetes.io/index"
	legacyPath      = "config.kubernetes.io/path"
	legacyIndex     = "config.kubernetes.io/index"

	// MaxInput bounds the ResourceList read from stdin (it holds a whole
	// package): a runaway input ends in an error, not in memory exhaustion.
	MaxInput = 64 << 20

	// Exit codes, as the command line's (internal/cli/exitcodes.go).
	exitOK, exitFailed, exitEnvironment = 0, 1, 4
)

// Run is vmfleet's KRM function entry point: it reads a ResourceList from
// stdin, writes the resulting ResourceList to stdout and the findings to
// stderr, and returns the exit code: 0, 1 when the function failed, 4 when stdout or
// stderr could not be written.
func Run(stdin io.Reader, stdout, stderr io.Writer) int {
	out, errs := iocheck.New(stdout, "stdout"), iocheck.New(stderr, "stderr")
	code := run(stdin, out, errs)
	// A ResourceList cut short (a full disk, a closed pipe) must fail:
	// kpt would otherwise prune whatever the stream is missing.
	if err := out.Err(); err != nil {
		fmt.Fprintf(errs, "vmfleet: %v\n", err)
		return exitEnvironment
	}
	if errs.Err() != nil {
		return exitEnvironment
	}
	return code
}

func run(stdin io.Reader, stdout, stderr io.Writer) int {
	in, err := readAll(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "vmfleet: %v\n", err)
		return exitFailed
	}
	rl, err := sdk.ParseResourceList(in)
	if err != nil {
		fmt.Fprintf(stderr, "vmfleet: stdin is not a KRM ResourceList: %v\n(with no arguments vmfleet is a KRM function; run 'vmfleet help' for the command line)\n", err)
		return exitFailed
	}
	before := len(rl.Results)
	ok, err := Process(rl)
	if err != nil {
		rl.Results = append(rl.Results, sdk.ErrorResult(err))
		ok = false
	}
	for _, r := range rl.Results[before:] {
		if r.Severity == sdk.Error || r.Severity == sdk.Warning {
			fmt.Fprintln(stderr, "vmfleet: "+Line(r))
		}
	}
	out, err := rl.ToYAML()
	if err != nil {
		fmt.Fprintf(stderr, "vmfleet: write the ResourceList: %v\n", err)
		return exitFailed
	}
	_, _ = stdout.Write(out)
	if !ok {
		fmt.Fprintf(stderr, "vmfleet: failed: %s; nothing was generated\n", count(rl.Results[before:]))
		return exitFailed
	}
	return exitOK
}

// Process is the function as an SDK ResourceListProcessorFunc. It returns
// false (with the reasons in rl.Results and rl.Items unchanged) when any
// finding is an error.
var Process sdk.ResourceListProcessorFunc = process

func process(rl *sdk.ResourceList) (bool, error) {
	var (
		items   sdk.KubeObjects
		results sdk.Results
		err     error
	)
	fc := rl.FunctionConfig
	switch {
	case noConfig(fc):
		items, results, err = packageMode(rl.Items)
	case isFleet(fc):
		if f := pathed(rl.Items); f != nil {
			return fail(rl, sdk.Results{resultAt(f, sdk.Error, "", fmt.Sprintf(
				"both the functionConfig and the package hold a VMFleet: in a kpt package vmfleet reads the fleet from its file (%s); remove the function's configPath / --fn-config", pathOf(f)))})
		}
		items, results, err = generatorMode(fc, rl.Items)
	default:
		return fail(rl, sdk.Results{{Severity: sdk.Error, Message: fmt.Sprintf(
			"unsupported functionConfig %s %q: as a kustomize generator vmfleet's functionConfig is the VMFleet itself; in a kpt package it takes none (the fleet is a file of the package)",
			fc.GetKind(), fc.GetName())}})
	}
	if err != nil {
		return false, err
	}
	if hasErrors(results) {
		return fail(rl, results)
	}
	rl.Items = items
	rl.Results = append(rl.Results, results...)
	return true, nil
}

func fail(rl *sdk.ResourceList, results sdk.Results) (bool, error) {
	rl.Results = append(rl.Results, results...)
	return false, nil
}
