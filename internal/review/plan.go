// Package review answers a reviewer's questions about a fleet: what lands
// on which cluster and why (Plan, `vmfleet plan`), and what a change does
// to each cluster and the hub (Diff, `vmfleet diff`). It reads a loaded
// fleet and its objects and does no I/O; the command line prints what it
// returns.
package review

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/plan"
	"vmfleet.dev/vmfleet/render"
)

// PlanAPIVersion and PlanKind head the JSON plan, so a script can tell
// which shape it reads. Fields are added, never renamed or removed, within
// one apiVersion.
const (
	PlanAPIVersion = "vmfleet.dev/v1alpha1"
	PlanKind       = "FleetPlan"
)

// FleetPlan is what each cluster of a fleet runs, with every resolved
// setting and the field it came from.
type FleetPlan struct {
	APIVersion string    `json:"apiVersion"`
	Kind       string    `json:"kind"`
	Fleet      string    `json:"fleet"`
	Selector   Selector  `json:"selector"`
	Rollout    []Step    `json:"rollout,omitempty"`
	Clusters   []Cluster `json:"clusters"`
	// VMs lists every VM name of the fleet (replicas expanded), in fleet
	// order: the columns of the fleet map.
	VMs []string `json:"vms"`
	// AllClusters lists every cluster of the fleet, in fleet order;
	// Clusters holds them all too unless --cluster picked one.
	AllClusters []string `json:"allClusters"`
}

// Selector is how the hub picks the fleet's clusters, and who is left out.
type Selector struct {
	MatchLabels map[string]string `json:"matchLabels,omitempty"`
	ClusterSets []string          `json:"clusterSets"`
	// Excluded says which selected ManagedClusters get nothing and why.
	Excluded string `json:"excluded"`
}

// Step is a rollout step with its clusters.
type Step struct {
	Name      string   `json:"name"`
	MaxUpdate string   `json:"maxUpdate,omitempty"` // "" is every cluster of the step at once
	Clusters  []string `json:"clusters"`
}

// Cluster is one cluster's plan.
type Cluster struct {
	Name        string `json:"name"`
	RolloutStep string `json:"rolloutStep,omitempty"`
	// Settings are the cluster-wide ones (VM state storage class, default CPU model).
	Settings []Setting `json:"settings,omitempty"`
	VMs      []VM      `json:"vms"`
	// NotHere are the fleet's VMs this cluster does not run, and why.
	NotHere []Excluded `json:"notHere,omitempty"`
	NADs    []NAD      `json:"nads,omitempty"`
	Bridges []Bridge   `json:"bridges,omitempty"`
}

// Excluded is a VM or cluster left out, with the reason.
type Excluded struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// Setting is one resolved value and where it came from.
type Setting struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	// Source is disk, vm, cluster override, cluster, fleet default or
	// derived (vmfleet chose it; Why says how).
	Source string `json:"source"`
	From   string `json:"from,omitempty"` // field path, when a field set it
	Why    string `json:"why,omitempty"`
}

// VM is one instance on one cluster.
type VM struct {
	Name       string    `json:"name"`
	Namespace  string    `json:"namespace"`
	State      string    `json:"state"`      // present or retired
	PowerOwner string    `json:"powerOwner"` // git or operators
	Settings   []Setting `json:"settings"`
	Disks      []Disk    `json:"disks"`
	// Storage is the fleet map's colour: rwx (every persistent disk
	// ReadWriteMany), rwo (some is not), ephemeral (no persistent disk).
	Storage    string       `json:"storage"`
	Eviction   Setting      `json:"eviction"`
	Networks   []Attachment `json:"networks,omitempty"`
	Dependency *Dependency  `json:"dependencies,omitempty"`
}

// Disk is one disk with its storage and the fields that chose it.
type Disk struct {
	Name       string `json:"name"`
	DataVolume string `json:"dataVolume,omitempty"` // "" for an ephemeral disk
	Size       string `json:"size,omitempty"`
	Ephemeral  bool   `json:"ephemeral,omitempty"`
	// Source says where the disk's data comes from, as one line.
	Source       string   `json:"source,omitempty"`
	StorageClass *Setting `json:"storageClass,omitempty"`
	AccessMode   *Setting `json:"accessMode,omitempty"`
	VolumeMode   *Setting `json:"volumeMode,omitempty"`
}

