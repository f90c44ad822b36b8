package plan

import (
	"fmt"
	"sort"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
)

// The names vmfleet derives from the fleet's, in one place: the generators
// name their objects with these functions, and Names lists every derived
// name with the rule the cluster holds it to, so validation checks what
// will be emitted (a name may be valid in the fleet and not once a suffix
// is added, or collide with another's).

// Names of the baseline's hub policies.
const (
	HCOHealthPolicy           = "cnv-health"
	MigrationTrafficPolicy    = "cnv-migration-traffic"
	NMStateOperatorPolicy     = "nmstate-operator"
	NMStatePolicy             = "nmstate"
	UserWorkloadMonitorPolicy = "user-workload-monitoring"
)

// MetricsSuffix ends the guest-metrics Service and ServiceMonitor of a VM.
const MetricsSuffix = "-metrics"

// RootVolumeName is the DataVolume (and PVC) of a VM's root disk.
func RootVolumeName(vm *v1alpha1.VM) string { return vm.Name + "-root" }

// DataVolumeName is the DataVolume (and PVC) of a VM's data disk.
func DataVolumeName(vm *v1alpha1.VM, disk string) string { return vm.Name + "-" + disk }

// MetricsServiceName is the Service (and ServiceMonitor) of a VM's guest metrics.
func MetricsServiceName(vm *v1alpha1.VM) string { return vm.Name + MetricsSuffix }

// CloneRoleName is the Role and RoleBinding that let a VM's namespace clone
// from another namespace; they live in the source namespace.
func CloneRoleName(vm *v1alpha1.VM) string { return "vmfleet-clone-" + vm.Namespace + "-" + vm.Name }

// NetworkPolicyName is the Policy delivering one fleet network (with a
// -<hash> suffix per variant when its NADs differ between clusters).
func (p *Plan) NetworkPolicyName(n *v1alpha1.Network) string { return p.HubName("nad-" + n.Name) }

// NNCPPolicyName is the Policy delivering one node bridge (with a -<hash>
// suffix per variant).
func (p *Plan) NNCPPolicyName(bridge string) string { return p.HubName("nncp-" + bridge) }

// HubApplicationName is the Application that syncs the fleet's hub/.
func (p *Plan) HubApplicationName() string { return p.Fleet.Metadata.Name + "-hub" }

// ApplicationName is the Application the ApplicationSet makes for a
// cluster (its template names it <applicationSet>-{{name}}).
func (p *Plan) ApplicationName(cluster string) string {
	return p.Fleet.Spec.GitOps.ApplicationSet + "-" + cluster
}

// variantSuffix is the length of the -<hash> that tells variants apart.
const variantSuffix = 1 + 8

// NameRule is what the cluster requires of a name.
type NameRule int

const (
	// DNS1123Label: at most 63 lower-case letters, digits and '-'.
	DNS1123Label NameRule = iota
	// DNS1035Label: a DNS-1123 label that starts with a letter (a Service).
	DNS1035Label
	// DNS1123Subdomain: at most 253, labels joined by '.'.
	DNS1123Subdomain
	// ReplicatedPolicy: OCM replicates a Policy into each cluster's
	// namespace as <policy namespace>.<name>, a label value of at most 63
	// (governance-policy-propagator: the replicated policy name is the
	// policy.open-cluster-management.io/root-policy label), so name and
	// namespace together may have 62.
	ReplicatedPolicy
)

// Name is one object name vmfleet emits.
type Name struct {
	Kind      string
	Namespace string // "" for the hub's policy namespace or a cluster-scoped object
	Value     string
	// Length is the longest the name gets (Value and a variant suffix).
	Length int
	Rule   NameRule
	// Of says whose name it is, e.g. `the root disk of vm "app"`.
	Of string
	// From is the field that gave the name.
	From diag.Path
	// Scope is where it must be unique: "hub", or "cluster <name>".
	Scope string
}

