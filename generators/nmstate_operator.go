package generators

import (
	"sort"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// The NMState operator as OpenShift ships it: its own OLM package and
// namespace, and one NMState CR, which must be named nmstate (the operator
// ignores any other name).
const (
	NMStateSubscription   = "kubernetes-nmstate-operator"
	NMStateNamespace      = "openshift-nmstate"
	NMStateName           = "nmstate"
	NMStateOperatorPolicy = plan.NMStateOperatorPolicy
	NMStatePolicy         = plan.NMStatePolicy
)

// NMStatePolicies install NMState where a bridge or localnet network goes,
// ordered like the CNV baseline: the operator policy (namespace, then
// OperatorPolicy), then the NMState CR once the operator is Compliant, so
// its CRD exists. NNCP and bridge/localnet NAD policies depend on the second.
func NMStatePolicies(p *plan.Plan) []objects.Object {
	if len(nmstateClusters(p)) == 0 || !p.OwnsBaseline() {
		return nil // a tenant's bridges rely on the baseline owner's NMState
	}
	o := p.Fleet.Spec.Virtualization.Operator
	op := operatorInstallPolicy(p, NMStateOperatorPolicy, "Installs the Kubernetes NMState operator (kubernetes-nmstate-operator).",
		objects.OperatorSubscription{Name: NMStateSubscription, Namespace: NMStateNamespace, Channel: v1alpha1.DefaultChannel,
			Source: o.Source, SourceNamespace: o.SourceNamespace},
		// No OperatorGroup: adopt the one a console install left (it
		// names it openshift-nmstate-<random>), as for CNV.
		nil, string(v1alpha1.DefaultUpgradeApproval), nil)
	cr := &objects.NMState{TypeMeta: objects.TypeMeta{APIVersion: objects.NMStateAPIVersion, Kind: "NMState"},
		ObjectMeta: objects.ObjectMeta{Name: NMStateName}}
	crp := policy(p, NMStatePolicy, "Creates the NMState CR once the NMState operator is installed.",
		[]objects.PolicyDependency{dependsOnPolicy(p, NMStateOperatorPolicy)},
		objects.PolicyTemplate{ObjectDefinition: configurationPolicy(p, NMStatePolicy, cr)})
	return []objects.Object{op, crp}
}

// nmstateClusters are the clusters that get a bridge or localnet NAD.
func nmstateClusters(p *plan.Plan) []string {
	var names []string
	for _, c := range p.Clusters {
		if c.NeedsNMState() {
			names = append(names, c.Spec.Name)
		}
	}
	sort.Strings(names)
	return names
}
