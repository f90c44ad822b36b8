// Command argocd-check runs Argo CD v2.14.21's own ApplicationSet controller
// (applicationset/controllers.ApplicationSetReconciler, with the production generators of
// generators.GetGenerators and the production template renderer utils.Render) on every ApplicationSet of
// a hub stream, against fake clients holding what an ACM hub would hold, and checks the Applications it
// creates:
//
//   - one Argo CD cluster secret per fleet cluster, labelled as a GitOpsCluster labels it (the
//     ManagedCluster's labels: the fleet's clusterSelector labels, plus name=<cluster> as ACM sets it),
//     a cluster that matches the selector but is not in the fleet ("stray-match"), and one that does not
//     match ("stray-other");
//   - in placement mode (clusterDecisionResource), the hub stream's ConfigMap and a PlacementDecision for
//     the referenced Placement that lists every one of those clusters, as a Placement too wide would; the
//     ApplicationSet itself must keep only the fleet's clusters;
//   - the AppProjects of the hub stream, and the "default" project every Argo CD has.
//
// It requires exactly one Application per fleet cluster and none for the others; each with the cluster's
// server as destination, a source path that is a folder of the rendered tree (-tree) for that cluster
// (an overlay, or the fleet folder with the plugin's CLUSTER set to the cluster), no {{...}} left, and the
// template's syncPolicy and ignoreDifferences unchanged by templating. Every cause is reported.
//
// Usage: argocd-check -fleet FLEET.yaml -tree RENDERED_DIR HUB.yaml
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/go-logr/logr"
	log "github.com/sirupsen/logrus"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	dynfake "k8s.io/client-go/dynamic/fake"
	kubefake "k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/tools/record"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	crfake "sigs.k8s.io/controller-runtime/pkg/client/fake"

	"github.com/argoproj/argo-cd/v2/applicationset/controllers"
	"github.com/argoproj/argo-cd/v2/applicationset/generators"
	appsetmetrics "github.com/argoproj/argo-cd/v2/applicationset/metrics"
	"github.com/argoproj/argo-cd/v2/applicationset/utils"
	"github.com/argoproj/argo-cd/v2/common"
	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
)

var placementDecisionGVR = schema.GroupVersionResource{Group: "cluster.open-cluster-management.io", Version: "v1beta1", Resource: "placementdecisions"}

func main() { os.Exit(run()) }

func run() int {
	fleetFile := flag.String("fleet", "", "the VMFleet file (clusters and clusterSelector)")
	tree := flag.String("tree", "", "the tree `vmfleet render` wrote for this fleet")
	streams := clusterStreams{}
	flag.Var(streams, "cluster", "NAME=FILE: the cluster's stream (`vmfleet build FLEET --cluster NAME`), checked against the Application's AppProject; repeatable")
	flag.Parse()
	if *fleetFile == "" || *tree == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: argocd-check -fleet FLEET.yaml -tree DIR [-cluster NAME=FILE]... HUB.yaml")
		return 2
	}
	log.SetOutput(io.Discard)
	ctrl.SetLogger(logr.Discard())

	fl, err := readFleet(*fleetFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "argocd-check:", err)
		return 2
	}
	objs, err := readStream(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "argocd-check:", err)
		return 2
	}
	rep := report{Checker: "github.com/argoproj/argo-cd/v2 v2.14.21 (ApplicationSetReconciler, production generators and renderer)"}
	n := 0
	for _, o := range objs {
		if o.Kind != "ApplicationSet" {
			continue
		}
		n++
		r := result{Source: flag.Arg(0), Kind: o.Kind, Namespace: o.Namespace, Name: o.Name}
		r.Causes, r.Notes = checkAppSet(o, objs, fl, *tree, streams)
		rep.Objects = append(rep.Objects, r)
	}
	if n == 0 {
		rep.Objects = append(rep.Objects, result{Source: flag.Arg(0), Kind: "ApplicationSet", Name: "(none)",
			Causes: []cause{{Stage: "input", Message: "the hub stream holds no ApplicationSet"}}})
	}
	return rep.Emit()
}

// fakeCluster is one Argo CD cluster secret.
type fakeCluster struct {
	name, server string
	labels       map[string]string
	inFleet      bool
}

func clustersFor(fl fleet) []fakeCluster {
	var out []fakeCluster
	mk := func(name string, labels map[string]string, in bool) fakeCluster {
		l := map[string]string{"name": name}
		for k, v := range labels {
			l[k] = v
		}
		return fakeCluster{name: name, server: "https://api." + name + ".example:6443", labels: l, inFleet: in}
	}
	for _, c := range fl.Clusters {
		out = append(out, mk(c, fl.Labels, true))
	}
	out = append(out, mk("stray-match", fl.Labels, false), mk("stray-other", map[string]string{"virt": "disabled"}, false))
	return out
}