// Names lists the derived names of the fleet's objects, in a stable order:
// the hub's policies, then each VM's objects, then each cluster's NADs.
func (p *Plan) Names() []Name {
	var out []Name
	z := p.Fleet.Spec.Virtualization
	policy := func(value string, variants int, of string, from diag.Path) {
		n := Name{Kind: "Policy", Value: value, Length: len(value), Rule: ReplicatedPolicy, Of: of, From: from, Scope: "hub"}
		if variants > 1 {
			n.Length += variantSuffix
		}
		out = append(out, n)
	}
	if p.OwnsBaseline() {
		policy(z.Operator.Policy, 1, "the operator policy", "spec.virtualization.operator.policy")
		policy(z.HyperConverged.Policy, 1, "the HyperConverged policy", "spec.virtualization.hyperconverged.policy")
		policy(HCOHealthPolicy, 1, "the HyperConverged health policy", "spec.virtualization.policyNamespace")
		if z.AllowMigrationTraffic {
			policy(MigrationTrafficPolicy, 1, "the migration traffic policy", "spec.virtualization.allowMigrationTraffic")
		}
		if p.needsNMState() {
			policy(NMStateOperatorPolicy, 1, "the NMState operator policy", "spec.virtualization.policyNamespace")
			policy(NMStatePolicy, 1, "the NMState policy", "spec.virtualization.policyNamespace")
		}
	}
	for i := range p.Fleet.Spec.Networks {
		// Every network, used or not, with room for a variant's -<hash>:
		// a VM or a cluster added later must not make its name too long.
		n := &p.Fleet.Spec.Networks[i]
		policy(p.NetworkPolicyName(n), 2, fmt.Sprintf("the policy of network %q", n.Name), diag.Path("spec.networks").Index(i).Child("name"))
	}
	for _, b := range p.bridgeVariants() {
		policy(p.NNCPPolicyName(b.name), b.variants, fmt.Sprintf("the policy of node bridge %q", b.name), diag.Path("spec.networks").Index(b.network).Child("bridge"))
	}
	if p.guestMetrics() {
		policy(p.HubName(UserWorkloadMonitorPolicy), 1, "the user-workload monitoring policy", "spec.observability.guestMetrics")
	}
	for _, vm := range p.VMs {
		if refs := References(vm.Spec); len(refs.Secrets)+len(refs.ConfigMaps)+len(CloneSources(vm.Spec)) > 0 {
			// Shortened with a hash where it does not fit, unless the
			// namespace leaves no room: the namespace is to blame.
			policy(p.DependencyPolicyName(vm.Spec), 1, fmt.Sprintf("the dependency policy of vm %q", vm.Spec.Name), "spec.virtualization.policyNamespace")
		}
	}

	for _, vm := range p.VMs {
		if !vm.Present() {
			continue
		}
		s := vm.Spec
		vp := diag.Path("spec.vms").Index(vm.Index)
		add := func(kind, ns, value string, rule NameRule, of string, from diag.Path) {
			out = append(out, Name{Kind: kind, Namespace: ns, Value: value, Length: len(value), Rule: rule, Of: of, From: from, Scope: "clusters"})
		}
		if s.Disk.Source.ContainerDisk == nil {
			add("DataVolume", s.Namespace, RootVolumeName(s), DNS1123Subdomain, fmt.Sprintf("the root disk of vm %q", s.Name), vp.Child("name"))
		}
		for j, d := range s.DataDisks {
			if !d.Ephemeral {
				add("DataVolume", s.Namespace, DataVolumeName(s, d.Name), DNS1123Subdomain, fmt.Sprintf("data disk %q of vm %q", d.Name, s.Name), vp.Child("dataDisks").Index(j).Child("name"))
			}
		}
		if s.GuestMetrics != nil && *s.GuestMetrics {
			add("Service", s.Namespace, MetricsServiceName(s), DNS1035Label, fmt.Sprintf("the guest-metrics Service of vm %q", s.Name), vp.Child("guestMetrics"))
		}
		for _, ns := range sortedKeys(CloneSources(s)) {
			add("Role", ns, CloneRoleName(s), DNS1123Subdomain, fmt.Sprintf("the clone grant of vm %q", s.Name), vp.Child("name"))
		}
	}

	g := p.Fleet.Spec.GitOps
	if g.HubApplication {
		out = append(out, Name{Kind: "Application", Namespace: g.ArgoNamespace, Value: p.HubApplicationName(), Length: len(p.HubApplicationName()),
			Rule: DNS1123Subdomain, Of: "the Application that syncs hub/", From: "spec.gitops.hubApplication", Scope: "hub"})
	}
	for _, c := range p.Clusters {
		out = append(out, Name{Kind: "Application", Namespace: g.ArgoNamespace, Value: p.ApplicationName(c.Spec.Name), Length: len(p.ApplicationName(c.Spec.Name)),
			Rule: DNS1123Subdomain, Of: fmt.Sprintf("the Application of cluster %q", c.Spec.Name), From: diag.Path("spec.clusters").Index(c.Index).Child("name"), Scope: "hub"})
	}
	for _, c := range p.Clusters {
		cp := diag.Path("spec.clusters").Index(c.Index)
		for _, d := range c.NADs {
			from := cp.Child("networks").Child(d.Network.Name)
			if c.Spec.Networks[d.Network.Name] == "" {
				from = diag.Path("spec.networks").Index(p.networkIndex(d.Network)).Child("name")
			}
			for _, ns := range d.Namespaces {
				out = append(out, Name{Kind: "NetworkAttachmentDefinition", Namespace: ns, Value: d.Name, Length: len(d.Name), Rule: DNS1123Subdomain,
					Of: fmt.Sprintf("the NAD of network %q on cluster %q", d.Network.Name, c.Spec.Name), From: from, Scope: "cluster " + c.Spec.Name})
			}
		}
	}
	return out
}

func (p *Plan) needsNMState() bool {
	for _, c := range p.Clusters {
		if c.NeedsNMState() {
			return true
		}
	}
	return false
}

func (p *Plan) guestMetrics() bool {
	for _, c := range p.Clusters {
		for _, in := range c.Instances {
			if in.GuestMetrics {
				return true
			}
		}
	}
	return false
}

func (p *Plan) networkIndex(n *v1alpha1.Network) int {
	for i := range p.Fleet.Spec.Networks {
		if &p.Fleet.Spec.Networks[i] == n {
			return i
		}
	}
	return 0
}

type bridgeVariant struct {
	name     string
	network  int // the first network using the bridge
	variants int
}

// bridgeVariants counts, per node bridge, the different forms it takes
// across the clusters, sorted by bridge.
func (p *Plan) bridgeVariants() []bridgeVariant {
	seen := map[string]map[string]bool{}
	first := map[string]int{}
	for _, c := range p.Clusters {
		for _, b := range c.Bridges {
			if !b.Create && len(b.Localnets) == 0 {
				continue // nothing to deliver: no policy
			}
			if seen[b.Name] == nil {
				seen[b.Name] = map[string]bool{}
				first[b.Name] = b.Networks[0]
			}
			seen[b.Name][fmt.Sprint(b.OVS, b.Create, b.Uplink, b.Localnets, b.NodeSelector)] = true
		}
	}
	var out []bridgeVariant
	for _, name := range sortedKeys(seen) {
		out = append(out, bridgeVariant{name, first[name], len(seen[name])})
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
