package plan

import (
	"crypto/sha256"
	"fmt"
	"sort"
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
)

// BrEx is the OVS bridge OpenShift's OVN-Kubernetes makes on every node;
// a localnet may map onto it without vmfleet creating a bridge.
const BrEx = "br-ex"

// NAD is one fleet network's NetworkAttachmentDefinition as vmfleet
// delivers it on one cluster.
type NAD struct {
	Network *v1alpha1.Network
	// Name on this cluster: clusters[].networks renames it.
	Name string
	// Namespaces it goes into, sorted: on OpenShift a VM may attach only a
	// NAD of its own namespace or of a global one (Multus namespaceIsolation).
	Namespaces []string
}

// Bridge is one node bridge of one cluster and what vmfleet does with it.
type Bridge struct {
	Name string
	// OVS: the bridge is an OVS bridge a localnet maps onto; else a Linux bridge.
	OVS bool
	// Create: vmfleet makes the bridge with Uplink as its port. False when
	// it exists already (clusters[].bridges.<name>.exists, or br-ex).
	Create bool
	// Uplink NIC, from clusters[].bridges.<name>.uplink or the network's uplink.
	Uplink string
	// Localnets are the localnet networks mapped onto the bridge, sorted.
	Localnets []string
	// Networks are the indexes in spec.networks of the networks using it.
	Networks     []int
	NodeSelector map[string]string
}

// NetworkAllowed reports whether network n may reach cluster (its
// clusters list is empty or names it), and whether the cluster attaches an
// existing NAD for it instead of one vmfleet delivers.
func (p *Plan) NetworkAllowed(n *v1alpha1.Network, cluster string) (allowed, existing bool) {
	if c := p.clusters[cluster]; c != nil && c.Spec.ExistingNetworks[n.Name] != "" {
		existing = true
	}
	if len(n.Clusters) == 0 {
		return true, existing
	}
	return p.reach[n][cluster], existing
}

// attachments resolves a VM's secondary networks on cluster c (nil: the
// base instance). A VM names a NAD of another namespace only when that
// namespace is global; otherwise it attaches the copy in its own namespace.
func (p *Plan) attachments(vm *VM, c *Cluster) []Attachment {
	var out []Attachment
	for _, name := range vm.Spec.Networks {
		n := p.networks[name]
		if n == nil {
			continue
		}
		a := Attachment{Name: name, Network: n}
		var cs *v1alpha1.Cluster
		if c != nil {
			cs = c.Spec
		}
		if cs != nil && cs.ExistingNetworks[name] != "" {
			a.Existing = true
			a.NetworkName = strings.TrimPrefix(cs.ExistingNetworks[name], vm.Spec.Namespace+"/")
		} else {
			nad := n.Name
			if cs != nil && cs.Networks[name] != "" {
				nad = cs.Networks[name]
			}
			a.NetworkName = nad
			if v1alpha1.IsGlobalNADNamespace(n.Namespace) && n.Namespace != vm.Spec.Namespace {
				a.NetworkName = n.Namespace + "/" + nad
			}
		}
		if c != nil {
			for i, sa := range vm.Spec.Addresses {
				if sa.Network != name {
					continue
				}
				path := diag.Path("spec.vms").Index(vm.Index).Child("addresses").Index(i)
				switch {
				case sa.Clusters[cs.Name] != "":
					a.Address, a.AddressFrom = sa.Clusters[cs.Name], path.Child("clusters").Child(cs.Name)
				case sa.Address != "":
					a.Address, a.AddressFrom = sa.Address, path+".address"
				}
			}
		}
		out = append(out, a)
	}
	return out
}

func hasAddress(as []Attachment) bool {
	for _, a := range as {
		if a.Address != "" {
			return true
		}
	}
	return false
}

