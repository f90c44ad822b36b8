package generators

import (
	"fmt"
	"sort"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// DependencyReader is the ServiceAccount (policy namespace) whose rights
// the hub templates use when the Secrets live outside the policy namespace.
func DependencyReader(p *plan.Plan) string { return p.HubName("vmfleet-dependency-reader") }

// Dependencies delivers, for each VM, what it references and nothing
// commits to git: a Policy whose ConfigurationPolicy copies each Secret and
// ConfigMap from the fleet's hub namespace into the VM's namespace with hub
// templates, and grants the clone of a PVC in another namespace. Its own
// Placement sends it to the clusters that run the VM, and to no other.
//
// A clone from another namespace is authorised as the VM namespace's
// default ServiceAccount (kubevirt pkg/virt-controller/watch/vm/vm.go
// authorizeDataVolume), which needs create on datavolumes/source (or pods)
// in the source namespace (containerized-data-importer-api
// pkg/apis/core/v1beta1/authorize_utils.go getResourceAttributesPvc).
func Dependencies(p *plan.Plan) []objects.Object {
	var out []objects.Object
	d := p.Fleet.Spec.Dependencies
	z := p.Fleet.Spec.Virtualization
	crossNamespace := d.HubNamespace != z.PolicyNamespace
	anyCopy := false
	for _, vm := range p.VMs {
		spec := vm.Spec
		refs := plan.References(spec)
		clones := plan.CloneSources(spec)
		if len(refs.Secrets)+len(refs.ConfigMaps)+len(clones) == 0 {
			continue
		}
		name := p.DependencyPolicyName(spec)
		objs := []objects.Object{objects.NewNamespace(spec.Namespace)}
		addCopy := func(kind, fn, name string) {
			objs = append(objs, &objects.TemplatedData{
				TypeMeta:   objects.TypeMeta{APIVersion: "v1", Kind: kind},
				ObjectMeta: objects.ObjectMeta{Name: name, Namespace: spec.Namespace},
				Data:       hubTemplate(fn, d.HubNamespace, name),
			})
		}
		for _, s := range refs.Secrets {
			addCopy("Secret", "copySecretData", s)
		}
		for _, c := range refs.ConfigMaps {
			addCopy("ConfigMap", "copyConfigMapData", c)
		}
		anyCopy = anyCopy || len(refs.Secrets)+len(refs.ConfigMaps) > 0
		objs = append(objs, cloneGrants(spec, clones)...)
		pol := policy(p, name, "Delivers the Secrets, ConfigMaps and clone permissions of vm "+spec.Namespace+"/"+spec.Name+".", nil,
			objects.PolicyTemplate{ObjectDefinition: configurationPolicy(p, name, objs...)})
		if crossNamespace && len(refs.Secrets)+len(refs.ConfigMaps) > 0 {
			pol.Spec.HubTemplateOptions = &objects.HubTemplateOptions{ServiceAccountName: DependencyReader(p)}
		}
		clusters := append([]string(nil), vm.Clusters...)
		sort.Strings(clusters)
		out = append(out, pol, placement(p, z.PolicyNamespace, name, clusters),
			placementBinding(p, name, objects.Ref{APIGroup: objects.PolicyGroup, Kind: "Policy", Name: name}))
	}
	if crossNamespace && anyCopy {
		out = append(out, dependencyReader(p)...)
	}
	return out
}

// hubTemplate copies a whole Secret or ConfigMap: every key, whatever the
// consumer reads (userdata, networkdata, accessKeyId/secretKey, a CA file).
func hubTemplate(fn, namespace, name string) string {
	return fmt.Sprintf("{{hub %s %q %q hub}}", fn, namespace, name)
}

// cloneGrants lets the VM namespace's default ServiceAccount clone from
// each source namespace: the PVCs by name, or any (a DataSource).
func cloneGrants(vm *v1alpha1.VM, clones map[string][]string) []objects.Object {
	var out []objects.Object
	for _, ns := range sortedKeys(clones) {
		rule := objects.PolicyRule{APIGroups: []string{"cdi.kubevirt.io"}, Resources: []string{"datavolumes/source"}, Verbs: []string{"create"}}
		names := map[string]bool{}
		for _, n := range clones[ns] {
			names[n] = true
		}
		if !names[""] {
			rule.ResourceNames = sortedSet(names)
		}
		name := plan.CloneRoleName(vm)
		role := objects.NewRole(ns, name, rule)
		out = append(out, role, objects.NewRoleBinding(ns, name, name, vm.Namespace, "default"))
	}
	return out
}

// dependencyReader is the hub RBAC that lets the hub templates read the
// hub namespace: a ServiceAccount in the policy namespace, allowed to get,
// list and watch Secrets and ConfigMaps there (the propagator watches what
// a template looks up; api/v1/policy_types.go HubTemplateOptions).
func dependencyReader(p *plan.Plan) []objects.Object {
	z := p.Fleet.Spec.Virtualization
	hubNS := p.Fleet.Spec.Dependencies.HubNamespace
	name := DependencyReader(p)
	sa := objects.NewServiceAccount(z.PolicyNamespace, name)
	role := objects.NewRole(hubNS, name, objects.PolicyRule{APIGroups: []string{""},
		Resources: []string{"configmaps", "secrets"}, Verbs: []string{"get", "list", "watch"}})
	rb := objects.NewRoleBinding(hubNS, name, name, z.PolicyNamespace, name)
	for _, o := range []*objects.ObjectMeta{&sa.ObjectMeta, &role.ObjectMeta, &rb.ObjectMeta} {
		o.Labels = commonLabels(p)
	}
	return []objects.Object{sa, role, rb}
}

func sortedSet(m map[string]bool) []string {
	var out []string
	for k := range m {
		if k != "" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
