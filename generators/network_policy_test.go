package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/plan"
)

func TestNetworkAttachmentDefinition(t *testing.T) {
	f := base()
	f.Spec.Networks[0].IPAM = &v1alpha1.IPAM{Type: "whereabouts", Range: "10.42.0.0/24"}
	nad := generators.NetworkAttachmentDefinition(plan.Build(f), &f.Spec.Networks[0])
	want := `{
  "cniVersion": "0.3.1",
  "name": "vlan10",
  "type": "bridge",
  "bridge": "br10",
  "vlan": 10,
  "ipam": {
    "type": "whereabouts",
    "range": "10.42.0.0/24"
  }
}
`
	if diff := cmp.Diff(want, nad.Spec.Config); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
}
