// Command genfleet writes a scale-test fleet (see tests/scale/fixture) to
// stdout or a file:
//
//	go run ./tests/scale/cmd/genfleet -clusters 3500 -vms 20 -o /tmp/fleet.yaml
package main

import (
	"flag"
	"fmt"
	"os"

	"vmfleet.dev/vmfleet/tests/scale/fixture"
)

func main() {
	var o fixture.Options
	flag.IntVar(&o.Clusters, "clusters", 10, "number of clusters")
	flag.IntVar(&o.VMs, "vms", 10, "number of VMs")
	flag.BoolVar(&o.EveryCluster, "every", false, "run every VM on every cluster (no subsets)")
	flag.StringVar(&o.Name, "name", "", "fleet name (default scale-<clusters>x<vms>)")
	out := flag.String("o", "-", "output file, - for stdout")
	flag.Parse()
	data := fixture.Generate(o)
	if *out == "-" {
		_, err := os.Stdout.Write(data)
		if err != nil {
			fmt.Fprintln(os.Stderr, "genfleet:", err)
			os.Exit(1)
		}
		return
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "genfleet:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "genfleet: wrote %s (%d bytes, %d clusters, %d VMs, %d instances)\n", *out, len(data), o.Clusters, o.VMs, fixture.Instances(o))
}
