package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/plan"
)

func TestBridgeNAD(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*v1alpha1.Network)
		want   string
	}{{
		// A VLAN network: preserveDefaultVlan false (the plugin's default true
		// keeps the port in VLAN 1 too), macspoofchk, no IPAM.
		name: "vlan, no ipam", want: `{
  "cniVersion": "0.3.1",
  "name": "vlan10",
  "type": "bridge",
  "bridge": "br10",
  "vlan": 10,
  "preserveDefaultVlan": false,
  "macspoofchk": true,
  "ipam": {}
}
`}, {
		name: "no vlan: nothing to preserve", mutate: func(n *v1alpha1.Network) { n.VLAN = nil }, want: `{
  "cniVersion": "0.3.1",
  "name": "vlan10",
  "type": "bridge",
  "bridge": "br10",
  "macspoofchk": true,
  "ipam": {}
}
`}, {
		name: "ipam by opt-in; host-local calls its range subnet", mutate: func(n *v1alpha1.Network) {
			n.AllowIPAM, n.IPAM = true, &v1alpha1.IPAM{Type: "host-local", Range: "10.42.0.0/24"}
		}, want: `{
  "cniVersion": "0.3.1",
  "name": "vlan10",
  "type": "bridge",
  "bridge": "br10",
  "vlan": 10,
  "preserveDefaultVlan": false,
  "macspoofchk": true,
  "ipam": {
    "type": "host-local",
    "subnet": "10.42.0.0/24"
  }
}
`}} {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			if tc.mutate != nil {
				tc.mutate(&f.Spec.Networks[0])
			}
			nad := generators.NetworkAttachmentDefinition(plan.Build(f), &f.Spec.Networks[0], "apps", "vlan10")
			if diff := cmp.Diff(tc.want, nad.Spec.Config); diff != "" {
				t.Errorf("config (-want +got):\n%s", diff)
			}
			// The scheduler places the VM only where the bridge marker saw br10.
			if got := nad.Annotations[generators.NADResourceName]; got != "bridge.network.kubevirt.io/br10" {
				t.Errorf("resourceName annotation = %q", got)
			}
			if nad.Namespace != "apps" || nad.Name != "vlan10" {
				t.Errorf("NAD %s/%s, want apps/vlan10", nad.Namespace, nad.Name)
			}
		})
	}
}
