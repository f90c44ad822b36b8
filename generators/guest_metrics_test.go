package generators_test

import (
	"testing"

	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

func TestGuestMetrics(t *testing.T) {
	f := base()
	f.Spec.VMs[0].GuestMetrics = ptr(true)
	p := plan.Build(f)
	objs := generators.GuestMetrics(p, p.Cluster("east").Instances[0])
	svc := objs[0].(*objects.Service)
	sm := objs[1].(*objects.ServiceMonitor)
	if svc.Spec.Selector[generators.LabelVM] != "app" || svc.Spec.Ports[0].Port != 9100 {
		t.Errorf("service: %+v", svc.Spec)
	}
	if sm.Spec.Selector.MatchLabels[generators.LabelVMMetrics] != "app" || sm.Spec.Endpoints[0].Port != "metrics" {
		t.Errorf("servicemonitor: %+v", sm.Spec)
	}
	vm := generators.VirtualMachine(p, p.Cluster("east").Instances[0])
	if vm.Spec.Template.ObjectMeta.Labels[generators.LabelVM] != "app" {
		t.Errorf("the VM's pods must carry the label the Service selects")
	}
}
