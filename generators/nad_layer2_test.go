package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

func TestLayer2NAD(t *testing.T) {
	f := base()
	n := &f.Spec.Networks[0]
	n.Type, n.Bridge, n.Uplink, n.VLAN = v1alpha1.NetworkLayer2, "", "", nil
	p := plan.Build(f)
	nad := generators.NetworkAttachmentDefinition(p, n, "apps", "vlan10")
	want := `{
  "cniVersion": "0.3.1",
  "name": "vlan10",
  "type": "ovn-k8s-cni-overlay",
  "topology": "layer2",
  "netAttachDefName": "apps/vlan10"
}
`
	if diff := cmp.Diff(want, nad.Spec.Config); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
	// An overlay needs nothing on the nodes: no bridge, no NMState.
	for _, c := range p.Clusters {
		if len(c.Bridges) != 0 || c.NeedsNMState() {
			t.Errorf("cluster %s: bridges %v, NMState %v", c.Spec.Name, c.Bridges, c.NeedsNMState())
		}
	}
	if objs := generators.NMStatePolicies(p); len(objs) != 0 {
		t.Errorf("a layer2-only fleet installs NMState: %d objects", len(objs))
	}
	for _, o := range generators.NetworkPolicies(p) {
		if deps := o.(*objects.Policy).Spec.Dependencies; len(deps) != 0 {
			t.Errorf("a layer2 NAD waits for nothing, got %v", deps)
		}
	}
}
