package generators_test

import (
	"fmt"

	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/plan"
)

// A generator takes the plan and returns typed objects; the plan has
// already chosen everything (here: LiveMigrate on the RWX cluster, None on
// the RWO one).
func ExampleVirtualMachine() {
	p := plan.Build(base())
	for _, c := range p.Clusters {
		vm := generators.VirtualMachine(p, c.Instances[0])
		fmt.Println(c.Spec.Name, vm.Name, *vm.Spec.Template.Spec.EvictionStrategy, *vm.Spec.DataVolumeTemplates[0].Spec.Storage.StorageClassName)
	}
	// Output:
	// east app LiveMigrate ceph
	// west app None lvms
}
