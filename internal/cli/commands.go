package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/internal/write"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/render"
	"vmfleet.dev/vmfleet/schemas"
)

func renderCmd(io IO) *cobra.Command {
	var out string
	var force bool
	cmd := &cobra.Command{
		Use:   "render FLEET.yaml -o DIR",
		Short: "write the GitOps tree: DIR/hub/, DIR/base/<vm>/, DIR/overlays/<cluster>/",
		Long: "Write the GitOps tree: DIR/hub/, DIR/base/<vm>/, DIR/overlays/<cluster>/, and the inventory\n" +
			"DIR/.vmfleet-tree.yaml. The tree is replaced atomically; files vmfleet did not write are kept.",
		Args: fleetArg,
		RunE: func(_ *cobra.Command, args []string) error {
			if out == "" {
				return usagef("-o DIR is required")
			}
			return exit(runRender(io, args[0], out, force))
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "output folder `DIR` (required)")
	cmd.Flags().BoolVar(&force, "force", false, "write into an existing folder that vmfleet did not create")
	return cmd
}

func runRender(io IO, file, out string, force bool) int {
	data, err := readInput(io, file)
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet: %v\n", err)
		return ExitInvalid
	}
	limitMemory(len(data))
	fleet := loadData(io, nil, displayName(file), data)
	if fleet == nil {
		return ExitInvalid
	}
	files, err := fleet.Tree()
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet render: %v\n", err)
		return ExitInvalid
	}
	keys, err := render.Keys(files)
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet render: %v\n", err)
		return ExitInvalid
	}
	tree := make([]write.File, len(files))
	for i, f := range files {
		tree[i] = write.File{Path: f.Path, Key: write.Key(keys[i])}
	}
	if err := write.CheckPaths(tree); err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet render: %v\n", err)
		return writeExit(err)
	}
	// From reading the old tree to replacing it the render holds the
	// folder's lock: what checkPrevious and Known read is what is replaced.
	session, err := write.Open(out, write.Options{Fleet: fleet.Name(), Force: force, Memo: renderMemo(io, out), Program: identity()})
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet render: %v\n", err)
		return writeExit(err)
	}
	defer session.Close()
	// Only the files the memo does not know unchanged are turned into YAML
	// (on every CPU): after a one-VM edit, a few of a 3,500-cluster tree's
	// 3,688.
	known := session.Known(tree)
	var todo []objects.Object
	var at []int
	for i, f := range files {
		if !known[f.Path] {
			todo = append(todo, f.Object)
			at = append(at, i)
		}
	}
	docs, err := emit.Documents(todo)
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet render: %v\n", err)
		return ExitInvalid
	}
	for j, i := range at {
		tree[i].Data = docs[j]
	}
	// The old tree is compared with the new one only where a file
	// changes: Previous reads the overlays whose bytes differ.
	if code := checkPrevious(io, fleet, out, session.Same(tree)); code != ExitOK {
		return code
	}
	// From here on only the bytes are needed (the known files need none:
	// Write keeps them as they are): nothing below refers to the plan or
	// the objects, so the collector can free them while the files are
	// written (a third of a 3,500-cluster render's peak memory).
	head := fmt.Sprintf("vmfleet: wrote %d files to %s (%d clusters, %d VMs)", len(files), out, len(fleet.Plan.Clusters), len(fleet.Plan.VMs))
	st, err := session.Write(tree)
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet render: %v\n", err)
		return writeExit(err)
	}
	fmt.Fprintf(io.Stderr, "%s: %d changed, %d unchanged, %d removed\n", head, st.Written, st.Unchanged, st.Removed)
	return ExitOK
}

// renderMemo is the memo file of the render output folder out, in the
// build cache's folder (see write.Options.Memo): "" when the cache is off
// or cannot be used.
func renderMemo(io IO, out string) string {
	cache := openCache(io)
	if cache == nil {
		return ""
	}
	return write.MemoFile(cache.Path(), out)
}

func buildCmd(io IO) *cobra.Command {
	var cluster onceString
	cmd := &cobra.Command{
		Use:   "build FLEET.yaml [--cluster NAME]",
		Short: "print the hub objects, or one cluster's rendered objects, as one YAML stream",
		Long: "Print one YAML stream: the hub objects, or with --cluster, everything Argo CD applies to that cluster\n" +
			"(the same objects as 'kustomize build DIR/overlays/NAME' of the rendered tree).",
		Args: fleetArg,
		RunE: func(_ *cobra.Command, args []string) error {
			return exit(runBuild(io, args[0], cluster.value))
		},
	}
	cmd.Flags().Var(&cluster, "cluster", "print the objects of cluster `NAME` instead of the hub's")
	return cmd
}

// runBuild prints the hub's objects, or the cluster's when cluster is set.
func runBuild(io IO, file, cluster string) int {
	if cluster != "" {
		return runBuildCluster(io, file, cluster)
	}
	fleet, code := load(io, file)
	if fleet == nil {
		return code
	}
	out, err := emit.Stream(fleet.Hub())
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet build: %v\n", err)
		return ExitInvalid
	}
	_, _ = io.Stdout.Write(out)
	return ExitOK
}

func validateCmd(io IO) *cobra.Command {
	return &cobra.Command{
		Use:   "validate FLEET.yaml",
		Short: "check a fleet and print its findings",
		Long:  "Check a fleet and print its findings (file:line: severity: field: message).\nExit 1 when any finding is an error.",
		Args:  fleetArg,
		RunE: func(_ *cobra.Command, args []string) error {
			fleet, code := load(io, args[0])
			if fleet == nil {
				return exit(code)
			}
			fmt.Fprintf(io.Stdout, "%s: valid fleet %q: %d clusters, %d VMs\n", fleet.File(), fleet.Name(), len(fleet.Plan.Clusters), len(fleet.Plan.VMs))
			return nil
		},
	}
}

func schemaCmd(io IO) *cobra.Command {
	var crd bool
	cmd := &cobra.Command{
		Use:   "schema [--crd]",
		Short: "print the VMFleet JSON Schema (or the CRD)",
		Long:  "Print the VMFleet JSON Schema, for editors (yaml-language-server) and CI checks.",
		Args:  noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			if crd {
				_, _ = io.Stdout.Write(schemas.CRD())
			} else {
				_, _ = io.Stdout.Write(schemas.JSONSchema())
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&crd, "crd", false, "print the CustomResourceDefinition instead")
	return cmd
}

func versionCmd(io IO) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "print the version",
		Args:  noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			runVersion(io)
			return nil
		},
	}
}

func runVersion(io IO) {
	fmt.Fprintf(io.Stdout, "vmfleet %s\n", version())
}
