package generators

import (
	"fmt"
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
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
	// VMStateStorageClass holds persistent TPM and EFI state, and
	// DefaultCPUModel is the model of VMs that name none ("when default CPU
	// model is not set and VMI's CPU model is not set too, host-model will
	// be set"): both plain strings of the v1beta1 spec
	// (kubevirt/hyperconverged-cluster-operator v1.16.0
	// api/v1beta1/hyperconverged_types.go), passed on to KubeVirt's configuration.
	VMStateStorageClass string `json:"vmStateStorageClass,omitempty"`
	DefaultCPUModel     string `json:"defaultCPUModel,omitempty"`
	// ScratchSpaceStorageClass and resourceRequirements.storageWorkloads
	// (corev1 ResourceRequirements) are passed on to the CDI CR's
	// scratchSpaceStorageClass and podResourceRequirements: the importer
	// pods' scratch disk and CPU and memory (same file of HCO v1.16.0).
	ScratchSpaceStorageClass string                   `json:"scratchSpaceStorageClass,omitempty"`
	ResourceRequirements     *HCOResourceRequirements `json:"resourceRequirements,omitempty"`
}

// HCOResourceRequirements is the part of spec.resourceRequirements the
// fleet sets. Quantities are strings: per-cluster ones are hub templates.
type HCOResourceRequirements struct {
	StorageWorkloads *HCOResources `json:"storageWorkloads,omitempty"`
}

type HCOResources struct {
	Limits   map[string]string `json:"limits,omitempty"`
	Requests map[string]string `json:"requests,omitempty"`
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
	hco.Spec.VMStateStorageClass = perCluster(p, p.VMStateStorageClass)
	hco.Spec.DefaultCPUModel = perCluster(p, p.DefaultCPUModel)
	hco.Spec.ScratchSpaceStorageClass = perCluster(p, p.ScratchSpaceStorageClass)
	hco.Spec.ResourceRequirements = storageWorkloads(p)
	pol := policy(p, h.Policy, "Creates the HyperConverged CR once the operator is installed.",
		append([]objects.PolicyDependency{dependsOnPolicy(p, z.Operator.Policy)}, migrationNADDependency(p)...),
		objects.PolicyTemplate{ObjectDefinition: configurationPolicy(p, h.Policy, hco)})
	return []objects.Object{pol}
}

// perCluster is a value the same on every cluster, or else a hub template
// choosing it by the managed cluster's name (.ManagedClusterName, in the
// context the policy propagator gives the hub templates of each replicated
// policy; ACM governance docs, "Template processing"), so one policy
// carries each cluster's value. Validation makes sure a fleet
// default exists when only some clusters set their own.
func perCluster(p *plan.Plan, value func(*plan.Cluster) plan.Setting) string {
	def := value(nil).Value
	var b strings.Builder
	n := 0
	for _, c := range p.Clusters {
		v := value(c).Value
		if v == def {
			continue
		}
		if n == 0 {
			b.WriteString("{{hub if ")
		} else {
			b.WriteString("{{hub else if ")
		}
		fmt.Fprintf(&b, "eq .ManagedClusterName %q hub}}%s", c.Spec.Name, v)
		n++
	}
	if n == 0 {
		return def
	}
	fmt.Fprintf(&b, "{{hub else hub}}%s{{hub end hub}}", def)
	return b.String()
}

// storageWorkloads sets each quantity of the storage pods' resources that
// the fleet or a cluster gives, per cluster where they differ.
func storageWorkloads(p *plan.Plan) *HCOResourceRequirements {
	r := &HCOResources{}
	for _, l := range v1alpha1.StorageWorkloadLeaves {
		v := perCluster(p, func(c *plan.Cluster) plan.Setting { return p.StorageWorkload(c, l.Path) })
		if v == "" {
			continue
		}
		kind, resource, _ := strings.Cut(l.Path, ".")
		m := &r.Requests
		if kind == "limits" {
			m = &r.Limits
		}
		if *m == nil {
			*m = map[string]string{}
		}
		(*m)[resource] = v
	}
	if r.Limits == nil && r.Requests == nil {
		return nil
	}
	return &HCOResourceRequirements{StorageWorkloads: r}
}
