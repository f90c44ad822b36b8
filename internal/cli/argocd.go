package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"vmfleet.dev/vmfleet/internal/decode"
	"vmfleet.dev/vmfleet/internal/write"
)

// The Argo CD config management plugin (examples/argocd/plugin.yaml) runs
// `vmfleet argocd` as its generate command, in the Application's source
// path, with no shell: the sidecar can be the FROM-scratch vmfleet image.
// Argo CD passes the Application's spec.source.plugin.env entries as
// ARGOCD_ENV_<NAME>; vmfleet's ApplicationSet sets CLUSTER to the cluster's
// name. stdout is exactly `vmfleet build FLEET --cluster CLUSTER`.
const (
	envCluster = "ARGOCD_ENV_CLUSTER"
	envFleet   = "ARGOCD_ENV_FLEET"
	// DefaultArgoCDFleet is the fleet file the plugin reads unless FLEET is set.
	DefaultArgoCDFleet = "fleet.yaml"
)

func argocdCmd(io IO) *cobra.Command {
	return &cobra.Command{
		Use:   "argocd [FLEET.yaml]",
		Short: "the Argo CD plugin's generate: build --cluster $" + envCluster,
		Long: "The generate command of the Argo CD config management plugin: prints\n" +
			"'vmfleet build FLEET.yaml --cluster $" + envCluster + "'. The fleet is the argument, else $" + envFleet + ",\n" +
			"else " + DefaultArgoCDFleet + ", relative to the Application's source path (the working directory).",
		RunE: func(_ *cobra.Command, args []string) error { return exit(runArgoCD(io, args)) },
	}
}

func runArgoCD(io IO, pos []string) int {
	if len(pos) > 1 {
		fmt.Fprintf(io.Stderr, "vmfleet argocd: expected at most one fleet file, got %d arguments%s\n", len(pos), listed(pos))
		return ExitUsage
	}
	getenv := io.Env
	if getenv == nil {
		getenv = os.Getenv
	}
	cluster, _, err := pluginInput(getenv, envCluster, paramCluster)
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet argocd: %v\n", err)
		return ExitInvalid
	}
	if cluster == "" {
		fmt.Fprintf(io.Stderr, "vmfleet argocd: %s is not set: the Application must name its cluster, "+
			"spec.source.plugin.env: [{name: CLUSTER, value: '{{name}}'}] (vmfleet's ApplicationSet does) "+
			"or spec.source.plugin.parameters: [{name: cluster, string: '{{name}}'}]\n", envCluster)
		return ExitInvalid
	}
	file, from := DefaultArgoCDFleet, "the default"
	if v, source, err := pluginInput(getenv, envFleet, paramFleetFile); err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet argocd: %v\n", err)
		return ExitInvalid
	} else if v != "" {
		file, from = v, source
	}
	if len(pos) == 1 {
		file, from = pos[0], "the argument"
	}
	if clean := filepath.Clean(file); filepath.IsAbs(file) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		fmt.Fprintf(io.Stderr, "vmfleet argocd: fleet file %q (%s) must be a path inside the Application's source path\n", file, from)
		return ExitInvalid
	}
	if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(io.Stderr, "vmfleet argocd: no fleet file %s (%s) in the Application's source path %q; "+
			"set the plugin env FLEET to the fleet's file name\n", file, from, getenv("ARGOCD_APP_SOURCE_PATH"))
		return ExitInvalid
	}
	data, err := readContained(file)
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet argocd: fleet file %q (%s): %v\n", file, from, err)
		return ExitInvalid
	}
	return buildCluster(io, file, data, cluster)
}

// readContained reads the fleet file only if it really lies inside the
// Application's source path (the working directory): the repository is
// another team's input, and a link in it (fleet.yaml -> ../../other-team/
// fleet.yaml, -> /etc/passwd) must not reach beyond it, nor have the
// findings echo an outside file's lines. Links inside the folder are
// resolved (filepath.EvalSymlinks), the result must stay under the
// resolved source path, and is then read without following any link
// (write.ReadFileIn), so a link swapped in between is refused too.
func readContained(file string) ([]byte, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	root, err := filepath.EvalSymlinks(wd)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(file)
	if err != nil {
		return nil, err
	}
	if !filepath.IsAbs(real) {
		real = filepath.Join(root, real)
	}
	rel, err := filepath.Rel(root, real)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return nil, errors.New("it resolves (through a symbolic link) to a file outside the Application's source path; the plugin reads only files inside it")
	}
	return write.ReadFileIn(root, filepath.ToSlash(rel), decode.MaxSize)
}
