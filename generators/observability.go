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
	UWLAllowlistKey        = "uwl_metrics_list.yaml"
)

// PlatformMetrics are the KubeVirt series (kubevirt v1.6.0
// docs/observability/metrics.md) a fleet wants on the hub that ACM's
// default allowlist does not already ship (since ACM 2.12 it holds ~40
// kubevirt_* series, stolostron/multicluster-observability-operator
// operators/multiclusterobservability/manifests/base/config/metrics_allowlist.yaml):
// live-migration progress, the vCPU and storage latency counters, the
// guest's memory size. generators/testdata holds both lists; a test keeps
// this one disjoint from the default and within KubeVirt's.
var PlatformMetrics = []string{
	"kubevirt_vmi_memory_domain_bytes",
	"kubevirt_vmi_migration_data_processed_bytes",
	"kubevirt_vmi_migration_data_remaining_bytes",
	"kubevirt_vmi_migration_dirty_memory_rate_bytes",
	"kubevirt_vmi_migration_failed",
	"kubevirt_vmi_migration_start_time_seconds",
	"kubevirt_vmi_storage_read_times_seconds_total",
	"kubevirt_vmi_storage_write_times_seconds_total",
	"kubevirt_vmi_vcpu_seconds_total",
}

// kubevirtMatcher is a regular-expression match (=~): a plain = would only
// match a series literally named "kubevirt_.*".
const kubevirtMatcher = `__name__=~"kubevirt_.*"`

// ObservabilityAllowlist extends the hub's metrics allowlist so the
// observability add-on ships the fleet's kubevirt_* series to the hub.
// The ConfigMap is one per hub: only the baseline owner writes it.
func ObservabilityAllowlist(p *plan.Plan) []objects.Object {
	if !p.OwnsBaseline() {
		return nil
	}
	o := p.Fleet.Spec.Observability
	var names []string
	if *o.PlatformMetrics {
		names = append(names, PlatformMetrics...)
	}
	names = append(names, o.ExtraMetrics...)
	if len(names) == 0 && !o.AllKubevirtSeries {
		return nil
	}
	names = dedupe(names)
	var b strings.Builder
	if len(names) > 0 {
		b.WriteString("names:\n")
		for _, n := range names {
			b.WriteString("  - " + n + "\n")
		}
	}
	if o.AllKubevirtSeries {
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
