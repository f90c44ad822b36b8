package generators

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"

	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// delivery is one hub Policy and the clusters it must reach. A delivery
// that reaches every fleet cluster joins the PolicySet; any other gets a
// Placement and PlacementBinding of its own, so each policy lands on
// exactly the clusters that need it.
type delivery struct {
	policy   string
	clusters []string // sorted
}

// variantGroup gathers clusters whose objects for one policy are the same
// bytes, so one Policy serves them all.
type variantGroup struct {
	key      string
	clusters []string
	objs     []objects.Object
}

type variants struct {
	order  []string
	groups map[string]*variantGroup
}

func (v *variants) add(cluster string, objs []objects.Object) {
	v.addKeyed(cluster, variantKeyOf(objs), objs)
}

// variantKeyOf is the objects' JSON: two clusters with the same key get
// the same objects.
func variantKeyOf(objs []objects.Object) string {
	b, _ := json.Marshal(objs) // typed structs: cannot fail
	return string(b)
}

// addKeyed is add with the key variantKeyOf(objs) already made.
func (v *variants) addKeyed(cluster, key string, objs []objects.Object) {
	if v.groups == nil {
		v.groups = map[string]*variantGroup{}
	}
	g := v.groups[key]
	if g == nil {
		g = &variantGroup{key: key, objs: objs}
		v.groups[key] = g
		v.order = append(v.order, key)
	}
	g.clusters = append(g.clusters, cluster)
}

// named returns the groups with their policy names: base alone when there
// is one variant, else base-<hash of the content>, which stays the same
// while the content does (cluster order does not rename anything).
func (v *variants) named(base string) []namedGroup {
	out := make([]namedGroup, 0, len(v.order))
	for _, key := range v.order {
		g := v.groups[key]
		name := base
		if len(v.order) > 1 {
			sum := sha256.Sum256([]byte(key))
			name = base + "-" + hex.EncodeToString(sum[:])[:8]
		}
		sort.Strings(g.clusters)
		out = append(out, namedGroup{name: name, group: g})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

type namedGroup struct {
	name  string
	group *variantGroup
}

// placeDeliveries splits deliveries into the policy names that join the
// PolicySet and the Placements and bindings of the others.
func placeDeliveries(p *plan.Plan, ds []delivery) (inSet []string, own []objects.Object) {
	ns := p.Fleet.Spec.Virtualization.PolicyNamespace
	for _, d := range ds {
		if len(d.clusters) == len(p.Clusters) {
			inSet = append(inSet, d.policy)
			continue
		}
		own = append(own, placement(p, ns, d.policy, d.clusters),
			placementBinding(p, d.policy, objects.Ref{APIGroup: objects.PolicyGroup, Kind: "Policy", Name: d.policy}))
	}
	return inSet, own
}
