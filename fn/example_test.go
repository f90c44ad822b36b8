package fn_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"vmfleet.dev/vmfleet/fn"
)

// Run is the KRM function: a ResourceList in, a ResourceList out. As a
// kustomize generator the VMFleet is the functionConfig, and the output adds
// the hub's objects (the SDK orders them); the functionConfig comes last.
func ExampleRun() {
	rl := `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items: []
functionConfig:
  apiVersion: vmfleet.dev/v1alpha1
  kind: VMFleet
  metadata:
    name: mini
  spec:
    gitops: {repoURL: https://git.example/fleet, path: fleets/mini}
    clusters: [{name: east, storageClass: ceph, accessMode: ReadWriteMany}]
    vms: [{name: app, namespace: apps, instancetype: u1.small, disk: {size: 10Gi, source: {blank: {}}}}]
`
	var out bytes.Buffer
	code := fn.Run(strings.NewReader(rl), &out, os.Stderr)
	fmt.Println("exit", code)
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "  kind: ") {
			fmt.Println(strings.TrimSpace(line))
		}
	}
	// Output:
	// exit 0
	// kind: ApplicationSet
	// kind: Placement
	// kind: ManagedClusterSetBinding
	// kind: PlacementBinding
	// kind: Policy
	// kind: Policy
	// kind: PolicySet
	// kind: ConfigMap
	// kind: VMFleet
}
