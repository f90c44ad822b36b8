package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// nads lists namespace/name of the NADs each NAD policy delivers.
func nads(t *testing.T, p *plan.Plan) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, o := range generators.NetworkPolicies(p) {
		pol := o.(*objects.Policy)
		for _, ot := range pol.Spec.PolicyTemplates[0].ObjectDefinition.(*objects.ConfigurationPolicy).Spec.ObjectTemplates {
			if nad, ok := ot.ObjectDefinition.(*objects.NetworkAttachmentDefinition); ok {
				out[pol.Name] = append(out[pol.Name], nad.Namespace+"/"+nad.Name)
			}
		}
	}
	return out
}

func TestNADDelivery(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*v1alpha1.VMFleet)
		want   map[string][]string
	}{{
		name: "one NAD per cluster variant, in the network's and the VM's namespace",
		want: map[string][]string{"nad-vlan10-ed30c6c3": {"apps/vlan10", "net/vlan10"}, "nad-vlan10-c0a5a0aa": {"apps/vlan10-west", "net/vlan10-west"}},
	}, {
		name:   "a global namespace holds the only NAD",
		mutate: func(f *v1alpha1.VMFleet) { f.Spec.Networks[0].Namespace = "default"; f.Spec.Clusters[1].Networks = nil },
		want:   map[string][]string{"nad-vlan10": {"default/vlan10"}},
	}, {
		name:   "no namespace: only the VMs'",
		mutate: func(f *v1alpha1.VMFleet) { f.Spec.Networks[0].Namespace = ""; f.Spec.Clusters[1].Networks = nil },
		want:   map[string][]string{"nad-vlan10": {"apps/vlan10"}},
	}, {
		name: "an existing NAD stops delivery on that cluster only",
		mutate: func(f *v1alpha1.VMFleet) {
			f.Spec.Clusters[1].Networks = nil
			f.Spec.Clusters[1].ExistingNetworks = map[string]string{"vlan10": "theirs"}
		},
		want: map[string][]string{"nad-vlan10": {"apps/vlan10", "net/vlan10"}},
	}, {
		name:   "no VM on a cluster, no NAD there",
		mutate: func(f *v1alpha1.VMFleet) { f.Spec.VMs[0].Clusters = []string{"east"} },
		want:   map[string][]string{"nad-vlan10": {"apps/vlan10", "net/vlan10"}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			if tc.mutate != nil {
				tc.mutate(f)
			}
			got := nads(t, plan.Build(f))
			// Variant names carry a content hash; compare those by content.
			if len(tc.want) > 1 {
				var g, w [][]string
				for _, v := range got {
					g = append(g, v)
				}
				for _, v := range tc.want {
					w = append(w, v)
				}
				if !cmp.Equal(w, g, cmpSortSlices()) {
					t.Errorf("NADs: got %v, want %v", got, tc.want)
				}
				return
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("NADs (-want +got):\n%s", diff)
			}
		})
	}
}

// The same content gives the same policy name, whatever the cluster order.
func TestNADPolicyNamesAreStable(t *testing.T) {
	a := nads(t, plan.Build(base()))
	f := base()
	f.Spec.Clusters[0], f.Spec.Clusters[1] = f.Spec.Clusters[1], f.Spec.Clusters[0]
	if diff := cmp.Diff(a, nads(t, plan.Build(f))); diff != "" {
		t.Errorf("policy names follow cluster order (-a +b):\n%s", diff)
	}
}
