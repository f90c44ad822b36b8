package v1alpha1

import "strings"

// Defaults the fleet gets for what it leaves out. They live here, next to
// the types, so the API documentation and the generators agree.
const (
	DefaultTargetRevision    = "main"
	DefaultArgoNamespace     = "openshift-gitops"
	DefaultGenerator         = GeneratorClusters
	DefaultDelivery          = DeliveryOverlays
	DefaultPlugin            = "vmfleet-v1"
	DefaultClusterSet        = "default"
	DefaultPolicyNamespace   = "policies-virt"
	DefaultRemediation       = RemediationEnforce
	DefaultPolicySet         = "cnv-baseline"
	DefaultOperatorPolicy    = "cnv-operator"
	DefaultHCOPolicy         = "cnv-hyperconverged"
	DefaultChannel           = "stable"
	DefaultSource            = "redhat-operators"
	DefaultSourceNamespace   = "openshift-marketplace"
	DefaultOperatorNamespace = "openshift-cnv"
	DefaultUpgradeApproval   = UpgradeAutomatic
	DefaultCNIVersion        = "0.3.1"
	DefaultNetworkType       = NetworkBridge
	DefaultRunStrategy       = RunStrategyAlways
	DefaultPowerOwner        = PowerOwnerOperators
	DefaultState             = StatePresent
	DefaultDisks             = DisksKeep
	DefaultGuestMetricsPort  = 9100
	DefaultScrapeInterval    = "30s"
	// DefaultTolerationSeconds keeps a cluster in its Placements through a
	// 10-minute blip of its agent before its Applications are removed.
	DefaultTolerationSeconds = 600
	// TenantPolicyNamespacePrefix + the fleet name is a tenant fleet's
	// default policy namespace: no hub object of two fleets shares a namespace.
	TenantPolicyNamespacePrefix = "policies-"
)

// DefaultGuestSeries are the node_exporter series a guest forwards to the
// hub by default: CPU, memory, filesystem, network and load.
var DefaultGuestSeries = []string{
	"node_cpu_seconds_total",
	"node_filesystem_avail_bytes",
	"node_filesystem_size_bytes",
	"node_load1",
	"node_memory_MemAvailable_bytes",
	"node_memory_MemTotal_bytes",
	"node_network_receive_bytes_total",
	"node_network_transmit_bytes_total",
}

// DefaultClusterSelector is used when the fleet gives no selector.
func DefaultClusterSelector() map[string]string { return map[string]string{"virt": "enabled"} }

// Default fills in every default in place. It is idempotent.
func (f *VMFleet) Default() {
	s := &f.Spec
	g := &s.GitOps
	setDefault(&g.TargetRevision, DefaultTargetRevision)
	setDefault(&g.ArgoNamespace, DefaultArgoNamespace)
	// Project stays empty unless set: plan.Plan.Project then names the
	// AppProject vmfleet emits.
	setDefault(&g.ApplicationSet, f.Metadata.Name)
	setDefault(&g.Generator, DefaultGenerator)
	setDefault(&g.Delivery, DefaultDelivery)
	setDefault(&g.Plugin, DefaultPlugin)
	if g.AutoSync == nil {
		g.AutoSync = ptr(true)
	}
	if g.Namespace == "" {
		g.Namespace = sharedNamespace(s.VMs)
	}
	if len(s.ClusterSelector.MatchLabels) == 0 {
		s.ClusterSelector.MatchLabels = DefaultClusterSelector()
	}
	if s.ClusterSelector.TolerationSeconds == nil {
		s.ClusterSelector.TolerationSeconds = ptr(int64(DefaultTolerationSeconds))
	}
	if len(s.ClusterSets) == 0 {
		s.ClusterSets = []string{DefaultClusterSet}
	}

	v := &s.Virtualization
	if v.ManagedBy == f.Metadata.Name {
		v.ManagedBy = ""
	}
	if v.ManagedBy != "" {
		setDefault(&v.PolicyNamespace, TenantPolicyNamespacePrefix+f.Metadata.Name)
	}
	setDefault(&v.PolicyNamespace, DefaultPolicyNamespace)
	setDefault(&v.RemediationAction, DefaultRemediation)
	setDefault(&v.PolicySet, DefaultPolicySet)
	o := &v.Operator
	setDefault(&o.Policy, DefaultOperatorPolicy)
	setDefault(&o.Channel, DefaultChannel)
	setDefault(&o.Source, DefaultSource)
	setDefault(&o.SourceNamespace, DefaultSourceNamespace)
	setDefault(&o.Namespace, DefaultOperatorNamespace)
	setDefault(&o.UpgradeApproval, DefaultUpgradeApproval)
	if o.StartingCSV == "" && len(o.Versions) == 1 {
		// The one pinned version is where OLM must start; with several,
		// which one is the user's call.
		o.StartingCSV = o.Versions[0]
	}
	h := &v.HyperConverged
	setDefault(&h.Policy, DefaultHCOPolicy)
	if h.CommonBootImageImport == nil {
		h.CommonBootImageImport = ptr(true)
	}

	for i := range s.Networks {
		n := &s.Networks[i]
		setDefault(&n.Type, DefaultNetworkType)
		setDefault(&n.CNIVersion, DefaultCNIVersion)
	}

	obs := &s.Observability
	if obs.PlatformMetrics == nil {
		obs.PlatformMetrics = ptr(true)
	}
	if obs.GuestMetrics.Port == 0 {
		obs.GuestMetrics.Port = DefaultGuestMetricsPort
	}
	setDefault(&obs.GuestMetrics.Interval, DefaultScrapeInterval)
	if len(obs.GuestMetrics.Series) == 0 {
		obs.GuestMetrics.Series = append([]string(nil), DefaultGuestSeries...)
	}
	setDefault(&s.Dependencies.HubNamespace, v.PolicyNamespace)

	f.defaultImages()
	f.defaultSnapshots()
	setDefault(&s.Defaults.RunStrategy, DefaultRunStrategy)
	setDefault(&s.Defaults.PowerOwner, DefaultPowerOwner)
	for i := range s.VMs {
		vm := &s.VMs[i]
		setDefault(&vm.RunStrategy, s.Defaults.RunStrategy)
		setDefault(&vm.PowerOwner, s.Defaults.PowerOwner)
		setDefault(&vm.State, DefaultState)
		setDefault(&vm.Disks, DefaultDisks)
		if vm.OS == "" {
			vm.OS = OSLinux
			if strings.HasPrefix(vm.Preference, "windows.") {
				vm.OS = OSWindows
			}
		}
		if vm.GuestMetrics == nil {
			vm.GuestMetrics = ptr(obs.GuestMetrics.NodeExporter)
		}
	}
}

func sharedNamespace(vms []VM) string {
	ns := ""
	for _, vm := range vms {
		if ns != "" && vm.Namespace != ns {
			return "default"
		}
		ns = vm.Namespace
	}
	if ns == "" {
		return "default"
	}
	return ns
}

func setDefault[T ~string](field *T, value T) {
	if *field == "" {
		*field = value
	}
}

func ptr[T any](v T) *T { return &v }
