package generators

import (
	"sort"
	"strings"

	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// GuestMetricsAllowlists are, on one cluster, an
// observability-metrics-custom-allowlist ConfigMap in each namespace with
// a guest-metrics VM, listing the guest series under uwl_metrics_list.yaml.
// ACM's metrics collector reads that ConfigMap in every namespace and
// scopes its user-workload entries to the namespace it is in
// (stolostron/multicluster-observability-operator
// operators/endpointmetrics/pkg/collector/metrics_collector.go
// getMetricsAllowlist, injectNamespaceLabel): only listed user-workload
// series reach the hub. Being per namespace, it never touches the hub's
// one allowlist.
func GuestMetricsAllowlists(p *plan.Plan, c *plan.Cluster) []objects.Object {
	seen := map[string]bool{}
	for _, in := range c.Instances {
		if in.GuestMetrics {
			seen[in.VM.Spec.Namespace] = true
		}
	}
	if len(seen) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("names:\n")
	for _, s := range dedupe(p.Fleet.Spec.Observability.GuestMetrics.Series) {
		b.WriteString("  - " + s + "\n")
	}
	names := make([]string, 0, len(seen))
	for ns := range seen {
		names = append(names, ns)
	}
	sort.Strings(names)
	var out []objects.Object
	for _, ns := range names {
		cm := objects.NewConfigMap(ns, AllowlistName, map[string]string{UWLAllowlistKey: b.String()})
		cm.Labels = commonLabels(p)
		out = append(out, cm)
	}
	return out
}
