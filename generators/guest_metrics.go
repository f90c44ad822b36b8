package generators

import (
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

const (
	metricsPort    = "metrics"
	LabelVMMetrics = "vmfleet.dev/vm-metrics"
)

// GuestMetrics exposes the in-guest exporter (node_exporter, installed by
// the VM's cloud-init) through a Service on the VM's pod, and asks the
// cluster's Prometheus to scrape it; the observability add-on ships the
// series to the hub.
func GuestMetrics(p *plan.Plan, in *plan.Instance) []objects.Object {
	if !in.GuestMetrics {
		return nil
	}
	vm := in.VM.Spec
	g := p.Fleet.Spec.Observability.GuestMetrics
	name := plan.MetricsServiceName(vm)
	labels := merge(commonLabels(p), map[string]string{LabelVMMetrics: vm.Name})
	svc := &objects.Service{
		TypeMeta:   objects.TypeMeta{APIVersion: "v1", Kind: "Service"},
		ObjectMeta: objects.ObjectMeta{Name: name, Namespace: vm.Namespace, Labels: labels},
		Spec: objects.ServiceSpec{
			Selector: map[string]string{LabelVM: vm.Name},
			Ports:    []objects.ServicePort{{Name: metricsPort, Port: g.Port, TargetPort: g.Port, Protocol: "TCP"}},
		},
	}
	sm := &objects.ServiceMonitor{
		TypeMeta:   objects.TypeMeta{APIVersion: objects.ServiceMonitorAPIVersion, Kind: "ServiceMonitor"},
		ObjectMeta: objects.ObjectMeta{Name: name, Namespace: vm.Namespace, Labels: labels},
		Spec: objects.ServiceMonitorSpec{
			Selector:  objects.LabelSelector{MatchLabels: map[string]string{LabelVMMetrics: vm.Name}},
			Endpoints: []objects.Endpoint{{Port: metricsPort, Interval: g.Interval}},
		},
	}
	return []objects.Object{svc, sm}
}
