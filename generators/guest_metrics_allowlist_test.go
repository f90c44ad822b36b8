package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

func TestGuestMetricsAllowlists(t *testing.T) {
	f := base()
	f.Spec.VMs[0].GuestMetrics = ptr(true)
	f.Spec.Observability.GuestMetrics.Series = []string{"node_load1", "node_cpu_seconds_total", "node_load1"}
	p := plan.Build(f)
	objs := generators.GuestMetricsAllowlists(p, p.Cluster("east"))
	if diff := cmp.Diff([]string{"ConfigMap/apps/observability-metrics-custom-allowlist"}, kinds(objs)); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	want := map[string]string{"uwl_metrics_list.yaml": "names:\n  - node_cpu_seconds_total\n  - node_load1\n"}
	if diff := cmp.Diff(want, objs[0].(*objects.ConfigMap).Data); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	f.Spec.VMs[0].GuestMetrics = ptr(false)
	p = plan.Build(f)
	if objs := generators.GuestMetricsAllowlists(p, p.Cluster("east")); len(objs) != 0 {
		t.Errorf("no guest metrics, no list: %v", kinds(objs))
	}
}
