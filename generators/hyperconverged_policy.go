package generators

import (
	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/internal/objects"
	"vmfleet.dev/vmfleet/internal/plan"
)

// HyperConverged CR facts: one per cluster, always this name; v1beta1 is
// the production API (v1 appeared in HCO 1.18 and is not yet).
const (
	HyperConvergedName       = "kubevirt-hyperconverged"
	HyperConvergedAPIVersion = "hco.kubevirt.io/v1beta1"
)

// HyperConverged holds only the fields the fleet owns; HCO writes its own
// defaults into the rest, and a musthave policy leaves them alone.
type HyperConverged struct {
	objects.TypeMeta   `json:",inline"`
	objects.ObjectMeta `json:"metadata"`
	Spec               HyperConvergedSpec `json:"spec"`
}

type HyperConvergedSpec struct {
	// EnableCommonBootImageImport is the real switch since HCO 1.15; the
	// older featureGates.enableCommonBootImageImport is ignored.
	EnableCommonBootImageImport *bool `json:"enableCommonBootImageImport,omitempty"`
	// LiveMigrationConfig is the fleet's own type: its fields are named
	// as HCO names them, so it is the CR's block as it stands.
	LiveMigrationConfig *v1alpha1.LiveMigration `json:"liveMigrationConfig,omitempty"`
}

// HyperConvergedPolicy creates the HyperConverged CR once the operator
// policy is Compliant, so its CRD exists before the CR is applied.
func HyperConvergedPolicy(p *plan.Plan) []objects.Object {
	if !p.OwnsBaseline() {
		return nil
	}
	z := p.Fleet.Spec.Virtualization
	h := z.HyperConverged
	hco := &HyperConverged{
		TypeMeta:   objects.TypeMeta{APIVersion: HyperConvergedAPIVersion, Kind: "HyperConverged"},
		ObjectMeta: objects.ObjectMeta{Name: HyperConvergedName, Namespace: z.Operator.Namespace},
		Spec:       HyperConvergedSpec{EnableCommonBootImageImport: h.CommonBootImageImport},
	}
	if lm := h.LiveMigration; lm != (v1alpha1.LiveMigration{}) {
		hco.Spec.LiveMigrationConfig = &lm
	}
	pol := policy(p, h.Policy, "Creates the HyperConverged CR once the operator is installed.",
		append([]objects.PolicyDependency{dependsOnPolicy(p, z.Operator.Policy)}, migrationNADDependency(p)...),
		objects.PolicyTemplate{ObjectDefinition: configurationPolicy(p, h.Policy, hco)})
	return []objects.Object{pol}
}
