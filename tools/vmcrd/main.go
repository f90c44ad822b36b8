// Command vmcrd prints KubeVirt's VirtualMachine CustomResourceDefinition as YAML, exactly as
// virt-operator v1.6.0 installs it (components.NewVirtualMachineCrd); with the argument
// virtualmachinesnapshots, the VirtualMachineSnapshot CRD (components.NewVirtualMachineSnapshotCrd). The
// e2e harness installs them into a real kube-apiserver to check the VirtualMachines vmfleet emits and the
// snapshots its snapshot jobs create.
package main

import (
	"fmt"
	"os"

	"sigs.k8s.io/yaml"

	"kubevirt.io/kubevirt/pkg/virt-operator/resource/generate/components"
)

func main() {
	newCRD, source := components.NewVirtualMachineCrd, "components.NewVirtualMachineCrd()"
	if len(os.Args) > 1 && os.Args[1] == "virtualmachinesnapshots" {
		newCRD, source = components.NewVirtualMachineSnapshotCrd, "components.NewVirtualMachineSnapshotCrd()"
	}
	crd, err := newCRD()
	if err != nil {
		fmt.Fprintln(os.Stderr, "vmcrd:", err)
		os.Exit(1)
	}
	crd.APIVersion = "apiextensions.k8s.io/v1"
	crd.Kind = "CustomResourceDefinition"
	if crd.Annotations == nil {
		crd.Annotations = map[string]string{}
	}
	crd.Annotations["vmfleet.dev/source"] = "kubevirt.io/kubevirt v1.6.0 " + source
	// Drop what only the server writes (status, creationTimestamp: null).
	j, err := yaml.Marshal(crd)
	if err != nil {
		fmt.Fprintln(os.Stderr, "vmcrd:", err)
		os.Exit(1)
	}
	var u map[string]any
	if err := yaml.Unmarshal(j, &u); err != nil {
		fmt.Fprintln(os.Stderr, "vmcrd:", err)
		os.Exit(1)
	}
	delete(u, "status")
	if md, ok := u["metadata"].(map[string]any); ok {
		delete(md, "creationTimestamp")
	}
	out, err := yaml.Marshal(u)
	if err != nil {
		fmt.Fprintln(os.Stderr, "vmcrd:", err)
		os.Exit(1)
	}
	os.Stdout.Write(out)
}