func checkAppSet(o object, hub []object, fl fleet, tree string, streams clusterStreams) (causes []cause, notes []string) {
	bad := func(stage, field, format string, args ...any) {
		causes = append(causes, cause{Stage: stage, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	var appSet v1alpha1.ApplicationSet
	if err := json.Unmarshal(o.Raw, &appSet); err != nil {
		bad("decode", "", "%v", err)
		return
	}
	ns := appSet.Namespace
	ctx := context.Background()

	scheme := runtime.NewScheme()
	if err := v1alpha1.AddToScheme(scheme); err != nil {
		bad("checker", "", "%v", err)
		return
	}
	if err := corev1.AddToScheme(scheme); err != nil {
		bad("checker", "", "%v", err)
		return
	}

	clusters := clustersFor(fl)
	var crObjs []client.Object
	var kubeObjs []runtime.Object
	for _, c := range clusters {
		s := &corev1.Secret{
			ObjectMeta: metav1.ObjectMeta{Name: "cluster-" + c.name, Namespace: ns,
				Labels: map[string]string{common.LabelKeySecretType: common.LabelValueSecretTypeCluster}},
			Data: map[string][]byte{"name": []byte(c.name), "server": []byte(c.server), "config": []byte("{}")},
		}
		for k, v := range c.labels {
			s.Labels[k] = v
		}
		crObjs = append(crObjs, s.DeepCopy())
		kubeObjs = append(kubeObjs, s)
	}
	// Argo CD's own settings: the generators read argocd-cm and argocd-secret.
	kubeObjs = append(kubeObjs,
		&corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: common.ArgoCDConfigMapName, Namespace: ns,
			Labels: map[string]string{"app.kubernetes.io/part-of": "argocd"}}},
		&corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: common.ArgoCDSecretName, Namespace: ns,
			Labels: map[string]string{"app.kubernetes.io/part-of": "argocd"}}})

	projects := map[string]bool{"default": true}
	emitted := map[string]*v1alpha1.AppProject{} // the stream's own AppProjects, whose permissions are checked
	crObjs = append(crObjs, &v1alpha1.AppProject{ObjectMeta: metav1.ObjectMeta{Name: "default", Namespace: ns},
		Spec: v1alpha1.AppProjectSpec{SourceRepos: []string{"*"},
			Destinations:             []v1alpha1.ApplicationDestination{{Server: "*", Namespace: "*"}},
			ClusterResourceWhitelist: []metav1.GroupKind{{Group: "*", Kind: "*"}}}})
	var dynObjs []runtime.Object
	for _, h := range hub {
		switch {
		case h.Kind == "AppProject" && h.Namespace == ns:
			var p v1alpha1.AppProject
			if err := json.Unmarshal(h.Raw, &p); err != nil {
				bad("decode", "", "AppProject %s: %v", h.Name, err)
				return
			}
			projects[p.Name] = true
			emitted[p.Name] = p.DeepCopy()
			crObjs = append(crObjs, &p)
		case h.Kind == "ConfigMap" && h.Namespace == ns:
			var cm corev1.ConfigMap
			if err := json.Unmarshal(h.Raw, &cm); err != nil {
				bad("decode", "", "ConfigMap %s: %v", h.Name, err)
				return
			}
			kubeObjs = append(kubeObjs, &cm)
		case h.Kind == "Placement" && h.Namespace == ns:
			// What the placement controller would write if it selected every cluster there is.
			var decisions []any
			for _, c := range clusters {
				decisions = append(decisions, map[string]any{"clusterName": c.name, "reason": ""})
			}
			pd := &unstructured.Unstructured{Object: map[string]any{
				"apiVersion": "cluster.open-cluster-management.io/v1beta1", "kind": "PlacementDecision",
				"metadata": map[string]any{"name": h.Name + "-decision-1", "namespace": ns,
					"labels": map[string]any{"cluster.open-cluster-management.io/placement": h.Name,
						"cluster.open-cluster-management.io/decision-group-index": "0"}},
				"status": map[string]any{"decisions": decisions},
			}}
			dynObjs = append(dynObjs, pd)
		}
	}
	// A project the fleet names (gitops.project) is the hub's own, not emitted: it exists.
	if fl.Project != "" && !projects[fl.Project] {
		projects[fl.Project] = true
		crObjs = append(crObjs, &v1alpha1.AppProject{ObjectMeta: metav1.ObjectMeta{Name: fl.Project, Namespace: ns}})
		notes = append(notes, fmt.Sprintf("AppProject %q: the fleet's gitops.project, taken to exist on the hub", fl.Project))
	}
	if p := appSet.Spec.Template.Spec.Project; !strings.Contains(p, "{{") && !projects[p] {
		notes = append(notes, fmt.Sprintf("AppProject %q is neither in the hub stream nor the fleet's gitops.project: Argo CD refuses every Application of it", p))
	}
	crObjs = append(crObjs, appSet.DeepCopy())

	rolling := appSet.Spec.Strategy != nil && appSet.Spec.Strategy.Type == "RollingSync"
	cr := crfake.NewClientBuilder().WithScheme(scheme).WithObjects(crObjs...).
		WithStatusSubresource(&v1alpha1.ApplicationSet{}).
		WithIndex(&v1alpha1.Application{}, ".metadata.controller", appControllerIndexer).Build()
	kube := kubefake.NewSimpleClientset(kubeObjs...)
	dynScheme := runtime.NewScheme()
	dyn := dynfake.NewSimpleDynamicClientWithCustomListKinds(dynScheme,
		map[schema.GroupVersionResource]string{placementDecisionGVR: "PlacementDecisionList"}, dynObjs...)

	r := controllers.ApplicationSetReconciler{
		Client:          cr,
		Scheme:          scheme,
		Renderer:        &utils.Render{},
		Recorder:        record.NewFakeRecorder(1000),
		Generators:      generators.GetGenerators(ctx, cr, kube, ns, nil, dyn, generators.SCMConfig{}),
		KubeClientset:   kube,
		Policy:          v1alpha1.ApplicationsSyncPolicySync,
		ArgoCDNamespace: ns,
		Metrics:         appsetmetrics.NewFakeAppsetMetrics(cr),
		// A RollingSync strategy runs only with the controller's
		// --enable-progressive-syncs, which the fleet's docs require.
		EnableProgressiveSyncs: rolling,
	}
	// With progressive syncs, the second pass numbers the Applications the
	// first one made by step.
	for pass := 0; pass < 1 || (rolling && pass < 2); pass++ {
		if _, err := r.Reconcile(ctx, ctrl.Request{NamespacedName: types.NamespacedName{Namespace: ns, Name: appSet.Name}}); err != nil {
			bad("reconcile", "", "%v", err)
		}
	}
	var got v1alpha1.ApplicationSet
	if err := cr.Get(ctx, client.ObjectKey{Namespace: ns, Name: appSet.Name}, &got); err == nil {
		for _, c := range got.Status.Conditions {
			if c.Type == v1alpha1.ApplicationSetConditionErrorOccurred && c.Status == v1alpha1.ApplicationSetConditionStatusTrue {
				bad("reconcile", "status.conditions", "%s: %s", c.Reason, c.Message)
			}
		}
	}
	var apps v1alpha1.ApplicationList
	if err := cr.List(ctx, &apps, client.InNamespace(ns)); err != nil {
		bad("checker", "", "listing Applications: %v", err)
		return
	}

	byServer := map[string][]v1alpha1.Application{}
	for _, a := range apps.Items {
		byServer[a.Spec.Destination.Server] = append(byServer[a.Spec.Destination.Server], a)
	}
	want := *appSet.Spec.Template.Spec.DeepCopy()
	if rolling && want.SyncPolicy != nil {
		// RollingSync clears the Applications' automated sync: the
		// ApplicationSet controller syncs them step by step itself
		// (applicationset_controller.go syncValidApplications).
		want.SyncPolicy.Automated = nil
	}
	if rolling {
		notes = append(notes, checkRollingSync(bad, got, apps.Items, clusters, fl.Rollout)...)
	}
	for _, c := range clusters {
		got := byServer[c.server]
		delete(byServer, c.server)
		switch {
		case !c.inFleet && len(got) > 0:
			bad("applications", "spec.generators", "cluster %q is not in the fleet but got Application %s", c.name, names(got))
			continue
		case !c.inFleet:
			continue
		case len(got) == 0:
			bad("applications", "spec.generators", "fleet cluster %q got no Application", c.name)
			continue
		case len(got) > 1:
			bad("applications", "spec.generators", "fleet cluster %q got %d Applications: %s", c.name, len(got), names(got))
		}
		for _, a := range got {
			checkApp(bad, a, c, want, fl, tree)
			proj, ok := emitted[a.Spec.Project]
			if !ok {
				notes = append(notes, fmt.Sprintf("%s: AppProject %q is the hub's own, not emitted: its permissions are not checked", a.Name, a.Spec.Project))
				continue
			}
			var objs []object
			if f, ok := streams[c.name]; ok {
				var err error
				if objs, err = readStream(f); err != nil {
					bad("input", "", "cluster %s: %v", c.name, err)
					continue
				}
			} else {
				notes = append(notes, fmt.Sprintf("%s: no -cluster stream for %s: only the Application is checked against AppProject %s", a.Name, c.name, proj.Name))
			}
			before := len(causes)
			checkProject(ctx, bad, a, proj, kube, ns, objs)
			if len(causes) == before {
				notes = append(notes, fmt.Sprintf("%s: AppProject %s permits it and its %d objects", a.Name, proj.Name, len(objs)))
			}
		}
		notes = append(notes, fmt.Sprintf("%s → %s path %s", c.name, got[0].Name, sourcePath(got[0])))
	}
	for server, got := range byServer {
		bad("applications", "spec.template.spec.destination", "Applications %s go to %q, which is no cluster's server", names(got), server)
	}
	return causes, notes
}

