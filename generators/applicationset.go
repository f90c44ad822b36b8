package generators

import (
	"path"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// ACMPlacementConfigMap is the duck-type description Argo CD's
// clusterDecisionResource generator reads to follow ACM PlacementDecisions.
const ACMPlacementConfigMap = "acm-placement"

// ApplicationSet fans the fleet out: one Application per fleet cluster,
// syncing overlays/<cluster> (or the vmfleet plugin). Clusters that match
// the selector but are not in the fleet are excluded by a post-selector on
// the cluster name, so none ever gets an Application with no overlay.
func ApplicationSet(p *plan.Plan) []objects.Object {
	g := p.Fleet.Spec.GitOps
	project, _ := p.Project()
	clusters := p.SortedClusterNames()
	onlyFleet := &objects.LabelSelector{MatchExpressions: []objects.LabelSelectorRequirement{{Key: "name", Operator: "In", Values: clusters}}}

	var out []objects.Object
	gen := objects.ApplicationSetGenerator{Selector: onlyFleet}
	if g.Generator == v1alpha1.GeneratorPlacement {
		gen.ClusterDecisionResource = &objects.ClusterDecisionResourceGenerator{
			ConfigMapRef:        ACMPlacementConfigMap,
			LabelSelector:       objects.LabelSelector{MatchLabels: map[string]string{"cluster.open-cluster-management.io/placement": g.ApplicationSet}},
			RequeueAfterSeconds: 180,
		}
		out = append(out, acmPlacementConfigMap(p))
	} else {
		gen.Clusters = &objects.ClusterGenerator{Selector: objects.LabelSelector{MatchLabels: p.Fleet.Spec.ClusterSelector.MatchLabels}}
	}
	// Both generators need the GitOpsCluster: it registers the Placement's
	// clusters with Argo CD as cluster secrets, and those secrets carry the
	// ManagedCluster labels (name=<cluster> included) only because it
	// copies them, so the clusters generator's selector has nothing to match
	// without it. Its Placement needs a ManagedClusterSetBinding in Argo
	// CD's namespace.
	out = append(out, clusterSetBindings(p, g.ArgoNamespace)...)
	out = append(out, placement(p, g.ArgoNamespace, g.ApplicationSet, clusters), gitOpsCluster(p))

	source := objects.ApplicationSource{RepoURL: g.RepoURL, TargetRevision: g.TargetRevision}
	if g.Delivery == v1alpha1.DeliveryPlugin {
		source.Path = g.Path
		source.Plugin = &objects.SourcePlugin{Name: g.Plugin, Env: []objects.PluginEnv{{Name: "CLUSTER", Value: "{{name}}"}}}
	} else {
		source.Path = path.Join(g.Path, "overlays") + "/{{name}}"
	}

	sync := &objects.SyncPolicy{
		SyncOptions: append([]string{
			"CreateNamespace=true",
			// VirtualMachine's CRD arrives with the operator: until then,
			// wait and retry rather than fail the whole sync.
			"SkipDryRunOnMissingResource=true",
			"ServerSideApply=true",
			// A sync copies each ignored field's live value into what it
			// applies, so a field the operators own (runStrategy) is never
			// re-sent; on create there is no live object and git's value is
			// applied as is (argoproj/argo-cd controller/sync.go
			// normalizeTargetResources: "No live resource, just use target").
			"RespectIgnoreDifferences=true",
		}, prunePropagation(p)...),
		// Retry forever: after a limited number of retries automated sync
		// gives up on a commit, and a cluster whose platform is still coming
		// up (operator, HyperConverged, Secrets) would stay failed.
		Retry: &objects.RetryStrategy{Limit: -1, Backoff: &objects.Backoff{Duration: "30s", Factor: ptr(int64(2)), MaxDuration: "10m"}},
	}
	if *g.AutoSync {
		sync.Automated = &objects.SyncPolicyAutomated{Prune: true, SelfHeal: true}
	}

	labels := commonLabels(p)
	gens := []objects.ApplicationSetGenerator{gen}
	strategy := rollingSync(p)
	if strategy != nil {
		gens, labels = rolloutGenerators(p, gen, labels)
	}

	appset := &objects.ApplicationSet{
		TypeMeta:   objects.TypeMeta{APIVersion: objects.ApplicationSetAPIVersion, Kind: "ApplicationSet"},
		ObjectMeta: objects.ObjectMeta{Name: g.ApplicationSet, Namespace: g.ArgoNamespace, Labels: commonLabels(p)},
		Spec: objects.ApplicationSetSpec{
			Generators: gens,
			Template: objects.ApplicationTemplate{
				ObjectMeta: objects.ObjectMeta{Name: p.ApplicationName("{{name}}"), Labels: labels,
					// Diff as the API server would apply: defaults that
					// KubeVirt's webhooks add do not show as drift.
					Annotations: map[string]string{"argocd.argoproj.io/compare-options": "ServerSideDiff=true"}},
				Spec: objects.ApplicationSpec{
					Project:           project,
					Source:            source,
					Destination:       objects.ApplicationDestination{Server: "{{server}}", Namespace: g.Namespace},
					SyncPolicy:        sync,
					IgnoreDifferences: ignoreDifferences(p),
				},
			},
			// Deleting the ApplicationSet must not delete running VMs and their disks.
			SyncPolicy: &objects.ApplicationSetSyncPolicy{PreserveResourcesOnDeletion: true},
			Strategy:   strategy,
		},
	}
	return append(out, appset)
}

// kubeVirtWritten are the VM fields KubeVirt writes after create: the
// instancetype and preference revisions it pins (in spec up to KubeVirt
// 1.4), firmware ids, the machine type, the architecture.
var kubeVirtWritten = []string{
	"/spec/instancetype/revisionName",
	"/spec/preference/revisionName",
	"/spec/template/spec/domain/firmware",
	"/spec/template/spec/domain/machine",
	"/spec/template/spec/architecture",
}

// runStrategyPointer is what `virtctl stop/start/restart` change: a patch of
// /spec/runStrategy (kubevirt/kubevirt pkg/virt-api/rest/lifecycle.go).
const runStrategyPointer = "/spec/runStrategy"

// ignoreDifferences: KubeVirt's fields for every VM, and runStrategy for the
// VMs whose power state the operators own. When every VM of the fleet is
// theirs, one entry covers the kind; otherwise one entry per VM (Argo CD
// matches an entry's name and namespace when set). A retired VM is never
// among them: git halts it.
func ignoreDifferences(p *plan.Plan) []objects.ResourceIgnoreDiffs {
	all := objects.ResourceIgnoreDiffs{Group: "kubevirt.io", Kind: "VirtualMachine", JSONPointers: append([]string(nil), kubeVirtWritten...)}
	var each []objects.ResourceIgnoreDiffs
	allOperators := true
	for _, vm := range p.VMs {
		if !vm.Present() {
			continue
		}
		if operatorsOwnPower(vm) {
			each = append(each, objects.ResourceIgnoreDiffs{Group: "kubevirt.io", Kind: "VirtualMachine",
				Name: vm.Spec.Name, Namespace: vm.Spec.Namespace, JSONPointers: []string{runStrategyPointer}})
		} else {
			allOperators = false
		}
	}
	if allOperators && len(each) > 0 {
		all.JSONPointers = append(all.JSONPointers, runStrategyPointer)
		each = nil
	}
	return append([]objects.ResourceIgnoreDiffs{all}, each...)
}

// operatorsOwnPower: the operators own the VM's power state on every
// cluster it runs on (a VM retired anywhere is git's everywhere, since an
// ignore entry applies to every cluster's Application).
func operatorsOwnPower(vm *plan.VM) bool {
	if vm.Spec.PowerOwner != v1alpha1.PowerOwnerOperators {
		return false
	}
	for _, c := range vm.Clusters {
		if vm.State(c) == v1alpha1.StateRetired {
			return false
		}
	}
	return true
}

// prunePropagation: Argo CD deletes a pruned object in the foreground by
// default, which takes a VM's DataVolumes (and so its PVCs: the disks) with
// it, through their owner references; with PrunePropagationPolicy=orphan they
// stay (argoproj/argo-cd controller/sync.go, gitops-engine/pkg/sync
// sync_context.go getDeleteOptions). Orphan is chosen while an absent VM
// keeps its disks; validation makes every absent VM agree.
func prunePropagation(p *plan.Plan) []string {
	for _, vm := range p.VMs {
		for _, c := range vm.Clusters {
			if vm.State(c) == v1alpha1.StateAbsent && vm.Spec.Disks != v1alpha1.DisksDelete {
				return []string{"PrunePropagationPolicy=orphan"}
			}
		}
	}
	return nil
}

func gitOpsCluster(p *plan.Plan) *objects.GitOpsCluster {
	g := p.Fleet.Spec.GitOps
	return &objects.GitOpsCluster{
		TypeMeta:   objects.TypeMeta{APIVersion: objects.GitOpsClusterAPIVersion, Kind: "GitOpsCluster"},
		ObjectMeta: objects.ObjectMeta{Name: g.ApplicationSet, Namespace: g.ArgoNamespace, Labels: commonLabels(p)},
		Spec: objects.GitOpsClusterSpec{
			ArgoServer:   objects.ArgoServer{ArgoNamespace: g.ArgoNamespace},
			PlacementRef: objects.PlacementRef{APIVersion: objects.PlacementAPIVersion, Kind: "Placement", Name: g.ApplicationSet},
		},
	}
}

func acmPlacementConfigMap(p *plan.Plan) *objects.ConfigMap {
	return objects.NewConfigMap(p.Fleet.Spec.GitOps.ArgoNamespace, ACMPlacementConfigMap, map[string]string{
		"apiVersion":    "cluster.open-cluster-management.io/v1beta1",
		"kind":          "placementdecisions",
		"statusListKey": "decisions",
		"matchKey":      "clusterName",
	})
}

func ptr[T any](v T) *T { return &v }
