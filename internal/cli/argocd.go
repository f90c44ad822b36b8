package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"vmfleet.dev/vmfleet/internal/argoinput"
)

// The Argo CD config management plugin (examples/argocd/plugin.yaml) runs
// `vmfleet argocd` (through the front program vmfleet-cached) as its
// generate command, in the Application's source path, with no shell: the
// sidecar can be the FROM-scratch vmfleet image. stdout is exactly `vmfleet
// build FLEET --cluster CLUSTER`; package argoinput says where FLEET and
// CLUSTER come from.
const (
	envCluster = argoinput.EnvCluster
	envFleet   = argoinput.EnvFleet
	// DefaultArgoCDFleet is the fleet file the plugin reads unless FLEET is set.
	DefaultArgoCDFleet = argoinput.DefaultFleet
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
	getenv := io.Env
	if getenv == nil {
		getenv = os.Getenv
	}
	in, err := argoinput.Resolve(getenv, pos)
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet argocd: %v\n", err)
		var usage *argoinput.UsageError
		if errors.As(err, &usage) {
			return ExitUsage
		}
		return ExitInvalid
	}
	return buildCluster(io, in.File, in.Data, in.Cluster)
}
