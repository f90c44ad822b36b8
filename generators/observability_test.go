package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

func TestObservabilityAllowlist(t *testing.T) {
	platform := "names:\n"
	for _, m := range []string{
		"kubevirt_vmi_cpu_usage_seconds_total", "kubevirt_vmi_memory_resident_bytes", "kubevirt_vmi_memory_used_bytes",
		"kubevirt_vmi_network_receive_bytes_total", "kubevirt_vmi_network_transmit_bytes_total", "kubevirt_vmi_phase_count",
		"kubevirt_vmi_storage_iops_read_total", "kubevirt_vmi_storage_iops_write_total",
	} {
		platform += "  - " + m + "\n"
	}
	matches := "matches:\n  - '__name__=~\"kubevirt_.*\"'\n"
	for _, tc := range []struct {
		name     string
		platform bool
		extra    []string
		want     string // the allowlist; "" for no ConfigMap
	}{
		{"platform metrics (the default)", true, nil, platform + matches},
		{"nothing to ship", false, nil, ""},
		{"extra metrics only", false, []string{"node_load1", "custom_b", "node_load1"}, "names:\n  - custom_b\n  - node_load1\n"},
		{"both, deduplicated and sorted", true, []string{"kubevirt_vmi_phase_count", "a_first"},
			"names:\n  - a_first\n" + platform[len("names:\n"):] + matches},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			f.Spec.Observability.PlatformMetrics = ptr(tc.platform)
			f.Spec.Observability.ExtraMetrics = tc.extra
			got := generators.ObservabilityAllowlist(plan.Build(f))
			var want []objects.Object
			if tc.want != "" {
				cm := objects.NewConfigMap(generators.ObservabilityNamespace, generators.AllowlistName, map[string]string{generators.AllowlistKey: tc.want})
				cm.Labels = map[string]string{generators.LabelManagedBy: generators.ManagedBy, generators.LabelPartOf: "demo"}
				want = []objects.Object{cm}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
