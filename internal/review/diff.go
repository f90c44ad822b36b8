package review

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"

	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/render"
)

// Hub is the name of the hub's scope in a diff.
const Hub = "hub"

// FleetDiff is what a fleet change does: per scope (the hub, then each
// cluster, sorted), the objects added, removed and changed.
type FleetDiff struct {
	Scopes []Scope
	// Refused are the findings `vmfleet render` stops on when the new
	// fleet replaces the old one's tree (render.Fleet.Previous): a VM
	// leaving a cluster unretired, a resize KubeVirt cannot sync.
	Refused diag.List
	// Warned are the warnings it prints over that tree: a golden image
	// that leaves or changes, which needs a hand on the clusters.
	Warned diag.List
}

// Scope is the hub or one cluster.
type Scope struct {
	Name    string // Hub or the cluster's name
	Cluster bool
	// Presence: "" (in both fleets), "added" or "removed" (the cluster
	// joins or leaves the fleet).
	Presence                string
	Added, Removed, Changed []Change
	Risks                   []Risk
}

// Change is one object added, removed or changed.
type Change struct {
	ID       string // kind namespace/name, as emit.ID
	Old, New []byte // the object's YAML; nil where it does not exist
	Unified  string // for a changed object, the unified diff of Old and New
}

// Risk is a change a reviewer must not miss.
type Risk struct {
	Kind   string // one of the Risk* constants
	Object string // the object's ID
	Detail string
}

// The kinds of risky change.
const (
	RiskDisksRecreated  = "disks-recreated"
	RiskRestart         = "restart"
	RiskPower           = "power"
	RiskVMRemoved       = "vm-removed"
	RiskClusterRemoved  = "cluster-removed"
	RiskOperatorUpgrade = "operator-upgrade"
)

// Empty reports whether nothing changes anywhere.
func (d *FleetDiff) Empty() bool {
	for _, s := range d.Scopes {
		if len(s.Added)+len(s.Removed)+len(s.Changed) > 0 {
			return false
		}
	}
	return true
}

// Diff compares what two fleets render: the hub's objects and each
// cluster's (as `vmfleet build` prints them), object by object.
func Diff(old, new *render.Fleet) (*FleetDiff, error) {
	d := &FleetDiff{}
	s, err := scope(Hub, false, old.Hub(), new.Hub())
	if err != nil {
		return nil, err
	}
	d.Scopes = append(d.Scopes, s)
	names := map[string]bool{}
	for _, n := range old.ClusterNames() {
		names[n] = true
	}
	for _, n := range new.ClusterNames() {
		names[n] = true
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, n := range sorted {
		a, _ := clusterObjects(old, n)
		b, _ := clusterObjects(new, n)
		s, err := scope(n, true, a, b)
		if err != nil {
			return nil, err
		}
		switch {
		case old.Plan.Cluster(n) == nil:
			s.Presence = "added"
		case new.Plan.Cluster(n) == nil:
			s.Presence = "removed"
			// Its VMs stay (the risk below), not pruned one by one.
			s.Risks = nil
			s.Risks = append([]Risk{{Kind: RiskClusterRemoved, Object: "cluster " + n,
				Detail: "the cluster leaves the fleet: the ApplicationSet deletes its Application, which leaves the cluster's objects (VMs included) in place, unmanaged: preserveResourcesOnDeletion gives the Application no resources finalizer (argo-cd applicationset/utils/utils.go RenderTemplateParams)"}}, s.Risks...)
		}
		d.Scopes = append(d.Scopes, s)
	}
	prev, err := treeFiles(old)
	if err != nil {
		return nil, err
	}
	over := new.Previous(prev)
	d.Refused = over.Errors()
	for _, f := range over {
		// The cluster-left warning is the cluster-removed risk already.
		if f.Severity == diag.Warning && (f.Rule == diag.RuleImageRemoved || f.Rule == diag.RuleImageChanged) {
			d.Warned = append(d.Warned, f)
		}
	}
	return d, nil
}

// treeFiles renders f's tree in memory, as the files Previous reads.
func treeFiles(f *render.Fleet) (map[string][]byte, error) {
	files, err := f.Tree()
	if err != nil {
		return nil, err
	}
	objs := make([]objects.Object, len(files))
	for i, x := range files {
		objs[i] = x.Object
	}
	docs, err := emit.Documents(objs)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(files))
	for i, x := range files {
		out[x.Path] = docs[i]
	}
	return out, nil
}

func clusterObjects(f *render.Fleet, name string) ([]objects.Object, error) {
	if f.Plan.Cluster(name) == nil {
		return nil, nil
	}
	return f.Cluster(name)
}

func scope(name string, cluster bool, old, new []objects.Object) (Scope, error) {
	s := Scope{Name: name, Cluster: cluster}
	a, err := byID(old)
	if err != nil {
		return s, fmt.Errorf("%s: %w", name, err)
	}
	b, err := byID(new)
	if err != nil {
		return s, fmt.Errorf("%s: %w", name, err)
	}
	ids := map[string]bool{}
	for id := range a {
		ids[id] = true
	}
	for id := range b {
		ids[id] = true
	}
	sorted := make([]string, 0, len(ids))
	for id := range ids {
		sorted = append(sorted, id)
	}
	sort.Strings(sorted)
	for _, id := range sorted {
		o, n := a[id], b[id]
		switch {
		case o == nil:
			s.Added = append(s.Added, Change{ID: id, New: n})
		case n == nil:
			s.Removed = append(s.Removed, Change{ID: id, Old: o})
			if strings.HasPrefix(id, "VirtualMachine/") {
				// Argo CD reads Prune=false from the live object
				// (generators/labels.go KeepOnPruneOrDelete): a VM
				// that was not retired first is not pruned.
				detail := "the cluster loses this VM: it was retired, so Argo CD prunes it (its disks too unless the Application orphans them: PrunePropagationPolicy=orphan)"
				if bytes.Contains(o, []byte("Prune=false")) {
					detail = "the cluster loses this VM, which was not retired first: its live object carries Prune=false, so Argo CD leaves it running and the Application OutOfSync"
				}
				s.Risks = append(s.Risks, Risk{Kind: RiskVMRemoved, Object: id, Detail: detail})
			}
		case !bytes.Equal(o, n):
			s.Changed = append(s.Changed, Change{ID: id, Old: o, New: n, Unified: Unified(id, o, n)})
			risks, err := risks(id, o, n)
			if err != nil {
				return s, fmt.Errorf("%s: %s: %w", name, id, err)
			}
			s.Risks = append(s.Risks, risks...)
		}
	}
	return s, nil
}

func byID(objs []objects.Object) (map[string][]byte, error) {
	docs, err := emit.Documents(objs)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(objs))
	for i, o := range objs {
		out[emit.ID(o)] = docs[i]
	}
	return out, nil
}

// risks reads a changed object for the changes a reviewer must see.
func risks(id string, old, new []byte) ([]Risk, error) {
	var a, b map[string]any
	if err := yaml.Unmarshal(old, &a); err != nil {
		return nil, err
	}
	if err := yaml.Unmarshal(new, &b); err != nil {
		return nil, err
	}
	var out []Risk
	if a["kind"] == "VirtualMachine" {
		out = append(out, vmRisks(id, a, b)...)
	}
	out = append(out, operatorRisks(id, a, b)...)
	return out, nil
}
