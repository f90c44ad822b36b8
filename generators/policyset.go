package generators

import (
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// ClusterSetBindings lets the policy namespace's Placements select from the
// fleet's cluster sets: without a binding a Placement selects nothing.
func ClusterSetBindings(p *plan.Plan) []objects.Object {
	return clusterSetBindings(p, p.Fleet.Spec.Virtualization.PolicyNamespace)
}

func clusterSetBindings(p *plan.Plan, namespace string) []objects.Object {
	var out []objects.Object
	for _, set := range p.Fleet.Spec.ClusterSets {
		out = append(out, &objects.ManagedClusterSetBinding{
			TypeMeta: objects.TypeMeta{APIVersion: objects.ManagedClusterSetBindingAPIVersion, Kind: "ManagedClusterSetBinding"},
			// The binding's name must be its cluster set's, so fleets that
			// share a namespace and a set write the same identity: its
			// content names no fleet, so they write the same object.
			ObjectMeta: objects.ObjectMeta{Name: set, Namespace: namespace, Labels: map[string]string{LabelManagedBy: ManagedBy}},
			Spec:       objects.ManagedClusterSetBindingSpec{ClusterSet: set},
		})
	}
	return out
}

// placement selects the fleet's labelled clusters, narrowed to the named
// ones: the fleet runs on the clusters it lists (ACM labels every
// ManagedCluster with name=<cluster>).
func placement(p *plan.Plan, namespace, name string, clusters []string) *objects.Placement {
	return &objects.Placement{
		TypeMeta:   objects.TypeMeta{APIVersion: objects.PlacementAPIVersion, Kind: "Placement"},
		ObjectMeta: objects.ObjectMeta{Name: name, Namespace: namespace, Labels: commonLabels(p)},
		Spec: objects.PlacementSpec{
			ClusterSets: p.Fleet.Spec.ClusterSets,
			Predicates: []objects.Predicate{{RequiredClusterSelector: objects.ClusterSelector{LabelSelector: objects.LabelSelector{
				MatchLabels:      p.Fleet.Spec.ClusterSelector.MatchLabels,
				MatchExpressions: []objects.LabelSelectorRequirement{{Key: "name", Operator: "In", Values: clusters}},
			}}}},
			Tolerations: placementTolerations(p),
		},
	}
}

// placementTolerations keep a cluster in the decisions while its agent is
// away: without them the taints OCM puts on an unreachable or unavailable
// ManagedCluster (open-cluster-management-io/api cluster/v1/types.go
// ManagedClusterTaintUnreachable, ManagedClusterTaintUnavailable) drop it
// on every blip, and with it its policies, its Argo CD cluster secret
// (GitOpsCluster) and its Application (the ApplicationSet deletes and
// recreates it).
func placementTolerations(p *plan.Plan) []objects.Toleration {
	secs := p.Fleet.Spec.ClusterSelector.TolerationSeconds
	var out []objects.Toleration
	for _, key := range []string{"cluster.open-cluster-management.io/unavailable", "cluster.open-cluster-management.io/unreachable"} {
		out = append(out, objects.Toleration{Key: key, Operator: "Exists", TolerationSeconds: secs})
	}
	return out
}

func placementBinding(p *plan.Plan, name string, subject objects.Ref) *objects.PlacementBinding {
	ns := p.Fleet.Spec.Virtualization.PolicyNamespace
	return &objects.PlacementBinding{
		TypeMeta:     objects.TypeMeta{APIVersion: objects.PlacementBindingAPIVersion, Kind: "PlacementBinding"},
		ObjectMeta:   objects.ObjectMeta{Name: name, Namespace: ns, Labels: commonLabels(p)},
		PlacementRef: objects.Ref{APIGroup: objects.ClusterGroup, Kind: "Placement", Name: name},
		Subjects:     []objects.Ref{subject},
	}
}

// PolicySet bundles the baseline (operator, HyperConverged, and every
// network, NMState and bridge policy that reaches every fleet cluster)
// behind one Placement and binding. A policy that reaches only some
// clusters gets its own Placement and binding (placeDeliveries).
func PolicySet(p *plan.Plan) []objects.Object {
	z := p.Fleet.Spec.Virtualization
	var own []objects.Object
	set := &objects.PolicySet{
		TypeMeta:   objects.TypeMeta{APIVersion: objects.PolicySetAPIVersion, Kind: "PolicySet"},
		ObjectMeta: objects.ObjectMeta{Name: z.PolicySet, Namespace: z.PolicyNamespace, Labels: commonLabels(p)},
		Spec: objects.PolicySetSpec{
			Description: "OpenShift Virtualization baseline of fleet " + p.Fleet.Metadata.Name,
			Policies:    []string{z.Operator.Policy, z.HyperConverged.Policy, HCOHealthPolicy},
		},
	}
	if z.AllowMigrationTraffic {
		set.Spec.Policies = append(set.Spec.Policies, MigrationTrafficPolicy)
	}
	var ds []delivery
	if cs := nmstateClusters(p); len(cs) > 0 && p.OwnsBaseline() {
		ds = append(ds, delivery{NMStateOperatorPolicy, cs}, delivery{NMStatePolicy, cs})
	}
	for _, np := range nncpPolicies(p) {
		ds = append(ds, np.delivery)
	}
	for _, np := range nadPolicies(p) {
		ds = append(ds, np.delivery)
	}
	for _, mp := range mirrorPolicies(p) {
		ds = append(ds, mp.delivery)
	}
	for _, gp := range goldenImagePolicies(p) {
		ds = append(ds, gp.delivery)
	}
	if !p.OwnsBaseline() {
		// A tenant has no baseline set: each of its policies has a
		// Placement of its own, named after the fleet.
		for _, d := range ds {
			own = append(own, placement(p, z.PolicyNamespace, d.policy, d.clusters),
				placementBinding(p, d.policy, objects.Ref{APIGroup: objects.PolicyGroup, Kind: "Policy", Name: d.policy}))
		}
		return own
	}
	inSet, own := placeDeliveries(p, ds)
	set.Spec.Policies = append(set.Spec.Policies, inSet...)
	baseline := placement(p, z.PolicyNamespace, z.PolicySet, p.SortedClusterNames())
	baseline.Spec.DecisionStrategy = decisionStrategy(p)
	out := []objects.Object{set,
		baseline,
		placementBinding(p, z.PolicySet, objects.Ref{APIGroup: objects.PolicyGroup, Kind: "PolicySet", Name: z.PolicySet}),
	}
	return append(out, own...)
}
