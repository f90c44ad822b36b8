package generators_test

import (
	"testing"

	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

func TestHubApplication(t *testing.T) {
	f := base()
	if objs := generators.HubApplication(plan.Build(f)); len(objs) != 0 {
		t.Errorf("off by default")
	}
	f.Spec.GitOps.HubApplication = true
	app := generators.HubApplication(plan.Build(f))[0].(*objects.Application)
	if app.Name != "demo-hub" || app.Namespace != "openshift-gitops" || app.Spec.Source.Path != "fleets/demo/hub" ||
		app.Spec.Destination.Server != "https://kubernetes.default.svc" {
		t.Errorf("application: %s/%s syncs %s to %s", app.Namespace, app.Name, app.Spec.Source.Path, app.Spec.Destination.Server)
	}
	if r := app.Spec.SyncPolicy.Retry; r == nil || r.Limit != -1 {
		t.Errorf("the hub application retries forever: %+v", r)
	}
}
