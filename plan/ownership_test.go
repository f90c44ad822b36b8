package plan_test

import (
	"testing"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/plan"
)

func TestOwnership(t *testing.T) {
	for _, tc := range []struct {
		managedBy, wantName, wantNS string
		owns                        bool
	}{
		{"", "cnv-operator", "policies-virt", true},
		{"tenant", "cnv-operator", "policies-virt", true}, // naming itself is owning
		{"platform", "tenant-cnv-operator", "policies-tenant", false},
	} {
		f := &v1alpha1.VMFleet{Metadata: v1alpha1.ObjectMeta{Name: "tenant"}}
		f.Spec.Virtualization.ManagedBy = tc.managedBy
		f.Default()
		p := plan.Build(f)
		if p.OwnsBaseline() != tc.owns || p.HubName("cnv-operator") != tc.wantName || f.Spec.Virtualization.PolicyNamespace != tc.wantNS {
			t.Errorf("managedBy %q: owns %v, name %s, namespace %s", tc.managedBy, p.OwnsBaseline(), p.HubName("cnv-operator"),
				f.Spec.Virtualization.PolicyNamespace)
		}
	}
}
