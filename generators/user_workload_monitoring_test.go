package generators_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

func TestUserWorkloadMonitoring(t *testing.T) {
	f := base()
	if objs := generators.UserWorkloadMonitoring(plan.Build(f)); len(objs) != 0 {
		t.Errorf("no guest metrics, no policy: %v", kinds(objs))
	}
	f.Spec.VMs[0].GuestMetrics = ptr(true)
	f.Spec.VMs[0].Clusters = []string{"east"}
	objs := generators.UserWorkloadMonitoring(plan.Build(f))
	if diff := cmp.Diff([]string{"Policy/policies-virt/user-workload-monitoring", "Placement/policies-virt/user-workload-monitoring",
		"PlacementBinding/policies-virt/user-workload-monitoring"}, kinds(objs)); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"east"}, objs[1].(*objects.Placement).Spec.Predicates[0].RequiredClusterSelector.LabelSelector.MatchExpressions[0].Values); diff != "" {
		t.Errorf("only clusters running guest-metrics VMs (-want +got):\n%s", diff)
	}
	cm := objectTemplates(t, objs[0])[0].(*objects.ConfigMap)
	if cm.Namespace != "openshift-monitoring" || cm.Name != "cluster-monitoring-config" {
		t.Errorf("configmap %s/%s", cm.Namespace, cm.Name)
	}
	tmpl := cm.Data["config.yaml"]
	for _, want := range []string{`lookup "v1" "ConfigMap" "openshift-monitoring" "cluster-monitoring-config"`,
		`set $cfg "enableUserWorkload" true`, `fail "openshift-monitoring/cluster-monitoring-config sets enableUserWorkload: false`} {
		if !strings.Contains(tmpl, want) {
			t.Errorf("config.yaml template lacks %q:\n%s", want, tmpl)
		}
	}
	if strings.Contains(tmpl, "\n") {
		t.Errorf("the template must be one line: toLiteral refuses new lines")
	}
	f.Spec.Virtualization.ManagedBy = "platform"
	if name := generators.UserWorkloadMonitoring(plan.Build(f))[0].(*objects.Policy).Name; name != "demo-user-workload-monitoring" {
		t.Errorf("a tenant's policy is named after it: %s", name)
	}
}
