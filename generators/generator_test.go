package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// HubObjects is every hub generator in order; ClusterObjects is what the
// cluster's overlay builds to: namespaces and the cluster's own objects,
// then each instance's objects.
func TestComposition(t *testing.T) {
	f := base()
	f.Spec.VMs[0].GuestMetrics = ptr(true)
	p := plan.Build(f)

	var want []objects.Object
	for _, g := range generators.Hub {
		want = append(want, g.Hub(p)...)
	}
	if diff := cmp.Diff(kinds(want), kinds(generators.HubObjects(p))); diff != "" {
		t.Errorf("HubObjects (-each generator +HubObjects):\n%s", diff)
	}
	if len(want) == 0 {
		t.Fatal("no hub objects")
	}

	for _, tc := range []struct {
		cluster string
		want    []string
	}{
		{"east", []string{"Namespace//apps", "ConfigMap/apps/observability-metrics-custom-allowlist", "VirtualMachine/apps/app", "Service/apps/app-metrics", "ServiceMonitor/apps/app-metrics"}},
		{"west", []string{"Namespace//apps", "ConfigMap/apps/observability-metrics-custom-allowlist", "VirtualMachine/apps/app", "Service/apps/app-metrics", "ServiceMonitor/apps/app-metrics"}},
	} {
		c := p.Cluster(tc.cluster)
		if diff := cmp.Diff(tc.want, kinds(generators.ClusterObjects(p, c))); diff != "" {
			t.Errorf("ClusterObjects(%s) (-want +got):\n%s", tc.cluster, diff)
		}
		if diff := cmp.Diff(tc.want[2:], kinds(generators.InstanceObjects(p, c.Instances[0]))); diff != "" {
			t.Errorf("InstanceObjects(%s) (-want +got):\n%s", tc.cluster, diff)
		}
	}
}
