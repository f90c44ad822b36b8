package main

import (
	"context"
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes"

	"github.com/argoproj/argo-cd/v2/pkg/apis/application/v1alpha1"
	"github.com/argoproj/argo-cd/v2/util/argo"
	"github.com/argoproj/argo-cd/v2/util/db"
	"github.com/argoproj/argo-cd/v2/util/settings"
)

// clusterScoped are the kinds a cluster stream may hold that have no namespace. Argo CD asks the API
// server's discovery (res.Namespaced); the streams hold nothing else cluster-scoped, and a kind not listed
// here is taken as namespaced, which the project checks more strictly (its namespace is then a destination).
var clusterScoped = map[string]bool{
	"Namespace": true, "ClusterRole": true, "ClusterRoleBinding": true, "CustomResourceDefinition": true,
	"StorageClass": true, "PersistentVolume": true, "NodeNetworkConfigurationPolicy": true, "NMState": true,
	"MutatingWebhookConfiguration": true, "ValidatingWebhookConfiguration": true, "PriorityClass": true,
	"VirtualMachineClusterInstancetype": true, "VirtualMachineClusterPreference": true,
}

// checkProject runs Argo CD v2.14.21's own permission checks of an AppProject on one generated
// Application and on every object its overlay holds:
//   - the application controller's spec validation, util/argo.ValidatePermissions (source repo permitted,
//     destination resolved against the cluster secrets by util/argo.ValidateDestination, which infers the
//     destination's name from its server, then permitted by AppProject.IsDestinationPermitted, cluster
//     configured); a failing condition makes the Application InvalidSpecError and it never syncs;
//   - the sync's permission validator (controller/sync.go, sync.WithPermissionValidator): every resource's
//     group/kind through AppProject.IsGroupKindPermitted (namespaceResourceWhitelist/Blacklist for
//     namespaced kinds, clusterResourceWhitelist/Blacklist for the others), and every namespaced
//     resource's namespace, with the Application's destination cluster, through IsDestinationPermitted.
//
// objs is the cluster's stream (`vmfleet build FLEET --cluster C`, what Argo CD renders from the overlay).
func checkProject(ctx context.Context, bad func(stage, field, format string, args ...any), a v1alpha1.Application,
	proj *v1alpha1.AppProject, kube kubernetes.Interface, ns string, objs []object) {
	argoDB := db.NewDB(ns, settings.NewSettingsManager(ctx, kube, ns), kube)
	spec := a.Spec.DeepCopy()
	conds, err := argo.ValidatePermissions(ctx, spec, proj, argoDB)
	if err != nil {
		bad("appproject", "spec.template.spec", "Application %s: validating against AppProject %s: %v", a.Name, proj.Name, err)
		return
	}
	for _, c := range conds {
		bad("appproject", "spec.template.spec", "Application %s (%s): %s", a.Name, c.Type, c.Message)
	}
	if len(conds) > 0 {
		return
	}
	projectClusters := func(project string) ([]*v1alpha1.Cluster, error) { return argoDB.GetProjectClusters(ctx, project) }
	for _, o := range objs {
		gv, err := schema.ParseGroupVersion(o.APIVersion)
		if err != nil {
			bad("appproject", "apiVersion", "%s %s/%s: %v", o.Kind, o.Namespace, o.Name, err)
			continue
		}
		gk := schema.GroupKind{Group: gv.Group, Kind: o.Kind}
		namespaced := !clusterScoped[o.Kind]
		id := fmt.Sprintf("%s %s", o.Kind, o.Name)
		if namespaced {
			id = fmt.Sprintf("%s %s/%s", o.Kind, o.Namespace, o.Name)
		}
		if !proj.IsGroupKindPermitted(gk, namespaced) {
			bad("appproject", "resources", "Application %s: %s: resource %s:%s is not permitted in project %s",
				a.Name, id, gk.Group, gk.Kind, proj.Name)
			continue
		}
		if !namespaced {
			continue
		}
		objNS := o.Namespace
		if objNS == "" {
			objNS = spec.Destination.Namespace // what Argo CD sets on a namespaced object without one
		}
		ok, err := proj.IsDestinationPermitted(v1alpha1.ApplicationDestination{Namespace: objNS,
			Server: spec.Destination.Server, Name: spec.Destination.Name}, projectClusters)
		switch {
		case err != nil:
			bad("appproject", "resources", "Application %s: %s: %v", a.Name, id, err)
		case !ok:
			bad("appproject", "resources", "Application %s: %s: namespace %v is not permitted in project '%s'",
				a.Name, id, objNS, proj.Name)
		}
	}
}

// clusterStreams parses -cluster NAME=FILE flags.
type clusterStreams map[string]string

func (c clusterStreams) String() string { return fmt.Sprint(map[string]string(c)) }

func (c clusterStreams) Set(v string) error {
	name, file, ok := strings.Cut(v, "=")
	if !ok || name == "" || file == "" {
		return fmt.Errorf("want NAME=FILE, got %q", v)
	}
	c[name] = file
	return nil
}
