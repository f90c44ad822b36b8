// Command vmfleet-cached is the front of vmfleet for the Argo CD plugin:
// it serves `vmfleet build FLEET --cluster NAME` and `vmfleet argocd` from
// vmfleet's build cache without starting the full program, and runs vmfleet
// (beside it, else in PATH) with the same arguments for everything else.
// See internal/front.
package main

import (
	"os"

	"vmfleet.dev/vmfleet/internal/front"
)

func main() {
	os.Exit(front.Main(os.Args[1:]))
}
