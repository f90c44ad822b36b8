// Command policy-check runs governance-policy-propagator v0.17.0's own code on a hub stream: the Policy
// validating webhook (api/v1 PolicyCustomValidator), the root-policy reconciler
// (controllers/propagator.RootPolicyReconciler: placement status and the replicated policies it asks for,
// one per decided cluster) and the PolicySet reconciler (controllers/policyset.PolicySetReconciler), over a
// controller-runtime fake client holding the hub stream's Policies, PolicySets, PlacementBindings and
// Placements, the fleet's ManagedClusters and their namespaces, and one PlacementDecision per Placement
// naming its intended clusters (what tests/controllers/ocm proves OCM decides: the fleet clusters its
// `name In (...)` names, or all of them).
//
// It reports: a Policy the webhook refuses; a binding whose Placement or subject is not in the stream; a
// Policy no binding sends anywhere; a PolicySet member that does not exist or is disabled; a dependency
// (spec.dependencies, policy-templates[].extraDependencies) on a Policy that does not exist, or that is not
// replicated to every cluster the dependant is replicated to (there it would wait forever: dependencies
// are looked up in the cluster namespace as <namespace>.<name>, controllers/propagator/replication.go);
// a replicated name longer than a 63-character label.
//
// Usage: policy-check -fleet FLEET.yaml HUB.yaml
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/tools/record"
	clusterv1 "open-cluster-management.io/api/cluster/v1"
	clusterv1beta1 "open-cluster-management.io/api/cluster/v1beta1"
	appsv1 "open-cluster-management.io/multicloud-operators-subscription/pkg/apis/apps/placementrule/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	crfake "sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/controller-runtime/pkg/event"

	policyv1 "open-cluster-management.io/governance-policy-propagator/api/v1"
	policyv1beta1 "open-cluster-management.io/governance-policy-propagator/api/v1beta1"
	policyset "open-cluster-management.io/governance-policy-propagator/controllers/policyset"
	"open-cluster-management.io/governance-policy-propagator/controllers/propagator"
)

func main() { os.Exit(run()) }

func run() int {
	fleetFile := flag.String("fleet", "", "the VMFleet file (clusters)")
	flag.Parse()
	if *fleetFile == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: policy-check -fleet FLEET.yaml HUB.yaml")
		return 2
	}
	ctrl.SetLogger(logr.Discard())
	fl, err := readFleet(*fleetFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "policy-check:", err)
		return 2
	}
	objs, err := readStream(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "policy-check:", err)
		return 2
	}
	results, err := check(fl, objs, flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "policy-check:", err)
		return 2
	}
	rep := report{Checker: "open-cluster-management.io/governance-policy-propagator v0.17.0 (Policy webhook, root-policy and PolicySet reconcilers)",
		Objects: results}
	return rep.Emit()
}

type key struct{ ns, name string }