func checkApp(bad func(stage, field, format string, args ...any), a v1alpha1.Application, c fakeCluster,
	want v1alpha1.ApplicationSpec, fl fleet, tree string) {
	raw, _ := json.Marshal(a.Spec)
	if strings.Contains(string(raw), "{{") || strings.Contains(a.Name, "{{") {
		bad("templating", "spec.template", "Application %s still holds an unresolved {{...}}: %s", a.Name, raw)
	}
	if !reflect.DeepEqual(a.Spec.SyncPolicy, want.SyncPolicy) {
		bad("templating", "spec.template.spec.syncPolicy", "Application %s: syncPolicy %s, template %s", a.Name, js(a.Spec.SyncPolicy), js(want.SyncPolicy))
	}
	if !reflect.DeepEqual(a.Spec.IgnoreDifferences, want.IgnoreDifferences) {
		bad("templating", "spec.template.spec.ignoreDifferences", "Application %s: ignoreDifferences %s, template %s", a.Name, js(a.Spec.IgnoreDifferences), js(want.IgnoreDifferences))
	}
	src := a.Spec.Source
	if src == nil {
		bad("applications", "spec.template.spec.source", "Application %s has no single source", a.Name)
		return
	}
	// The source path, relative to the fleet's gitops.path, must be a folder of the rendered tree.
	rel := strings.TrimPrefix(path.Clean(src.Path), path.Clean(fl.GitopsPath))
	if path.Clean(src.Path) != path.Clean(fl.GitopsPath) && !strings.HasPrefix(path.Clean(src.Path), path.Clean(fl.GitopsPath)+"/") {
		bad("applications", "spec.template.spec.source.path", "Application %s: path %q is not under the fleet's gitops.path %q", a.Name, src.Path, fl.GitopsPath)
		return
	}
	dir := filepath.Join(tree, filepath.FromSlash(strings.TrimPrefix(rel, "/")))
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		bad("applications", "spec.template.spec.source.path", "Application %s: path %q is no folder of the rendered tree", a.Name, src.Path)
		return
	}
	clusterDir := ""
	if src.Plugin != nil {
		for _, e := range src.Plugin.Env {
			if e.Name == "CLUSTER" {
				clusterDir = filepath.Join(dir, "overlays", e.Value)
				if e.Value != c.name {
					bad("applications", "spec.template.spec.source.plugin.env", "Application %s for cluster %q sets CLUSTER=%q", a.Name, c.name, e.Value)
				}
			}
		}
		if clusterDir == "" {
			bad("applications", "spec.template.spec.source.plugin.env", "Application %s: the plugin gets no CLUSTER", a.Name)
			return
		}
	} else {
		clusterDir = dir
		if filepath.Base(dir) != c.name || filepath.Base(filepath.Dir(dir)) != "overlays" {
			bad("applications", "spec.template.spec.source.path", "Application %s for cluster %q points at %q, not at overlays/%s", a.Name, c.name, src.Path, c.name)
		}
	}
	if _, err := os.Stat(filepath.Join(clusterDir, "kustomization.yaml")); err != nil {
		bad("applications", "spec.template.spec.source", "Application %s: %s has no kustomization.yaml", a.Name, clusterDir)
	}
}

func sourcePath(a v1alpha1.Application) string {
	if a.Spec.Source == nil {
		return "(none)"
	}
	return a.Spec.Source.Path
}

func names(apps []v1alpha1.Application) string {
	var out []string
	for _, a := range apps {
		out = append(out, a.Name)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

func js(v any) string { b, _ := json.Marshal(v); return string(b) }

// appControllerIndexer is the field index the controller registers in SetupWithManager
// (applicationset/controllers/applicationset_controller.go appControllerIndexer, unexported there): the
// name of the ApplicationSet that controls an Application.
func appControllerIndexer(obj client.Object) []string {
	owner := metav1.GetControllerOf(obj)
	if owner == nil || owner.APIVersion != v1alpha1.SchemeGroupVersion.String() || owner.Kind != "ApplicationSet" {
		return nil
	}
	return []string{owner.Name}
}
