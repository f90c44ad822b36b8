package generators_test

import (
	"path/filepath"
	"strings"
	"testing"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// Argo CD's project checks, restated from argoproj/argo-cd
// pkg/apis/application/v1alpha1/app_project_types.go (IsSourcePermitted,
// isDestinationMatched, IsGroupKindNamePermitted, IsResourcePermitted) and
// types.go (isResourceInList): the argo-cd module pins its own Kubernetes
// libraries, so it is not imported here. Deny patterns ("!x") and glob
// separators are left out: the AppProject vmfleet emits holds literal names
// only, for which globMatch is equality (and "*" anything).
type argoCluster struct{ Name, Server string }

func globMatch(pattern, val string) bool {
	if pattern == "*" {
		return true
	}
	ok, err := filepath.Match(pattern, val)
	return ok && err == nil
}

func sourcePermitted(proj objects.AppProjectSpec, src objects.ApplicationSource) bool {
	for _, r := range proj.SourceRepos {
		if globMatch(strings.TrimSuffix(r, ".git"), strings.TrimSuffix(src.RepoURL, ".git")) {
			return true
		}
	}
	return false
}

func destinationPermitted(proj objects.AppProjectSpec, c argoCluster, ns string) bool {
	for _, d := range proj.Destinations {
		nameOK := c.Name != "" && d.Name != "" && globMatch(d.Name, c.Name)
		serverOK := c.Server != "" && d.Server != "" && globMatch(d.Server, c.Server)
		if (nameOK || serverOK) && globMatch(d.Namespace, ns) {
			return true
		}
	}
	return false
}

func kindPermitted(proj objects.AppProjectSpec, group, kind string, namespaced bool) bool {
	list := proj.ClusterResourceWhitelist
	if namespaced {
		if proj.NamespaceResourceWhitelist == nil {
			return true // absent: every namespaced kind
		}
		list = proj.NamespaceResourceWhitelist
	}
	for _, gk := range list {
		if globMatch(gk.Kind, kind) && globMatch(gk.Group, group) {
			return true
		}
	}
	return false
}

func resourcePermitted(proj objects.AppProjectSpec, c argoCluster, apiVersion, kind, ns string) bool {
	group := ""
	if g, _, ok := strings.Cut(apiVersion, "/"); ok {
		group = g
	}
	if !kindPermitted(proj, group, kind, ns != "") {
		return false
	}
	return ns == "" || destinationPermitted(proj, c, ns)
}

// application is the Application the ApplicationSet makes for one cluster.
func application(tpl objects.ApplicationSpec, c argoCluster) objects.ApplicationSpec {
	r := strings.NewReplacer("{{name}}", c.Name, "{{server}}", c.Server)
	tpl.Source.Path = r.Replace(tpl.Source.Path)
	tpl.Destination.Server = r.Replace(tpl.Destination.Server)
	return tpl
}

func dayTwoFleet() *v1alpha1.VMFleet {
	f := base()
	f.Spec.VMs = append(f.Spec.VMs, f.Spec.VMs[0], f.Spec.VMs[0])
	f.Spec.VMs[1].Name, f.Spec.VMs[1].Namespace, f.Spec.VMs[1].GuestMetrics = "db", "data", ptr(true)
	f.Spec.VMs[2].Name, f.Spec.VMs[2].Namespace, f.Spec.VMs[2].State = "old", "legacy", v1alpha1.StateAbsent
	f.Spec.VMs[1].Networks, f.Spec.VMs[2].Networks = nil, nil
	f.Default()
	return f
}

// Every Application the ApplicationSet makes is permitted by the fleet's
// AppProject, with every object it syncs; the whitelists hold exactly the
// kinds those objects have; and what the fleet does not hold is refused.
func TestAppProject(t *testing.T) {
	for _, delivery := range []v1alpha1.Delivery{v1alpha1.DeliveryOverlays, v1alpha1.DeliveryPlugin} {
		t.Run(string(delivery), func(t *testing.T) {
			f := dayTwoFleet()
			f.Spec.GitOps.Delivery = delivery
			p := plan.Build(f)
			objs := generators.AppProject(p)
			if len(objs) != 1 {
				t.Fatalf("want one AppProject, got %d objects", len(objs))
			}
			proj := objs[0].(*objects.AppProject)
			if ns, name := proj.Meta(); ns != "openshift-gitops" || name != "demo" {
				t.Errorf("AppProject %s/%s, want openshift-gitops/demo", ns, name)
			}
			as := appSet(t, p)
			if as.Spec.Template.Spec.Project != "demo" {
				t.Errorf("Applications use project %q, want demo", as.Spec.Template.Spec.Project)
			}
			used := map[string]bool{}
			for _, name := range p.SortedClusterNames() {
				c := argoCluster{Name: name, Server: "https://api." + name + ".example:6443"}
				app := application(as.Spec.Template.Spec, c)
				if !sourcePermitted(proj.Spec, app.Source) {
					t.Errorf("%s: source %s not permitted", name, app.Source.RepoURL)
				}
				if !destinationPermitted(proj.Spec, c, app.Destination.Namespace) {
					t.Errorf("%s: destination namespace %q not permitted", name, app.Destination.Namespace)
				}
				for _, o := range generators.ClusterObjects(p, p.Cluster(name)) {
					apiVersion, kind := o.GVK()
					ns, n := o.Meta()
					if !resourcePermitted(proj.Spec, c, apiVersion, kind, ns) {
						t.Errorf("%s: %s %s/%s not permitted", name, kind, ns, n)
					}
					used[apiVersion+" "+kind] = true
				}
				// Negative controls: a VM in a namespace the fleet does not use,
				// a kind the overlays never hold, a cluster outside the fleet,
				// another repository.
				if resourcePermitted(proj.Spec, c, "kubevirt.io/v1", "VirtualMachine", "kube-system") {
					t.Errorf("%s: a VM in kube-system is permitted", name)
				}
				if resourcePermitted(proj.Spec, c, "v1", "Secret", "apps") {
					t.Errorf("%s: a Secret is permitted", name)
				}
				if resourcePermitted(proj.Spec, c, "rbac.authorization.k8s.io/v1", "ClusterRole", "") {
					t.Errorf("%s: a ClusterRole is permitted", name)
				}
				if sourcePermitted(proj.Spec, objects.ApplicationSource{RepoURL: "https://git.example/other"}) {
					t.Errorf("another repository is permitted")
				}
			}
			if destinationPermitted(proj.Spec, argoCluster{Name: "north", Server: "https://api.north.example:6443"}, "apps") {
				t.Errorf("a cluster outside the fleet is permitted")
			}
			// Exactly the kinds the overlays hold: each whitelisted kind occurs.
			var listed []string
			for _, gk := range proj.Spec.ClusterResourceWhitelist {
				listed = append(listed, gk.Group+" "+gk.Kind)
			}
			for _, gk := range proj.Spec.NamespaceResourceWhitelist {
				listed = append(listed, gk.Group+" "+gk.Kind)
			}
			for _, gk := range listed {
				found := false
				for k := range used {
					av, kind, _ := strings.Cut(k, " ")
					g, _, _ := strings.Cut(av, "/")
					if !strings.Contains(av, "/") {
						g = ""
					}
					found = found || g+" "+kind == gk
				}
				if !found {
					t.Errorf("whitelist holds %q, which no Application syncs", gk)
				}
			}
			// Namespace, VirtualMachine, and with guest metrics Service,
			// ServiceMonitor and the namespace's metrics allowlist ConfigMap.
			if len(listed) != 5 {
				t.Errorf("whitelists %v, want Namespace, VirtualMachine, Service, ServiceMonitor, ConfigMap", listed)
			}
		})
	}
}

// A fleet that names an existing project gets no AppProject.
func TestAppProjectNamed(t *testing.T) {
	f := base()
	f.Spec.GitOps.Project = "platform"
	p := plan.Build(f)
	if objs := generators.AppProject(p); len(objs) != 0 {
		t.Errorf("got %d objects for a named project", len(objs))
	}
	if got := appSet(t, p).Spec.Template.Spec.Project; got != "platform" {
		t.Errorf("project %q, want platform", got)
	}
}

// The model's negative control: an empty namespace whitelist refuses every
// namespaced kind, an absent one allows all (as in Argo CD).
func TestArgoProjectModel(t *testing.T) {
	empty := objects.AppProjectSpec{NamespaceResourceWhitelist: []objects.GroupKind{}}
	if kindPermitted(empty, "kubevirt.io", "VirtualMachine", true) {
		t.Error("an empty namespace whitelist permits a VM")
	}
	if !kindPermitted(objects.AppProjectSpec{}, "kubevirt.io", "VirtualMachine", true) {
		t.Error("an absent namespace whitelist refuses a VM")
	}
	if kindPermitted(objects.AppProjectSpec{}, "", "Namespace", false) {
		t.Error("an empty cluster whitelist permits a Namespace")
	}
}