// Attachment is a secondary network of a VM here.
type Attachment struct {
	Network  string `json:"network"`
	NAD      string `json:"nad"` // multus networkName: [namespace/]name
	Existing bool   `json:"existing,omitempty"`
	Address  string `json:"address,omitempty"` // "" is DHCP or the network's IPAM
}

// Dependency is what a VM references outside git and how it arrives.
type Dependency struct {
	Secrets    []string `json:"secrets,omitempty"`
	ConfigMaps []string `json:"configMaps,omitempty"`
	// CloneFrom are the namespaces other than the VM's whose PVCs its
	// disks clone, each granted by the same policy.
	CloneFrom []string `json:"cloneFrom,omitempty"`
	// Policy is the hub Policy (namespace/name) that copies them from
	// HubNamespace with hub templates to the clusters running the VM.
	Policy       string `json:"policy"`
	HubNamespace string `json:"hubNamespace"`
}

// NAD is a NetworkAttachmentDefinition vmfleet delivers here.
type NAD struct {
	Network    string   `json:"network"`
	Name       string   `json:"name"`
	Type       string   `json:"type"`
	VLAN       int32    `json:"vlan,omitempty"`
	Namespaces []string `json:"namespaces"`
}

// Bridge is a node bridge the cluster's networks need.
type Bridge struct {
	Name   string `json:"name"`
	Uplink string `json:"uplink,omitempty"`
	Create bool   `json:"create"` // vmfleet makes it (NMState); else it exists
	OVS    bool   `json:"ovs,omitempty"`
}

// Plan builds the plan of fleet; cluster, when set, keeps that cluster only.
func Plan(fleet *render.Fleet, cluster string) (*FleetPlan, error) {
	p := fleet.Plan
	if cluster != "" && p.Cluster(cluster) == nil {
		return nil, fmt.Errorf("cluster %q is not in fleet %q (clusters: %v)", cluster, fleet.Name(), p.SortedClusterNames())
	}
	f := p.Fleet
	out := &FleetPlan{APIVersion: PlanAPIVersion, Kind: PlanKind, Fleet: fleet.Name(),
		Selector: Selector{MatchLabels: f.Spec.ClusterSelector.MatchLabels, ClusterSets: f.Spec.ClusterSets,
			Excluded: "a ManagedCluster the selector matches that is not in spec.clusters gets nothing: " +
				"the Placements select the fleet's clusters by name, and the ApplicationSet's generator keeps only them"}}
	for _, s := range p.Rollout() {
		out.Rollout = append(out.Rollout, Step{Name: s.Spec.Name, MaxUpdate: s.Spec.MaxUpdate, Clusters: s.Clusters})
	}
	for _, vm := range p.VMs {
		out.VMs = append(out.VMs, vm.Spec.Name)
	}
	out.AllClusters = p.ClusterNames()
	for _, c := range p.Clusters {
		if cluster != "" && c.Spec.Name != cluster {
			continue
		}
		out.Clusters = append(out.Clusters, clusterPlan(p, c))
	}
	return out, nil
}

func clusterPlan(p *plan.Plan, c *plan.Cluster) Cluster {
	out := Cluster{Name: c.Spec.Name, RolloutStep: p.RolloutStepOf(c.Spec.Name), VMs: []VM{}}
	if s := p.VMStateStorageClass(c); s.Value != "" {
		out.Settings = append(out.Settings, setting("vmStateStorageClass", s.Value, s.From, ""))
	}
	if s := p.DefaultCPUModel(c); s.Value != "" {
		out.Settings = append(out.Settings, setting("defaultCPUModel", s.Value, s.From, ""))
	}
	for _, in := range c.Instances {
		out.VMs = append(out.VMs, vmPlan(p, in))
	}
	running := map[*plan.VM]bool{}
	for _, in := range c.Instances {
		running[in.VM] = true
	}
	for _, vm := range p.VMs {
		if running[vm] {
			continue
		}
		out.NotHere = append(out.NotHere, Excluded{Name: vm.Spec.Name, Reason: notHere(vm, c.Spec.Name)})
	}
	for _, n := range c.NADs {
		nad := NAD{Network: n.Network.Name, Name: n.Name, Type: string(n.Network.Type), Namespaces: n.Namespaces}
		if n.Network.VLAN != nil {
			nad.VLAN = *n.Network.VLAN
		}
		out.NADs = append(out.NADs, nad)
	}
	for _, b := range c.Bridges {
		out.Bridges = append(out.Bridges, Bridge{Name: b.Name, Uplink: b.Uplink, Create: b.Create, OVS: b.OVS})
	}
	return out
}

