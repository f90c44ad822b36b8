// Package plan resolves a defaulted fleet into what each cluster runs: every
// VM instance with its storage, eviction, networks and node placement
// settled, so generators only translate and never decide.
package plan

import (
	"runtime"
	"sort"
	"sync"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
)

// Plan is a fleet with every default and override resolved.
type Plan struct {
	Fleet    *v1alpha1.VMFleet
	Clusters []*Cluster // in fleet order
	VMs      []*VM      // in fleet order
	// MigrationNetwork is the fleet network named by
	// virtualization.hyperconverged.liveMigration.network, or nil.
	MigrationNetwork *v1alpha1.Network
	KubeVirt         KubeVirt // the KubeVirt the clusters run
	networks         map[string]*v1alpha1.Network
	clusters         map[string]*Cluster
	// reach holds, for each network restricted to some clusters, the set of
	// them, so NetworkAllowed does not scan the list once per instance.
	reach map[*v1alpha1.Network]map[string]bool
	// pending are the instances addVM planned, until Build resolves them.
	pending []pendingInstance
}

// VM is one fleet VM and where it runs.
type VM struct {
	Spec     *v1alpha1.VM
	Index    int      // position in spec.vms, for field paths
	Clusters []string // resolved: the VM's list, or every fleet cluster
	// Template is the name in spec.vms; Spec.Name differs for a replica
	// (<template>-<Replica>, see replicaSpecs).
	Template string
	Replica  int
}

// Cluster is one fleet cluster and the instances it runs.
type Cluster struct {
	Spec      *v1alpha1.Cluster
	Index     int
	Instances []*Instance // in fleet VM order; VMs absent here are not among them
	Absent    []*VM       // VMs of this cluster whose state here is absent
	// NADs are the NetworkAttachmentDefinitions vmfleet delivers here,
	// in fleet network order.
	NADs []NAD
	// Bridges are the node bridges (and OVN bridge mappings) this
	// cluster's networks need, sorted by name.
	Bridges []*Bridge
}

// Instance is a VM as it runs on one cluster; the base instance (Cluster
// nil) is the VM under fleet defaults only, the shape of base/<vm>/.
type Instance struct {
	VM       *VM
	Cluster  *Cluster
	Disks    []Disk // root disk first
	Eviction Setting
	// NodeSelector merges the cluster's, the VM's and the VM's override
	// for the cluster (the most specific wins).
	NodeSelector map[string]string
	Networks     []Attachment
	// PodMAC is the pod interface's MAC when the guest gets cloud-init
	// network data (static addresses): that data replaces the guest's
	// default network config, so it must name the pod interface too.
	PodMAC       string
	GuestMetrics bool
	// State is present or retired (absent instances are not planned).
	State v1alpha1.VMState
	// PowerOwner is git or operators; a retired VM's power is git's.
	PowerOwner v1alpha1.PowerOwner
	// Windows: the guest is Windows (vm.os).
	Windows bool
	// Instancetype, RunStrategy and CloudInitSecret are the VM's, or its
	// clusterOverrides' on this cluster, with the field that chose them.
	Instancetype, RunStrategy, CloudInitSecret Setting
}

// Setting is a resolved value and the field path that chose it ("" when derived).
type Setting struct {
	Value string
	From  diag.Path
}

// Disk is one disk with its storage resolved.
type Disk struct {
	Name   string // disk and volume name in the VM
	Volume string // DataVolume name; "" for an ephemeral disk, which has none
	Size   string
	Source v1alpha1.DiskSource
	Path   diag.Path // field path of the disk, for findings
	StorageClass,
	VolumeMode string
	// StorageClassFrom and VolumeModeFrom are the fields that chose
	// StorageClass and VolumeMode ("" when none did).
	StorageClassFrom, VolumeModeFrom diag.Path
	AccessMode                       Setting
	// Ephemeral: a containerDisk root or an emptyDisk data disk, which
	// lives as long as the VM instance and has no DataVolume.
	Ephemeral bool
	// NodePull: a registry source pulled by the node, through the
	// cluster's mirrors (Plan.NodePull).
	NodePull bool
}

// Attachment is a secondary network interface of an instance.
type Attachment struct {
	Name        string // interface and network name in the VM
	NetworkName string // multus networkName: [namespace/]name
	Network     *v1alpha1.Network
	Existing    bool      // a NAD the cluster has already (clusters[].existingNetworks)
	Address     string    // static guest address (CIDR), "" for none (DHCP on the network)
	AddressFrom diag.Path // field path that set Address
	MAC         string    // the interface's MAC, set with a static address so network data can match it
}

