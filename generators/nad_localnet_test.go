package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/plan"
)

func TestLocalnetNAD(t *testing.T) {
	f := base()
	n := &f.Spec.Networks[0]
	n.Type, n.Bridge, n.MTU = v1alpha1.NetworkLocalnet, "br-ex", ptr(int32(1500))
	nad := generators.NetworkAttachmentDefinition(plan.Build(f), n, "apps", "vlan10-east")
	// name is the localnet's physical network, the key of the NNCP bridge
	// mapping; netAttachDefName is this NAD; VLAN as vlanID; no subnets.
	want := `{
  "cniVersion": "0.3.1",
  "name": "vlan10",
  "type": "ovn-k8s-cni-overlay",
  "topology": "localnet",
  "netAttachDefName": "apps/vlan10-east",
  "vlanID": 10,
  "mtu": 1500
}
`
	if diff := cmp.Diff(want, nad.Spec.Config); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
	if len(nad.Annotations) != 0 {
		t.Errorf("a localnet NAD needs no bridge resource: %v", nad.Annotations)
	}
}
