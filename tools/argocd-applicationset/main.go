// Command argocd-applicationset-controller is Argo CD v2.14.21's ApplicationSet controller, built alone: its
// own cobra command (cmd/argocd-applicationset-controller/commands), the one the unified argocd binary runs
// when ARGOCD_BINARY_NAME=argocd-applicationset-controller, without the server, CLI and repo server beside it.
package main

import (
	"os"

	applicationset "github.com/argoproj/argo-cd/v2/cmd/argocd-applicationset-controller/commands"
)

func main() {
	if err := applicationset.NewCommand().Execute(); err != nil {
		os.Exit(1)
	}
}
