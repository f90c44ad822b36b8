package fn_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	sdk "github.com/GoogleContainerTools/kpt-functions-sdk/go/fn"

	"vmfleet.dev/vmfleet/fn"
)

// Run is the KRM function: a ResourceList in, a ResourceList out. As a
// kustomize generator the VMFleet is the functionConfig, and the output adds
// the hub's objects, the ApplicationSet among them.
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
	result, err := sdk.ParseResourceList(out.Bytes())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range result.Items {
		if it.GetKind() == "ApplicationSet" {
			path, _, _ := it.NestedString("spec", "template", "spec", "source", "path")
			fmt.Println(it.GetKind(), it.GetNamespace()+"/"+it.GetName(), path)
		}
	}
	// Output:
	// exit 0
	// ApplicationSet openshift-gitops/mini fleets/mini/overlays/{{name}}
}
