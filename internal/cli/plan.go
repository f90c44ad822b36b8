package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"vmfleet.dev/vmfleet/internal/review"
)

func planCmd(io IO) *cobra.Command {
	var cluster onceString
	var output string
	cmd := &cobra.Command{
		Use:   "plan FLEET.yaml [--cluster NAME] [--output text|json|html]",
		Short: "show what lands on each cluster, with every resolved setting and the field it came from",
		Long: "Show, per cluster, the VMs it runs with each resolved setting and where it came from (disk, vm,\n" +
			"cluster override, cluster, fleet default, or derived, with why), its NADs and bridges, the eviction\n" +
			"strategy and why, the Secrets and ConfigMaps each VM needs and the hub Policy that delivers them, the\n" +
			"fleet's VMs a cluster does not run and why, and the rollout step of each cluster.\n\n" +
			"--output text (default): aligned columns, coloured only on a terminal (NO_COLOR turns colour off).\n" +
			"--output json: a FleetPlan (apiVersion vmfleet.dev/v1alpha1), stable for scripts.\n" +
			"--output html: the fleet map, one self-contained page: clusters x VMs, coloured by storage and\n" +
			"eviction, a cluster's detail on click.",
		Args: fleetArg,
		RunE: func(_ *cobra.Command, args []string) error {
			switch output {
			case "text", "json", "html":
			default:
				return usagef("--output must be text, json or html, not %q", output)
			}
			return exit(runPlan(io, args[0], cluster.value, output))
		},
	}
	cmd.Flags().Var(&cluster, "cluster", "show cluster `NAME` only")
	cmd.Flags().StringVarP(&output, "output", "o", "text", "output `FORMAT`: text, json or html")
	return cmd
}

func runPlan(io IO, file, cluster, output string) int {
	fleet, code := load(io, file)
	if fleet == nil {
		return code
	}
	fp, err := review.Plan(fleet, cluster)
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet plan: %v\n", err)
		return ExitInvalid
	}
	switch output {
	case "json":
		err = fp.JSON(io.Stdout)
	case "html":
		err = fp.HTML(io.Stdout)
	default:
		err = fp.Text(io.Stdout, colour(io))
	}
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet plan: write the plan: %v\n", err)
		return ExitEnvironment
	}
	return ExitOK
}

// colour: only on a terminal, and not when NO_COLOR is set (no-color.org).
func colour(io IO) bool {
	if io.Env != nil && io.Env("NO_COLOR") != "" {
		return false
	}
	f, ok := io.Stdout.(*os.File)
	return ok && isTerminal(f)
}
