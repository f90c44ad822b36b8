// Command vmfleet turns one VMFleet file into the GitOps objects that run
// KubeVirt virtual machines across an ACM-managed fleet. With no arguments and
// a ResourceList on stdin it is a KRM function (package fn), otherwise a
// command line (internal/cli); internal/program chooses.
package main

import (
	"os"

	"vmfleet.dev/vmfleet/internal/cli"
	"vmfleet.dev/vmfleet/internal/program"
)

func main() {
	os.Exit(program.Main(cli.StdIO(), os.Args[1:]))
}