// mac is a stable, locally administered unicast MAC for one interface of
// one VM on one cluster. The guest's network data matches its interfaces by
// MAC (names differ between guest OSes). Including the cluster keeps the two
// VMs of an HA pair apart on a VLAN stretched across sites.
func mac(cluster, namespace, vm, iface string) string {
	h := sha256.Sum256([]byte(cluster + "\x00" + namespace + "\x00" + vm + "\x00" + iface))
	return fmt.Sprintf("02:%02x:%02x:%02x:%02x:%02x", h[0], h[1], h[2], h[3], h[4])
}

// deliveries settles which NADs and bridges cluster c needs: each network
// its VMs there use, in each namespace those VMs are in (plus the network's
// own namespace), and the migration network in the operator namespace.
func (p *Plan) deliveries(c *Cluster) {
	f := p.Fleet
	namespaces := map[*v1alpha1.Network]map[string]bool{}
	add := func(n *v1alpha1.Network, ns string) {
		if namespaces[n] == nil {
			namespaces[n] = map[string]bool{}
		}
		namespaces[n][ns] = true
	}
	for _, in := range c.Instances {
		for _, a := range in.Networks {
			if a.Existing {
				continue
			}
			n := a.Network
			if v1alpha1.IsGlobalNADNamespace(n.Namespace) {
				add(n, n.Namespace)
				continue
			}
			add(n, in.VM.Spec.Namespace)
			if n.Namespace != "" {
				add(n, n.Namespace)
			}
		}
	}
	if n := p.MigrationNetwork; n != nil && c.Spec.ExistingNetworks[n.Name] == "" {
		// HyperConverged names the NAD in its own namespace (spec.liveMigrationConfig.network).
		add(n, f.Spec.Virtualization.Operator.Namespace)
	}
	bridges := map[string]*Bridge{}
	for i := range f.Spec.Networks {
		n := &f.Spec.Networks[i]
		set := namespaces[n]
		if len(set) == 0 {
			continue
		}
		nad := NAD{Network: n, Name: n.Name}
		if r := c.Spec.Networks[n.Name]; r != "" {
			nad.Name = r
		}
		for ns := range set {
			nad.Namespaces = append(nad.Namespaces, ns)
		}
		sort.Strings(nad.Namespaces)
		c.NADs = append(c.NADs, nad)

		if n.Type == v1alpha1.NetworkLayer2 || n.Bridge == "" {
			continue
		}
		b := bridges[n.Bridge]
		if b == nil {
			cb := c.Spec.Bridges[n.Bridge]
			b = &Bridge{Name: n.Bridge, OVS: n.Type == v1alpha1.NetworkLocalnet, Uplink: cb.Uplink,
				Create:       !cb.Exists && !(n.Type == v1alpha1.NetworkLocalnet && n.Bridge == BrEx),
				NodeSelector: c.Spec.BridgeNodeSelector}
			bridges[n.Bridge] = b
		}
		if b.Uplink == "" {
			b.Uplink = n.Uplink
		}
		b.Networks = append(b.Networks, i)
		if n.Type == v1alpha1.NetworkLocalnet {
			b.Localnets = append(b.Localnets, n.Name)
		}
	}
	for _, b := range bridges {
		if !b.Create {
			b.Uplink = ""
		}
		sort.Strings(b.Localnets)
		c.Bridges = append(c.Bridges, b)
	}
	sort.Slice(c.Bridges, func(i, j int) bool { return c.Bridges[i].Name < c.Bridges[j].Name })
}

// NeedsNMState reports whether cluster c gets a bridge or localnet NAD:
// those NADs wait for NMState (their bridge comes from a
// NodeNetworkConfigurationPolicy), so NMState runs wherever they go, also
// where the bridge exists already, and the dependency always resolves.
func (c *Cluster) NeedsNMState() bool {
	for _, d := range c.NADs {
		if NeedsNodeBridge(d.Network) {
			return true
		}
	}
	return false
}

// NeedsNodeBridge: a bridge or localnet network rides on a node bridge.
func NeedsNodeBridge(n *v1alpha1.Network) bool { return n.Type != v1alpha1.NetworkLayer2 }
