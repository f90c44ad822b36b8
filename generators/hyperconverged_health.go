package generators

import (
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// HCOHealthPolicy is the inform policy reporting whether each cluster's
// HyperConverged is Available.
const HCOHealthPolicy = plan.HCOHealthPolicy

// HyperConvergedHealth is the HyperConverged as the health check matches
// it: only the Available condition. A musthave template matches a list
// when each of its items is found in the object's list, so other
// conditions do not matter.
type HyperConvergedHealth struct {
	objects.TypeMeta   `json:",inline"`
	objects.ObjectMeta `json:"metadata"`
	Status             HyperConvergedHealthStatus `json:"status"`
}

type HyperConvergedHealthStatus struct {
	Conditions []Condition `json:"conditions"`
}

type Condition struct {
	Type   string `json:"type"`
	Status string `json:"status"`
}

// HyperConvergedHealthPolicy reports, per cluster, whether the
// virtualization stack is up: a musthave HyperConverged policy is
// Compliant as soon as the CR exists, its health is status.conditions
// type Available. The policy only informs: it changes nothing, and the
// hub's policy view shows which clusters are ready for VMs.
func HyperConvergedHealthPolicy(p *plan.Plan) []objects.Object {
	if !p.OwnsBaseline() {
		return nil
	}
	z := p.Fleet.Spec.Virtualization
	check := &HyperConvergedHealth{
		TypeMeta:   objects.TypeMeta{APIVersion: HyperConvergedAPIVersion, Kind: "HyperConverged"},
		ObjectMeta: objects.ObjectMeta{Name: HyperConvergedName, Namespace: z.Operator.Namespace},
		Status:     HyperConvergedHealthStatus{Conditions: []Condition{{Type: "Available", Status: "True"}}},
	}
	cp := configurationPolicy(p, HCOHealthPolicy, check)
	cp.Spec.RemediationAction = inform
	pol := policy(p, HCOHealthPolicy, "Reports whether the HyperConverged CR is Available (the virtualization stack is up).", nil,
		objects.PolicyTemplate{ObjectDefinition: cp})
	pol.Spec.RemediationAction = inform
	return []objects.Object{pol}
}
