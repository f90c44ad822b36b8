package generators

import (
	"vmfleet.dev/vmfleet/internal/objects"
	"vmfleet.dev/vmfleet/internal/plan"
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
			TypeMeta:   objects.TypeMeta{APIVersion: objects.ManagedClusterSetBindingAPIVersion, Kind: "ManagedClusterSetBinding"},
			ObjectMeta: objects.ObjectMeta{Name: set, Namespace: namespace, Labels: commonLabels(p)},
			Spec:       objects.ManagedClusterSetBindingSpec{ClusterSet: set},
		})
	}
	return out
}

// placement selects the fleet's labelled clusters, narrowed to the named
// ones: the fleet runs on the clusters it lists (ACM labels every
// ManagedCluster with name=<cluster>). It tolerates the unreachable and
// unavailable taints the hub puts on a cluster that misses its lease
// (open-cluster-management-io/api cluster/v1/types.go): without them a blip
// drops the cluster from the decisions, and the hub removes its policies and
// its Argo CD Application until it is back (checked with OCM's own placement
// controller in tests/controllers/ocm).
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
			Tolerations: []objects.Toleration{
				{Key: "cluster.open-cluster-management.io/unreachable", Operator: "Exists"},
				{Key: "cluster.open-cluster-management.io/unavailable", Operator: "Exists"},
			},
		},
	}
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

// PolicySet bundles the baseline (operator, HyperConverged, networks that
// reach every cluster) behind one Placement and binding. A network that
// reaches only some clusters gets its own Placement and binding.
func PolicySet(p *plan.Plan) []objects.Object {
	z := p.Fleet.Spec.Virtualization
	set := &objects.PolicySet{
		TypeMeta:   objects.TypeMeta{APIVersion: objects.PolicySetAPIVersion, Kind: "PolicySet"},
		ObjectMeta: objects.ObjectMeta{Name: z.PolicySet, Namespace: z.PolicyNamespace, Labels: commonLabels(p)},
		Spec: objects.PolicySetSpec{
			Description: "OpenShift Virtualization baseline of fleet " + p.Fleet.Metadata.Name,
			Policies:    []string{z.Operator.Policy, z.HyperConverged.Policy},
		},
	}
	var own []objects.Object
	for i := range p.Fleet.Spec.Networks {
		n := &p.Fleet.Spec.Networks[i]
		clusters, all := p.NetworkClusters(n)
		switch {
		case len(clusters) == 0:
		case all:
			set.Spec.Policies = append(set.Spec.Policies, NetworkPolicyName(n))
		default:
			name := NetworkPolicyName(n)
			own = append(own, placement(p, z.PolicyNamespace, name, clusters),
				placementBinding(p, name, objects.Ref{APIGroup: objects.PolicyGroup, Kind: "Policy", Name: name}))
		}
	}
	out := []objects.Object{set,
		placement(p, z.PolicyNamespace, z.PolicySet, p.SortedClusterNames()),
		placementBinding(p, z.PolicySet, objects.Ref{APIGroup: objects.PolicyGroup, Kind: "PolicySet", Name: z.PolicySet}),
	}
	return append(out, own...)
}
