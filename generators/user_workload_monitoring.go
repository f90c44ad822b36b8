package generators

import (
	"sort"

	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

const (
	MonitoringNamespace     = "openshift-monitoring"
	MonitoringConfigMap     = "cluster-monitoring-config"
	MonitoringConfigKey     = "config.yaml"
	UserWorkloadMonitorName = plan.UserWorkloadMonitorPolicy
)

// userWorkloadConfig is a managed-cluster template (resolved by the
// config-policy-controller on the spoke, stolostron/go-template-utils) that
// sets enableUserWorkload: true in config.yaml and keeps every other
// setting there: it reads the current ConfigMap (lookup gives nothing when
// it does not exist yet, the default on a new cluster), merges, and writes
// the YAML back. An explicit enableUserWorkload: false is someone's
// decision, so the template fails with a message the hub shows on the
// policy instead of overriding it. toRawJson | toLiteral keeps the
// multi-line YAML one valid string. (Comments in config.yaml are lost.)
// fromYaml, toYaml and fail need go-template-utils v7 (config-policy-controller
// v0.17.0 and later); make e2e resolves this template with it.
//
// The first action trims nothing on its left and the last nothing on its
// right: the resolver renders the object as YAML, and trimming there would
// eat the space after "config.yaml:" or the line break after the value.
const userWorkloadConfig = `{{ $cm := lookup "v1" "ConfigMap" "openshift-monitoring" "cluster-monitoring-config" -}}` +
	`{{- $cfg := default (dict) (fromYaml (dig "data" "config.yaml" "{}" $cm)) -}}` +
	`{{- if not (dig "enableUserWorkload" true $cfg) -}}` +
	`{{- fail "openshift-monitoring/cluster-monitoring-config sets enableUserWorkload: false; VM guest metrics need user-workload monitoring: remove that setting or turn guest metrics off" -}}` +
	`{{- end -}}` +
	`{{- $_ := set $cfg "enableUserWorkload" true -}}` +
	`{{- $cfg | toYaml | toRawJson | toLiteral }}`

// UserWorkloadMonitoring turns on OpenShift user-workload monitoring on
// the clusters that run a VM with guest metrics: a ServiceMonitor in a
// tenant namespace is scraped only then, and ACM's metrics collector
// forwards user-workload series only when the user-workload Prometheus
// runs (stolostron/multicluster-observability-operator
// operators/endpointmetrics/pkg/collector/metrics_collector.go
// isUWLMonitoringEnabled). Any fleet with guest metrics emits it under its
// own name: fleets merge the same key to the same value, so they agree.
func UserWorkloadMonitoring(p *plan.Plan) []objects.Object {
	set := map[string]bool{}
	for _, c := range p.Clusters {
		for _, in := range c.Instances {
			if in.GuestMetrics {
				set[c.Spec.Name] = true
			}
		}
	}
	if len(set) == 0 {
		return nil
	}
	clusters := make([]string, 0, len(set))
	for c := range set {
		clusters = append(clusters, c)
	}
	sort.Strings(clusters)
	name := p.HubName(UserWorkloadMonitorName)
	cm := objects.NewConfigMap(MonitoringNamespace, MonitoringConfigMap, map[string]string{MonitoringConfigKey: userWorkloadConfig})
	pol := policy(p, name, "Turns on user-workload monitoring, keeping the other cluster-monitoring-config settings, where VMs export guest metrics.", nil,
		objects.PolicyTemplate{ObjectDefinition: configurationPolicy(p, name, cm)})
	ns := p.Fleet.Spec.Virtualization.PolicyNamespace
	return []objects.Object{pol, placement(p, ns, name, clusters),
		placementBinding(p, name, objects.Ref{APIGroup: objects.PolicyGroup, Kind: "Policy", Name: name})}
}
