// Package generators turns a plan into typed objects, one file per family
// of output. Generators decide nothing: every choice was settled in the
// plan; they translate it into upstream shapes.
package generators

import (
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// A HubGenerator makes one family of hub objects.
type HubGenerator interface {
	Hub(p *plan.Plan) []objects.Object
}

// HubFunc adapts a function to HubGenerator.
type HubFunc func(p *plan.Plan) []objects.Object

func (f HubFunc) Hub(p *plan.Plan) []objects.Object { return f(p) }

// Hub lists the hub generators, in the order their objects are introduced.
var Hub = []HubGenerator{
	HubFunc(HubNamespaces),
	HubFunc(ClusterSetBindings),
	HubFunc(ImageMirrors),
	HubFunc(OperatorPolicy),
	HubFunc(HyperConvergedPolicy),
	HubFunc(HyperConvergedHealthPolicy),
	HubFunc(GoldenImages),
	HubFunc(MigrationTraffic),
	HubFunc(NMStatePolicies),
	HubFunc(NNCPPolicies),
	HubFunc(NetworkPolicies),
	HubFunc(Dependencies),
	HubFunc(PolicySet),
	HubFunc(AppProject),
	HubFunc(ApplicationSet),
	HubFunc(ObservabilityAllowlist),
	HubFunc(UserWorkloadMonitoring),
	HubFunc(HubApplication),
}

// HubObjects runs every hub generator.
func HubObjects(p *plan.Plan) []objects.Object {
	var out []objects.Object
	for _, g := range Hub {
		out = append(out, g.Hub(p)...)
	}
	return out
}

// InstanceObjects are the objects of one VM instance: the VirtualMachine
// and, with guest metrics, its Service and ServiceMonitor.
func InstanceObjects(p *plan.Plan, in *plan.Instance) []objects.Object {
	out := []objects.Object{VirtualMachine(p, in)}
	return append(out, GuestMetrics(p, in)...)
}

// ClusterObjects are everything Argo CD applies to one cluster: what
// kustomize builds from overlays/<cluster>.
func ClusterObjects(p *plan.Plan, c *plan.Cluster) []objects.Object {
	out := append(Namespaces(p, c), GuestMetricsAllowlists(p, c)...)
	out = append(out, Snapshots(p, c)...)
	for _, in := range c.Instances {
		out = append(out, InstanceObjects(p, in)...)
	}
	return out
}
