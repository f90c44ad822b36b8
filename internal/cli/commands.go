package cli

import (
	"fmt"

	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/internal/objects"
	"vmfleet.dev/vmfleet/schemas"
)

func runRender(io IO, args []string) int {
	fs := newFlags(io, "render", "FLEET.yaml -o DIR", "Write the GitOps tree: DIR/hub/, DIR/base/<vm>/, DIR/overlays/<cluster>/.\nThe tree is replaced atomically; files vmfleet did not write are kept.")
	out := fs.String("o", "", "output folder (required)")
	force := fs.Bool("force", false, "write into an existing folder that vmfleet did not create")
	fleet, code := loadArgs(io, fs, args, func() bool {
		if *out == "" {
			fmt.Fprintln(io.Stderr, "vmfleet render: -o DIR is required")
			fs.Usage()
			return false
		}
		return true
	})
	if fleet == nil {
		return code
	}
	files, err := fleet.Tree()
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet render: %v\n", err)
		return ExitInvalid
	}
	if !checkPrevious(io, fleet, *out) {
		return ExitInvalid
	}
	var tree []emit.TreeFile
	for _, f := range files {
		tree = append(tree, emit.TreeFile{Path: f.Path, Object: f.Object})
	}
	if err := emit.WriteTree(*out, tree, emit.WriteOptions{Force: *force}); err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet render: %v\n", err)
		return ExitInvalid
	}
	fmt.Fprintf(io.Stderr, "vmfleet: wrote %d files to %s (%d clusters, %d VMs)\n", len(files), *out, len(fleet.Plan.Clusters), len(fleet.Plan.VMs))
	return ExitOK
}

func runBuild(io IO, args []string) int {
	fs := newFlags(io, "build", "FLEET.yaml [--cluster NAME]", "Print one YAML stream: the hub objects, or with --cluster, everything Argo CD applies to that cluster\n(the same objects as 'kustomize build DIR/overlays/NAME' of the rendered tree).")
	cluster := fs.String("cluster", "", "print this cluster's objects instead of the hub's")
	fleet, code := loadArgs(io, fs, args)
	if fleet == nil {
		return code
	}
	var objs []objects.Object
	if *cluster == "" {
		objs = fleet.Hub()
	} else {
		var err error
		if objs, err = fleet.Cluster(*cluster); err != nil {
			fmt.Fprintf(io.Stderr, "vmfleet build: %v\n", err)
			return ExitInvalid
		}
	}
	out, err := emit.Stream(objs)
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet build: %v\n", err)
		return ExitInvalid
	}
	_, _ = io.Stdout.Write(out)
	return ExitOK
}

func runValidate(io IO, args []string) int {
	fs := newFlags(io, "validate", "FLEET.yaml", "Check a fleet and print its findings (file:line: severity: field: message).\nExit 1 when any finding is an error.")
	fleet, code := loadArgs(io, fs, args)
	if fleet == nil {
		return code
	}
	fmt.Fprintf(io.Stdout, "%s: valid fleet %q: %d clusters, %d VMs\n", fleet.Source.File, fleet.Name(), len(fleet.Plan.Clusters), len(fleet.Plan.VMs))
	return ExitOK
}

func runSchema(io IO, args []string) int {
	fs := newFlags(io, "schema", "[--crd]", "Print the VMFleet JSON Schema, for editors (yaml-language-server) and CI checks.")
	crd := fs.Bool("crd", false, "print the CustomResourceDefinition instead")
	pos, code, done := parse(fs, args)
	if done {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(io.Stderr, "vmfleet schema: unexpected argument(s)%s\n", listed(pos))
		return ExitUsage
	}
	if *crd {
		_, _ = io.Stdout.Write(schemas.CRD())
	} else {
		_, _ = io.Stdout.Write(schemas.JSONSchema())
	}
	return ExitOK
}

func runVersion(io IO, args []string) int {
	fs := newFlags(io, "version", "", "Print the version.")
	if _, code, done := parse(fs, args); done {
		return code
	}
	fmt.Fprintf(io.Stdout, "vmfleet %s\n", version())
	return ExitOK
}
