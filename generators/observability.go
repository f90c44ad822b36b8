package generators

import (
	"sort"
	"strings"

	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

const (
	ObservabilityNamespace = "open-cluster-management-observability"
	AllowlistName          = "observability-metrics-custom-allowlist"
	AllowlistKey           = "metrics_list.yaml"
)

// PlatformMetrics are the VirtualMachineInstance series the hub dashboards use.
var PlatformMetrics = []string{
	"kubevirt_vmi_cpu_usage_seconds_total",
	"kubevirt_vmi_memory_used_bytes",
	"kubevirt_vmi_memory_resident_bytes",
	"kubevirt_vmi_network_receive_bytes_total",
	"kubevirt_vmi_network_transmit_bytes_total",
	"kubevirt_vmi_storage_iops_read_total",
	"kubevirt_vmi_storage_iops_write_total",
	"kubevirt_vmi_phase_count",
}

// kubevirtMatcher is a regular-expression match (=~): a plain = would only
// match a series literally named "kubevirt_.*".
const kubevirtMatcher = `__name__=~"kubevirt_.*"`

// ObservabilityAllowlist extends the hub's metrics allowlist so the
// observability add-on ships kubevirt_* series back to the hub.
func ObservabilityAllowlist(p *plan.Plan) []objects.Object {
	o := p.Fleet.Spec.Observability
	if o.PlatformMetrics == nil || !*o.PlatformMetrics {
		if len(o.ExtraMetrics) == 0 {
			return nil
		}
	}
	var names []string
	if *o.PlatformMetrics {
		names = append(names, PlatformMetrics...)
	}
	names = append(names, o.ExtraMetrics...)
	names = dedupe(names)
	var b strings.Builder
	b.WriteString("names:\n")
	for _, n := range names {
		b.WriteString("  - " + n + "\n")
	}
	if *o.PlatformMetrics {
		b.WriteString("matches:\n  - '" + kubevirtMatcher + "'\n")
	}
	cm := objects.NewConfigMap(ObservabilityNamespace, AllowlistName, map[string]string{AllowlistKey: b.String()})
	cm.Labels = commonLabels(p)
	return []objects.Object{cm}
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