// notHere says why vm does not run on cluster.
func notHere(vm *plan.VM, cluster string) string {
	path := diag.Path("spec.vms").Index(vm.Index)
	for _, name := range vm.Clusters {
		if name != cluster {
			continue
		}
		if vm.Spec.ClusterStates[cluster] == v1alpha1.StateAbsent {
			return "state absent here (" + string(path.Child("clusterStates").Child(cluster)) + ")"
		}
		return "state absent (" + string(path.Child("state")) + ")"
	}
	if vm.Replica > 0 || vm.Template != vm.Spec.Name {
		return "replica " + vm.Spec.Name + " of " + vm.Template + " runs on " + strings.Join(vm.Clusters, ", ") + " (" + string(path.Child("replicas")) + ")"
	}
	return "not in " + string(path.Child("clusters"))
}

func vmPlan(p *plan.Plan, in *plan.Instance) VM {
	s := in.VM.Spec
	vm := VM{Name: s.Name, Namespace: s.Namespace, State: string(in.State), PowerOwner: string(in.PowerOwner)}
	for _, x := range []struct {
		name string
		s    plan.Setting
	}{{"instancetype", in.Instancetype}, {"runStrategy", in.RunStrategy}, {"cloudInitSecret", in.CloudInitSecret}, {"cpuModel", p.CPUModel(in)}} {
		switch {
		case x.name == "runStrategy" && in.State == v1alpha1.StateRetired:
			// generators/virtualmachine.go: a retired VM is halted by git.
			vm.Settings = append(vm.Settings, setting(x.name, string(v1alpha1.RunStrategyHalted), "", "retired here: git halts it"))
		case x.s.Value != "":
			vm.Settings = append(vm.Settings, setting(x.name, x.s.Value, x.s.From, ""))
		}
	}
	if len(in.NodeSelector) > 0 {
		keys := make([]string, 0, len(in.NodeSelector))
		for k := range in.NodeSelector {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var kv []string
		for _, k := range keys {
			kv = append(kv, k+"="+in.NodeSelector[k])
		}
		vm.Settings = append(vm.Settings, Setting{Name: "nodeSelector", Value: strings.Join(kv, ","), Source: "merged",
			Why: "the cluster's, the VM's and the VM's override for the cluster; the most specific wins"})
	}
	persistent, shared := 0, 0
	for _, d := range in.Disks {
		disk := Disk{Name: d.Name, DataVolume: d.Volume, Size: d.Size, Ephemeral: d.Ephemeral, Source: diskSource(in.VM.Spec.Namespace, d)}
		if !d.Ephemeral {
			persistent++
			if d.AccessMode.Value == string(v1alpha1.ReadWriteMany) {
				shared++
			}
			disk.StorageClass = ptr(setting("storageClass", orDefault(d.StorageClass, "(the cluster's default class)"), d.StorageClassFrom, ""))
			disk.AccessMode = ptr(setting("accessMode", orDefault(d.AccessMode.Value, "(the storage profile's)"), d.AccessMode.From, ""))
			disk.VolumeMode = ptr(setting("volumeMode", orDefault(d.VolumeMode, "(the storage profile's)"), d.VolumeModeFrom, ""))
		}
		vm.Disks = append(vm.Disks, disk)
	}
	switch {
	case persistent == 0:
		vm.Storage = "ephemeral"
	case shared == persistent:
		vm.Storage = "rwx"
	default:
		vm.Storage = "rwo"
	}
	vm.Eviction = setting("evictionStrategy", in.Eviction.Value, in.Eviction.From, evictionWhy(p, in))
	for _, a := range in.Networks {
		vm.Networks = append(vm.Networks, Attachment{Network: a.Name, NAD: a.NetworkName, Existing: a.Existing, Address: a.Address})
	}
	refs := plan.References(s)
	clones := plan.CloneSources(s)
	if len(refs.Secrets)+len(refs.ConfigMaps)+len(clones) > 0 {
		d := &Dependency{Secrets: refs.Secrets, ConfigMaps: refs.ConfigMaps,
			Policy:       p.Fleet.Spec.Virtualization.PolicyNamespace + "/" + p.DependencyPolicyName(s),
			HubNamespace: p.Fleet.Spec.Dependencies.HubNamespace}
		for ns := range clones {
			d.CloneFrom = append(d.CloneFrom, ns)
		}
		sort.Strings(d.CloneFrom)
		vm.Dependency = d
	}
	return vm
}

// evictionWhy explains a derived eviction strategy (plan.eviction and the
// Windows rule of plan.Instance).
func evictionWhy(p *plan.Plan, in *plan.Instance) string {
	if in.Eviction.From != "" {
		return ""
	}
	for _, d := range in.Disks {
		if !d.Ephemeral && d.AccessMode.Value != string(v1alpha1.ReadWriteMany) {
			return fmt.Sprintf("disk %s is %s here, not ReadWriteMany: a live migration would fail", d.Name, orDefault(d.AccessMode.Value, "of the storage profile's access mode"))
		}
	}
	if in.Eviction.Value == string(v1alpha1.EvictionNone) && in.Windows && p.VMStateStorageClass(in.Cluster).Value == "" {
		return "a Windows VM's TPM/EFI state PVC is ReadWriteOnce without a vmStateStorageClass, which blocks migration"
	}
	for _, d := range in.Disks {
		if !d.Ephemeral {
			return "every persistent disk is ReadWriteMany here (ephemeral disks migrate by block copy)"
		}
	}
	return "no persistent disk: ephemeral disks migrate by block copy"
}

// setting classifies a field path by the level of the fleet that set it.
func setting(name, value string, from diag.Path, why string) Setting {
	s := Setting{Name: name, Value: value, From: string(from), Why: why}
	f := string(from)
	switch {
	case f == "":
		s.Source = "derived"
	case strings.HasPrefix(f, "spec.vms[") && strings.Contains(f, ".clusterOverrides."):
		s.Source = "cluster override"
	case strings.HasPrefix(f, "spec.vms[") && (strings.Contains(f, "].disk.") || strings.Contains(f, "].dataDisks[")):
		s.Source = "disk"
	case strings.HasPrefix(f, "spec.vms["):
		s.Source = "vm"
	case strings.HasPrefix(f, "spec.clusters["):
		s.Source = "cluster"
	default:
		s.Source = "fleet default"
	}
	return s
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func ptr[T any](v T) *T { return &v }

// JSON writes the plan as indented JSON, keys in the order of the types
// above, so the same fleet gives the same bytes.
func (fp *FleetPlan) JSON(w io.Writer) error {
	data, err := json.MarshalIndent(fp, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// diskSource describes a disk's source in one line: what CDI imports or
// clones, or the container disk KubeVirt runs, and how a registry image is
// pulled where mirrors are in play.
func diskSource(vmNamespace string, d plan.Disk) string {
	ref := func(r *v1alpha1.ObjectRef, def string) string {
		ns := r.Namespace
		if ns == "" {
			ns = def
		}
		return ns + "/" + r.Name
	}
	withSecret := func(u *v1alpha1.URLSource) string {
		if u.SecretRef != "" {
			return u.URL + " (Secret " + u.SecretRef + ")"
		}
		return u.URL
	}
	s := d.Source
	switch {
	case s.Image != "":
		return "golden image " + s.Image + " (DataSource " + plan.GoldenImageNamespace + "/" + s.Image + ")"
	case s.DataSource != nil:
		return "DataSource " + ref(s.DataSource, vmNamespace)
	case s.Registry != nil:
		if d.NodePull {
			return "registry " + withSecret(s.Registry) + ", pulled by the node (through the cluster's mirrors)"
		}
		return "registry " + withSecret(s.Registry)
	case s.HTTP != nil:
		return "http " + withSecret(s.HTTP)
	case s.S3 != nil:
		return "s3 " + withSecret(s.S3)
	case s.PVC != nil:
		return "clone of PVC " + ref(s.PVC, vmNamespace)
	case s.ContainerDisk != nil:
		return "container disk " + s.ContainerDisk.Image
	case s.Blank != nil:
		return "blank"
	case d.Ephemeral:
		return "empty (emptyDisk): its data goes when the VM stops"
	}
	return ""
}
