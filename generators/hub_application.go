package generators

import (
	"path"

	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// HubApplicationName is the Application that syncs the fleet's hub/.
func HubApplicationName(p *plan.Plan) string { return p.HubApplicationName() }

// HubApplication is the app of apps: an Argo CD Application in the hub's
// Argo CD that syncs <gitops.path>/hub to the hub itself. It is in hub/
// too, so after one `kubectl apply` of it Argo CD keeps every hub object,
// itself included, in step with git. The Policies' status, written by the
// propagator, is not part of the diff (status is never compared).
func HubApplication(p *plan.Plan) []objects.Object {
	g := p.Fleet.Spec.GitOps
	if !g.HubApplication {
		return nil
	}
	// The fleet's own AppProject admits only the kinds the overlays hold;
	// hub/ holds Policies, Placements and the ApplicationSet, so the hub
	// Application runs in the named project, or Argo CD's default one.
	project := g.Project
	if project == "" {
		project = "default"
	}
	app := &objects.Application{
		TypeMeta:   objects.TypeMeta{APIVersion: objects.ApplicationSetAPIVersion, Kind: "Application"},
		ObjectMeta: objects.ObjectMeta{Name: HubApplicationName(p), Namespace: g.ArgoNamespace, Labels: commonLabels(p)},
		Spec: objects.ApplicationSpec{
			Project:     project,
			Source:      objects.ApplicationSource{RepoURL: g.RepoURL, TargetRevision: g.TargetRevision, Path: path.Join(g.Path, "hub")},
			Destination: objects.ApplicationDestination{Server: "https://kubernetes.default.svc"},
			SyncPolicy: &objects.SyncPolicy{
				Automated:   &objects.SyncPolicyAutomated{Prune: true, SelfHeal: true},
				SyncOptions: []string{"ServerSideApply=true"},
				Retry:       &objects.RetryStrategy{Limit: -1, Backoff: &objects.Backoff{Duration: "30s", Factor: ptr(int64(2)), MaxDuration: "10m"}},
			},
		},
	}
	return []objects.Object{app}
}