func check(fl fleet, objs []object, source string) ([]result, error) {
	ctx := context.Background()
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{clientgoscheme.AddToScheme, clusterv1.AddToScheme,
		clusterv1beta1.AddToScheme, appsv1.AddToScheme, policyv1.AddToScheme, policyv1beta1.AddToScheme} {
		if err := add(scheme); err != nil {
			return nil, err
		}
	}

	results := map[key]*result{}
	var order []key
	res := func(kind string, o key) *result {
		k := key{kind + "/" + o.ns, o.name}
		if r, ok := results[k]; ok {
			return r
		}
		r := &result{Source: source, Kind: kind, Namespace: o.ns, Name: o.name}
		results[k] = r
		order = append(order, k)
		return r
	}
	bad := func(r *result, stage, field, format string, args ...any) {
		r.Causes = append(r.Causes, cause{Stage: stage, Field: field, Message: fmt.Sprintf(format, args...)})
	}

	var init []client.Object
	for _, c := range fl.Clusters {
		init = append(init, &clusterv1.ManagedCluster{ObjectMeta: metav1.ObjectMeta{Name: c, Labels: map[string]string{"name": c}}},
			&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: c}})
	}
	policies := map[key]*policyv1.Policy{}
	sets := map[key]*policyv1beta1.PolicySet{}
	var bindings []*policyv1.PlacementBinding
	placements := map[key]*clusterv1beta1.Placement{}
	namespaces := map[string]bool{}
	for _, o := range objs {
		k := key{o.Namespace, o.Name}
		var obj client.Object
		switch o.Kind {
		case "Policy":
			p := &policyv1.Policy{}
			obj, policies[k] = p, p
		case "PolicySet":
			s := &policyv1beta1.PolicySet{}
			obj, sets[k] = s, s
		case "PlacementBinding":
			b := &policyv1.PlacementBinding{}
			obj = b
			bindings = append(bindings, b)
		case "Placement":
			p := &clusterv1beta1.Placement{}
			obj, placements[k] = p, p
		default:
			continue
		}
		if err := json.Unmarshal(o.Raw, obj); err != nil {
			return nil, fmt.Errorf("%s %s/%s: %w", o.Kind, o.Namespace, o.Name, err)
		}
		namespaces[o.Namespace] = true
		init = append(init, obj)
	}
	for ns := range namespaces {
		init = append(init, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}})
	}
	inFleet := map[string]bool{}
	for _, c := range fl.Clusters {
		inFleet[c] = true
	}
	for k, p := range placements {
		var decisions []clusterv1beta1.ClusterDecision
		for _, c := range intended(p, fl) {
			if inFleet[c] {
				decisions = append(decisions, clusterv1beta1.ClusterDecision{ClusterName: c})
			}
		}
		init = append(init, &clusterv1beta1.PlacementDecision{
			ObjectMeta: metav1.ObjectMeta{Name: k.name + "-decision-1", Namespace: k.ns,
				Labels: map[string]string{clusterv1beta1.PlacementLabel: k.name, clusterv1beta1.DecisionGroupIndexLabel: "0"}},
			Status: clusterv1beta1.PlacementDecisionStatus{Decisions: decisions},
		})
	}

	c := crfake.NewClientBuilder().WithScheme(scheme).WithObjects(init...).
		WithStatusSubresource(&policyv1.Policy{}, &policyv1beta1.PolicySet{}, &clusterv1beta1.PlacementDecision{}).
		WithIndex(&policyv1.Policy{}, "metadata.name", func(o client.Object) []string { return []string{o.GetName()} }).
		Build()
	// PlacementDecision status is a subresource: write it as the placement controller does.
	for _, o := range init {
		if pd, ok := o.(*clusterv1beta1.PlacementDecision); ok {
			cur := &clusterv1beta1.PlacementDecision{}
			if err := c.Get(ctx, client.ObjectKeyFromObject(pd), cur); err != nil {
				return nil, err
			}
			cur.Status = pd.Status
			if err := c.Status().Update(ctx, cur); err != nil {
				return nil, err
			}
		}
	}

	// 1. The Policy webhook, on create.
	val := &policyv1.PolicyCustomValidator{}
	for k, p := range policies {
		r := res("Policy", k)
		if _, err := val.ValidateCreate(ctx, p.DeepCopy()); err != nil {
			bad(r, "policy-webhook", "", "%v", err)
		}
	}

	// 2. Bindings: their Placement and subjects must be in the stream.
	for _, b := range bindings {
		r := res("PlacementBinding", key{b.Namespace, b.Name})
		if b.PlacementRef.Kind == "Placement" && placements[key{b.Namespace, b.PlacementRef.Name}] == nil {
			bad(r, "bindings", "placementRef", "Placement %s/%s is not in the hub stream", b.Namespace, b.PlacementRef.Name)
		}
		for i, s := range b.Subjects {
			k := key{b.Namespace, s.Name}
			if (s.Kind == "Policy" && policies[k] == nil) || (s.Kind == "PolicySet" && sets[k] == nil) {
				bad(r, "bindings", fmt.Sprintf("subjects[%d]", i), "%s %s/%s is not in the hub stream", s.Kind, b.Namespace, s.Name)
			}
		}
	}

	// 3. The root-policy reconciler: where each policy is replicated.
	updates := make(chan event.GenericEvent, 100000)
	root := &propagator.RootPolicyReconciler{Propagator: propagator.Propagator{
		Client: c, Scheme: scheme, Recorder: record.NewFakeRecorder(100000),
		RootPolicyLocks: &sync.Map{}, ReplicatedPolicyUpdates: updates,
	}}
	replicated := map[string]map[string]bool{} // cluster namespace → replicated policy names
	for k := range policies {
		if _, err := root.Reconcile(ctx, ctrl.Request{NamespacedName: types.NamespacedName{Namespace: k.ns, Name: k.name}}); err != nil {
			bad(res("Policy", k), "root-policy-reconciler", "", "%v", err)
		}
	}
	close(updates)
	for e := range updates {
		ns, name := e.Object.GetNamespace(), e.Object.GetName()
		if replicated[ns] == nil {
			replicated[ns] = map[string]bool{}
		}
		replicated[ns][name] = true
	}
	clustersOf := func(k key) []string {
		var out []string
		for ns, names := range replicated {
			if names[k.ns+"."+k.name] {
				out = append(out, ns)
			}
		}
		sort.Strings(out)
		return out
	}
	for k, p := range policies {
		r := res("Policy", k)
		cl := clustersOf(k)
		if len(cl) == 0 && !p.Spec.Disabled {
			bad(r, "root-policy-reconciler", "", "no PlacementBinding sends this policy to any cluster")
		}
		r.Notes = append(r.Notes, "replicated to: "+strings.Join(cl, ","))
		if n := len(k.ns) + 1 + len(k.name); n > 63 {
			bad(r, "replication", "metadata.name", "the replicated name %s.%s is %d characters, over a 63-character label", k.ns, k.name, n)
		}
		// 4. Dependencies.
		type dep struct {
			field string
			ref   policyv1.PolicyDependency
		}
		var deps []dep
		for i, d := range p.Spec.Dependencies {
			deps = append(deps, dep{fmt.Sprintf("spec.dependencies[%d]", i), d})
		}
		for i, t := range p.Spec.PolicyTemplates {
			for j, d := range t.ExtraDependencies {
				deps = append(deps, dep{fmt.Sprintf("spec.policy-templates[%d].extraDependencies[%d]", i, j), d})
			}
		}
		for _, d := range deps {
			if d.ref.Kind != "Policy" && d.ref.Kind != "" {
				continue // dependencies on templates (ConfigurationPolicy, ...) live on the managed cluster
			}
			ns := d.ref.Namespace
			if ns == "" {
				ns = k.ns
			}
			dk := key{ns, d.ref.Name}
			if policies[dk] == nil {
				bad(r, "dependencies", d.field, "depends on Policy %s/%s, which is not in the hub stream", ns, d.ref.Name)
				continue
			}
			has := map[string]bool{}
			for _, c := range clustersOf(dk) {
				has[c] = true
			}
			for _, c := range cl {
				if !has[c] {
					bad(r, "dependencies", d.field, "depends on Policy %s/%s, which is not replicated to cluster %s: there the dependency never resolves", ns, d.ref.Name, c)
				}
			}
		}
	}

	// 5. The PolicySet reconciler: every member exists and is enabled.
	psr := &policyset.PolicySetReconciler{Client: c, Scheme: scheme, Recorder: record.NewFakeRecorder(100000)}
	for k := range sets {
		r := res("PolicySet", k)
		if _, err := psr.Reconcile(ctx, ctrl.Request{NamespacedName: types.NamespacedName{Namespace: k.ns, Name: k.name}}); err != nil {
			bad(r, "policyset-reconciler", "", "%v", err)
			continue
		}
		got := &policyv1beta1.PolicySet{}
		if err := c.Get(ctx, client.ObjectKey{Namespace: k.ns, Name: k.name}, got); err != nil {
			bad(r, "policyset-reconciler", "", "%v", err)
			continue
		}
		for _, part := range strings.Split(got.Status.StatusMessage, "; ") {
			if strings.HasPrefix(part, "Deleted policies:") || strings.HasPrefix(part, "Disabled policies:") {
				bad(r, "policyset-reconciler", "spec.policies", "%s", part)
			}
		}
		r.Notes = append(r.Notes, "status: "+got.Status.StatusMessage)
	}

	var out []result
	sort.Slice(order, func(i, j int) bool {
		if order[i].ns != order[j].ns {
			return order[i].ns < order[j].ns
		}
		return order[i].name < order[j].name
	})
	for _, k := range order {
		out = append(out, *results[k])
	}
	return out, nil
}

// intended is the fleet clusters a Placement is meant for: those its `name In (...)` names, or all.
func intended(p *clusterv1beta1.Placement, fl fleet) []string {
	var out []string
	for _, pr := range p.Spec.Predicates {
		for _, e := range pr.RequiredClusterSelector.LabelSelector.MatchExpressions {
			if e.Key == "name" && e.Operator == metav1.LabelSelectorOpIn {
				out = append(out, e.Values...)
			}
		}
	}
	if len(out) == 0 {
		out = fl.Clusters
	}
	return out
}
