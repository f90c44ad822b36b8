package render_test

import (
	"fmt"
	"strings"

	"vmfleet.dev/vmfleet/render"
)

const exampleFleet = `apiVersion: vmfleet.dev/v1alpha1
kind: VMFleet
metadata:
  name: mini
spec:
  gitops:
    repoURL: https://git.example/fleet
    path: fleets/mini
  clusters:
    - name: east
      storageClass: ceph
      accessMode: ReadWriteMany
    - name: west
      storageClass: lvms
      accessMode: ReadWriteOnce
  vms:
    - name: app
      namespace: apps
      instancetype: u1.small
      disk:
        size: 10Gi
        source:
          blank: {}
`

// Load decodes, defaults, validates and plans a fleet; Cluster gives what
// Argo CD applies to one cluster (vmfleet build --cluster).
func ExampleLoad() {
	fleet, findings := render.Load("fleet.yaml", []byte(exampleFleet))
	if fleet == nil {
		fmt.Println(findings)
		return
	}
	fmt.Println(fleet.Name(), fleet.ClusterNames())
	objs, _ := fleet.Cluster("west")
	for _, o := range objs {
		_, kind := o.GVK()
		ns, name := o.Meta()
		fmt.Println(kind, ns, name)
	}
	// Output:
	// mini [east west]
	// Namespace  apps
	// VirtualMachine apps app
}

// Every finding names the file, the line and the field.
func ExampleLoad_findings() {
	bad := exampleFleet[:len(exampleFleet)-len("          blank: {}\n")] + "          blank: {}\n      evictionStrategy: Sometimes\n"
	_, findings := render.Load("fleet.yaml", []byte(bad))
	for _, f := range findings {
		fmt.Println(f)
	}
	// Output:
	// fleet.yaml:24: error: spec.vms[0].evictionStrategy: "Sometimes" is not one of "None", "LiveMigrate", "LiveMigrateIfPossible", "External"
}

// Tree lays the fleet out as the GitOps tree `vmfleet render` writes: the
// hub's objects under hub/ (not listed here), a base per VM, a folder per
// namespace the overlays share, an overlay per cluster.
func ExampleFleet_Tree() {
	fleet, _ := render.Load("fleet.yaml", []byte(exampleFleet))
	files, _ := fleet.Tree()
	for _, f := range files {
		if !strings.HasPrefix(f.Path, "hub/") || f.Path == "hub/kustomization.yaml" {
			fmt.Println(f.Path)
		}
	}
	// Output:
	// base/app/kustomization.yaml
	// base/app/virtualmachine_app.yaml
	// hub/kustomization.yaml
	// namespaces/apps/kustomization.yaml
	// namespaces/apps/namespace_apps.yaml
	// overlays/east/kustomization.yaml
	// overlays/west/kustomization.yaml
}
