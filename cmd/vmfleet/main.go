// Command vmfleet turns one VMFleet file into the GitOps objects that run
// KubeVirt virtual machines across an ACM-managed fleet. With no arguments and
// a ResourceList on stdin it is a KRM function (package fn).
package main

import (
	"os"

	"vmfleet.dev/vmfleet/fn"
	"vmfleet.dev/vmfleet/internal/cli"
)

func main() {
	cli.KRM = fn.Run
	os.Exit(cli.Main(cli.StdIO(), os.Args[1:]))
}
