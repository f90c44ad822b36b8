// Command ocm-check runs OCM v1.0.0's placement controller manager, through its own entry point
// (pkg/placement/placement.RunControllerManagerWithInformers: the scheduling controller with the
// production plugin scheduler), over fake clients holding a hub's clusters, and checks the
// PlacementDecisions it writes for every Placement of the hub stream.
//
// The hub holds ManagedClusterSets "default" and "global" (as every OCM/ACM hub) and each of the fleet's
// clusterSets; ManagedClusters for every fleet cluster, labelled with the fleet's clusterSelector labels,
// name=<cluster> (as ACM labels them) and the cluster-set label of the fleet's first cluster set, plus
// "stray-match" (the same labels, not in the fleet) and "stray-other" (not matching). The first fleet
// cluster carries the taint ManagedClusterConditionAvailable=Unknown puts on a cluster that missed its lease
// (cluster.open-cluster-management.io/unavailable, NoSelect): a Placement must keep selecting it through such
// a blip, as the Argo CD GitOps examples upstream do with tolerations, or ACM uninstalls the cluster's
// policies and Applications. The ManagedClusterSetBindings and Placements are the hub stream's.
//
// A Placement must select exactly its intended clusters: the fleet clusters its own `name In (...)`
// expression names, or every fleet cluster when it names none; never a cluster outside the fleet.
//
// Usage: ocm-check -fleet FLEET.yaml HUB.yaml
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/openshift/library-go/pkg/controller/controllercmd"
	"github.com/openshift/library-go/pkg/operator/events"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	kubefake "k8s.io/client-go/kubernetes/fake"
	"k8s.io/klog/v2"
	"k8s.io/utils/clock"
	clusterfake "open-cluster-management.io/api/client/cluster/clientset/versioned/fake"
	clusterinformers "open-cluster-management.io/api/client/cluster/informers/externalversions"
	clusterv1 "open-cluster-management.io/api/cluster/v1"
	clusterv1beta1 "open-cluster-management.io/api/cluster/v1beta1"
	clusterv1beta2 "open-cluster-management.io/api/cluster/v1beta2"

	placement "open-cluster-management.io/ocm/pkg/placement/controllers"
)

const clusterSetLabel = clusterv1beta2.ClusterSetLabel

func main() { os.Exit(run()) }

func run() int {
	fleetFile := flag.String("fleet", "", "the VMFleet file (clusters, clusterSelector, clusterSets)")
	flag.Parse()
	if *fleetFile == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: ocm-check -fleet FLEET.yaml HUB.yaml")
		return 2
	}
	klog.LogToStderr(false)
	klog.SetOutput(discard{})
	fl, err := readFleet(*fleetFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ocm-check:", err)
		return 2
	}
	objs, err := readStream(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "ocm-check:", err)
		return 2
	}
	rep := report{Checker: "open-cluster-management.io/ocm v1.0.0 (placement controller manager, plugin scheduler)"}
	results, err := schedule(fl, objs, flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "ocm-check:", err)
		return 2
	}
	rep.Objects = results
	return rep.Emit()
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func schedule(fl fleet, objs []object, source string) ([]result, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cc := clusterfake.NewSimpleClientset()

	// Cluster sets: ACM's default (clusters labelled with it) and global (every cluster), and the fleet's.
	sets := map[string]bool{}
	for _, s := range append([]string{"default"}, fl.ClusterSets...) {
		if sets[s] {
			continue
		}
		sets[s] = true
		set := &clusterv1beta2.ManagedClusterSet{ObjectMeta: metav1.ObjectMeta{Name: s},
			Spec: clusterv1beta2.ManagedClusterSetSpec{ClusterSelector: clusterv1beta2.ManagedClusterSelector{
				SelectorType: clusterv1beta2.ExclusiveClusterSetLabel}}}
		if _, err := cc.ClusterV1beta2().ManagedClusterSets().Create(ctx, set, metav1.CreateOptions{}); err != nil {
			return nil, err
		}
	}
	global := &clusterv1beta2.ManagedClusterSet{ObjectMeta: metav1.ObjectMeta{Name: "global"},
		Spec: clusterv1beta2.ManagedClusterSetSpec{ClusterSelector: clusterv1beta2.ManagedClusterSelector{
			SelectorType: clusterv1beta2.LabelSelector, LabelSelector: &metav1.LabelSelector{}}}}
	if _, err := cc.ClusterV1beta2().ManagedClusterSets().Create(ctx, global, metav1.CreateOptions{}); err != nil {
		return nil, err
	}

	inFleet := map[string]bool{}
	mk := func(name string, lbls map[string]string, taint bool) error {
		l := map[string]string{"name": name, clusterSetLabel: fl.ClusterSets[0]}
		for k, v := range lbls {
			l[k] = v
		}
		mc := &clusterv1.ManagedCluster{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: l},
			Spec: clusterv1.ManagedClusterSpec{HubAcceptsClient: true}}
		if taint {
			mc.Spec.Taints = []clusterv1.Taint{{Key: clusterv1.ManagedClusterTaintUnavailable,
				Effect: clusterv1.TaintEffectNoSelect, TimeAdded: metav1.Now()}}
		}
		_, err := cc.ClusterV1().ManagedClusters().Create(ctx, mc, metav1.CreateOptions{})
		return err
	}
	for i, c := range fl.Clusters {
		inFleet[c] = true
		if err := mk(c, fl.Labels, i == 0); err != nil {
			return nil, err
		}
	}
	if err := mk("stray-match", fl.Labels, false); err != nil {
		return nil, err
	}
	if err := mk("stray-other", map[string]string{"virt": "disabled"}, false); err != nil {
		return nil, err
	}

	var placements []*clusterv1beta1.Placement
	for _, o := range objs {
		switch o.Kind {
		case "ManagedClusterSetBinding":
			var b clusterv1beta2.ManagedClusterSetBinding
			if err := json.Unmarshal(o.Raw, &b); err != nil {
				return nil, fmt.Errorf("ManagedClusterSetBinding %s/%s: %w", o.Namespace, o.Name, err)
			}
			if _, err := cc.ClusterV1beta2().ManagedClusterSetBindings(b.Namespace).Create(ctx, &b, metav1.CreateOptions{}); err != nil {
				return nil, err
			}
		case "Placement":
			var p clusterv1beta1.Placement
			if err := json.Unmarshal(o.Raw, &p); err != nil {
				return nil, fmt.Errorf("Placement %s/%s: %w", o.Namespace, o.Name, err)
			}
			placements = append(placements, &p)
		}
	}

	// Start the placement controller manager the way its own entry point does, then create the Placements.
	informers := clusterinformers.NewSharedInformerFactory(cc, 10*time.Minute)
	kube := kubefake.NewSimpleClientset()
	cctx := &controllercmd.ControllerContext{EventRecorder: events.NewInMemoryRecorder("placement-controller", clock.RealClock{})}
	done := make(chan error, 1)
	go func() { done <- placement.RunControllerManagerWithInformers(ctx, cctx, kube, cc, informers) }()
	for _, p := range placements {
		if _, err := cc.ClusterV1beta1().Placements(p.Namespace).Create(ctx, p, metav1.CreateOptions{}); err != nil {
			return nil, err
		}
	}

	// Wait until every Placement has its decisions written (status.numberOfSelectedClusters observed with a
	// PlacementSatisfied condition), or 30 s.
	deadline := time.Now().Add(30 * time.Second)
	var results []result
	for {
		results = results[:0]
		pending := false
		for _, p := range placements {
			got, err := cc.ClusterV1beta1().Placements(p.Namespace).Get(ctx, p.Name, metav1.GetOptions{})
			if err != nil {
				return nil, err
			}
			satisfied := metaCondition(got.Status.Conditions, clusterv1beta1.PlacementConditionSatisfied)
			if satisfied == nil {
				pending = true
			}
			results = append(results, judge(ctx, cc, got, satisfied, inFleet, fl, source))
		}
		if !pending || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			return nil, fmt.Errorf("placement controller manager: %w", err)
		}
	case <-time.After(5 * time.Second):
	}
	return results, nil
}