// Build resolves a fleet. The fleet must be defaulted and free of
// validation errors: Build trusts cross references.
func Build(f *v1alpha1.VMFleet) *Plan {
	p := &Plan{Fleet: f, networks: map[string]*v1alpha1.Network{}, clusters: map[string]*Cluster{},
		reach: map[*v1alpha1.Network]map[string]bool{}}
	for i := range f.Spec.Networks {
		n := &f.Spec.Networks[i]
		p.networks[n.Name] = n
		if len(n.Clusters) > 0 {
			set := make(map[string]bool, len(n.Clusters))
			for _, name := range n.Clusters {
				set[name] = true
			}
			p.reach[n] = set
		}
	}
	p.KubeVirt = p.resolveKubeVirt()
	for i := range f.Spec.Clusters {
		c := &Cluster{Spec: &f.Spec.Clusters[i], Index: i}
		p.Clusters = append(p.Clusters, c)
		p.clusters[c.Spec.Name] = c
	}
	if name := f.Spec.Virtualization.HyperConverged.LiveMigration.Network; name != "" {
		p.MigrationNetwork = p.networks[name]
	}
	for i := range f.Spec.VMs {
		clusters := f.Spec.VMs[i].Clusters
		if len(clusters) == 0 {
			clusters = p.ClusterNames()
		}
		for r, spec := range replicaSpecs(&f.Spec.VMs[i], clusters) {
			vm := &VM{Spec: spec, Index: i, Clusters: clusters, Template: f.Spec.VMs[i].Name, Replica: r}
			if spec != &f.Spec.VMs[i] {
				vm.Clusters = spec.Clusters
			}
			p.addVM(vm)
		}
	}
	p.resolveInstances()
	for _, c := range p.Clusters {
		p.deliveries(c)
	}
	return p
}

// addVM plans vm on each of its clusters: the instances are resolved by
// resolveInstances.
func (p *Plan) addVM(vm *VM) {
	p.VMs = append(p.VMs, vm)
	for _, name := range vm.Clusters {
		c := p.clusters[name]
		switch {
		case c == nil:
		case vm.State(name) == v1alpha1.StateAbsent:
			c.Absent = append(c.Absent, vm)
		default:
			p.pending = append(p.pending, pendingInstance{vm, c})
		}
	}
}

type pendingInstance struct {
	vm *VM
	c  *Cluster
}

// resolveInstances resolves every planned instance on every CPU (a large
// fleet has tens of thousands, a third of its planning), then appends
// them to their clusters in the order addVM planned them. Instance only
// reads the plan.
func (p *Plan) resolveInstances() {
	jobs := p.pending
	p.pending = nil
	out := make([]*Instance, len(jobs))
	workers := min(runtime.GOMAXPROCS(0), max(len(jobs)/256, 1))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(jobs); i += workers {
				out[i] = p.Instance(jobs[i].vm, jobs[i].c)
			}
		})
	}
	wg.Wait()
	for i, j := range jobs {
		j.c.Instances = append(j.c.Instances, out[i])
	}
}

// State is the VM's state on the named cluster: clusterStates, else state.
func (vm *VM) State(cluster string) v1alpha1.VMState {
	if s := vm.Spec.ClusterStates[cluster]; s != "" {
		return s
	}
	return vm.Spec.State
}

// Present reports whether the VM is present or retired on some cluster, so
// it has a base/<vm>/ folder.
func (vm *VM) Present() bool {
	for _, c := range vm.Clusters {
		if vm.State(c) != v1alpha1.StateAbsent {
			return true
		}
	}
	return false
}

// Project is the Argo CD project of the fleet's Applications, and whether
// vmfleet emits it (the fleet named no existing project).
func (p *Plan) Project() (name string, emitted bool) {
	g := p.Fleet.Spec.GitOps
	if g.Project != "" {
		return g.Project, false
	}
	return g.ApplicationSet, true
}

// ClusterNames lists the fleet's clusters in fleet order.
func (p *Plan) ClusterNames() []string {
	names := make([]string, len(p.Clusters))
	for i, c := range p.Clusters {
		names[i] = c.Spec.Name
	}
	return names
}

// SortedClusterNames lists the fleet's clusters sorted, for stable output.
func (p *Plan) SortedClusterNames() []string {
	names := p.ClusterNames()
	sort.Strings(names)
	return names
}

// Cluster returns the named cluster, or nil.
func (p *Plan) Cluster(name string) *Cluster { return p.clusters[name] }

// Network returns the named fleet network, or nil.
func (p *Plan) Network(name string) *v1alpha1.Network { return p.networks[name] }
