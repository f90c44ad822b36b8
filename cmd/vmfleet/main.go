// Command vmfleet turns one VMFleet file into the GitOps objects that run
// KubeVirt virtual machines across an ACM-managed fleet.
package main

import (
	"os"

	"vmfleet.dev/vmfleet/internal/cli"
)

func main() { os.Exit(cli.Main(cli.StdIO(), os.Args[1:])) }