func metaCondition(cs []metav1.Condition, t string) *metav1.Condition {
	for i := range cs {
		if cs[i].Type == t {
			return &cs[i]
		}
	}
	return nil
}

// judge compares the decisions of one Placement with its intended clusters.
func judge(ctx context.Context, cc *clusterfake.Clientset, p *clusterv1beta1.Placement, satisfied *metav1.Condition,
	inFleet map[string]bool, fl fleet, source string) result {
	r := result{Source: source, Kind: "Placement", Namespace: p.Namespace, Name: p.Name}
	bad := func(field, format string, args ...any) {
		r.Causes = append(r.Causes, cause{Stage: "placement", Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if satisfied == nil {
		bad("status.conditions", "the placement controller never scheduled it (no PlacementSatisfied condition in 30 s)")
		return r
	}
	decs, err := cc.ClusterV1beta1().PlacementDecisions(p.Namespace).List(ctx, metav1.ListOptions{
		LabelSelector: labels.Set{clusterv1beta1.PlacementLabel: p.Name}.String()})
	if err != nil {
		bad("", "listing PlacementDecisions: %v", err)
		return r
	}
	selected := map[string]bool{}
	for _, d := range decs.Items {
		for _, cd := range d.Status.Decisions {
			selected[cd.ClusterName] = true
		}
	}
	intended := map[string]bool{}
	for _, n := range namedClusters(p) {
		if inFleet[n] {
			intended[n] = true
		} else {
			bad("spec.predicates", "names cluster %q, which is not in the fleet", n)
		}
	}
	if len(intended) == 0 {
		for c := range inFleet {
			intended[c] = true
		}
	}
	for c := range intended {
		if !selected[c] {
			bad("spec", "fleet cluster %q is not selected (%s: %s)", c, satisfied.Reason, satisfied.Message)
		}
	}
	for c := range selected {
		if !intended[c] {
			bad("spec.predicates", "selects cluster %q, which it is not meant for", c)
		}
	}
	r.Notes = append(r.Notes, "decisions: "+strings.Join(sorted(selected), ","), "intended: "+strings.Join(sorted(intended), ","))
	r.Notes = append(r.Notes, judgeGroups(p, decs.Items, fl.Rollout, bad)...)
	return r
}

// namedClusters is the values of the Placement's `name In (...)` expressions.
func namedClusters(p *clusterv1beta1.Placement) []string {
	var out []string
	for _, pr := range p.Spec.Predicates {
		for _, e := range pr.RequiredClusterSelector.LabelSelector.MatchExpressions {
			if e.Key == "name" && e.Operator == metav1.LabelSelectorOpIn {
				out = append(out, e.Values...)
			}
		}
	}
	return out
}

func sorted(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
