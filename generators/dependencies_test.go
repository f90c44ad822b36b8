package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// kinds lists the kind/namespace/name of each object, in order.
func kinds(objs []objects.Object) []string {
	var out []string
	for _, o := range objs {
		_, k := o.GVK()
		ns, n := o.Meta()
		out = append(out, k+"/"+ns+"/"+n)
	}
	return out
}

func objectTemplates(t *testing.T, pol objects.Object) []objects.Object {
	t.Helper()
	cp := pol.(*objects.Policy).Spec.PolicyTemplates[0].ObjectDefinition.(*objects.ConfigurationPolicy)
	var out []objects.Object
	for _, ot := range cp.Spec.ObjectTemplates {
		out = append(out, ot.ObjectDefinition)
	}
	return out
}

func TestDependencies(t *testing.T) {
	f := base()
	vm := &f.Spec.VMs[0]
	vm.Clusters = []string{"west"}
	vm.CloudInit = &v1alpha1.CloudInit{SecretRef: "app-userdata", NetworkDataSecretRef: "app-netdata"}
	vm.Disk.Source = v1alpha1.DiskSource{PVC: &v1alpha1.ObjectRef{Name: "golden", Namespace: "images"}}
	vm.DataDisks = []v1alpha1.DataDisk{{Name: "data", Size: "1Gi",
		Source: &v1alpha1.DiskSource{HTTP: &v1alpha1.URLSource{URL: "https://m/x.qcow2", SecretRef: "mirror", CertConfigMap: "mirror-ca"}}}}
	objs := generators.Dependencies(plan.Build(f))
	if diff := cmp.Diff([]string{"Policy/policies-virt/deps-app", "Placement/policies-virt/deps-app", "PlacementBinding/policies-virt/deps-app"}, kinds(objs)); diff != "" {
		t.Fatalf("objects (-want +got):\n%s", diff)
	}
	inner := objectTemplates(t, objs[0])
	want := []string{"Namespace//apps", "Secret/apps/app-netdata", "Secret/apps/app-userdata", "Secret/apps/mirror",
		"ConfigMap/apps/mirror-ca", "Role/images/vmfleet-clone-apps-app", "RoleBinding/images/vmfleet-clone-apps-app"}
	if diff := cmp.Diff(want, kinds(inner)); diff != "" {
		t.Errorf("object templates (-want +got):\n%s", diff)
	}
	if got := inner[1].(*objects.TemplatedData).Data; got != `{{hub copySecretData "policies-virt" "app-netdata" hub}}` {
		t.Errorf("secret data: %s", got)
	}
	if got := inner[4].(*objects.TemplatedData).Data; got != `{{hub copyConfigMapData "policies-virt" "mirror-ca" hub}}` {
		t.Errorf("configmap data: %s", got)
	}
	role := inner[5].(*objects.Role)
	if diff := cmp.Diff([]objects.PolicyRule{{APIGroups: []string{"cdi.kubevirt.io"}, Resources: []string{"datavolumes/source"},
		ResourceNames: []string{"golden"}, Verbs: []string{"create"}}}, role.Rules); diff != "" {
		t.Errorf("clone role (-want +got):\n%s", diff)
	}
	rb := inner[6].(*objects.RoleBinding)
	if diff := cmp.Diff([]objects.Subject{{Kind: "ServiceAccount", Name: "default", Namespace: "apps"}}, rb.Subjects); diff != "" {
		t.Errorf("the clone runs as the VM namespace's default ServiceAccount (-want +got):\n%s", diff)
	}
	// Only the clusters running the VM get its Secrets.
	pl := objs[1].(*objects.Placement)
	if diff := cmp.Diff([]string{"west"}, pl.Spec.Predicates[0].RequiredClusterSelector.LabelSelector.MatchExpressions[0].Values); diff != "" {
		t.Errorf("placement (-want +got):\n%s", diff)
	}
	if objs[0].(*objects.Policy).Spec.HubTemplateOptions != nil {
		t.Errorf("Secrets in the policy namespace need no service account")
	}
}

func TestDependenciesFromAnotherHubNamespace(t *testing.T) {
	f := base()
	f.Spec.Dependencies.HubNamespace = "vm-secrets"
	f.Spec.VMs[0].CloudInit = &v1alpha1.CloudInit{SecretRef: "app-userdata"}
	objs := generators.Dependencies(plan.Build(f))
	want := []string{"Policy/policies-virt/deps-app", "Placement/policies-virt/deps-app", "PlacementBinding/policies-virt/deps-app",
		"ServiceAccount/policies-virt/vmfleet-dependency-reader", "Role/vm-secrets/vmfleet-dependency-reader", "RoleBinding/vm-secrets/vmfleet-dependency-reader"}
	if diff := cmp.Diff(want, kinds(objs)); diff != "" {
		t.Fatalf("objects (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(&objects.HubTemplateOptions{ServiceAccountName: "vmfleet-dependency-reader"}, objs[0].(*objects.Policy).Spec.HubTemplateOptions); diff != "" {
		t.Errorf("hub templates outside the policy namespace read as the ServiceAccount (-want +got):\n%s", diff)
	}
	if got := objectTemplates(t, objs[0])[1].(*objects.TemplatedData).Data; got != `{{hub copySecretData "vm-secrets" "app-userdata" hub}}` {
		t.Errorf("secret data: %s", got)
	}
}

func TestDependenciesNone(t *testing.T) {
	f := base()
	f.Spec.VMs[0].Disk.Source = v1alpha1.DiskSource{DataSource: &v1alpha1.ObjectRef{Name: "rhel9", Namespace: plan.GoldenImageNamespace}}
	if objs := generators.Dependencies(plan.Build(f)); len(objs) != 0 {
		t.Errorf("a VM that references nothing and clones from the golden images needs nothing: %v", kinds(objs))
	}
	f.Spec.VMs[0].Disk.Source = v1alpha1.DiskSource{PVC: &v1alpha1.ObjectRef{Name: "rhel9-golden", Namespace: plan.GoldenImageNamespace}}
	if objs := generators.Dependencies(plan.Build(f)); len(objs) != 0 {
		t.Errorf("the golden image namespace lets everyone clone: %v", kinds(objs))
	}
}

func TestDependencyPolicyNameFits(t *testing.T) {
	f := base()
	f.Spec.VMs[0].Name = "payments-database-primary-instance-eu-west-0001" // 47 characters
	p := plan.Build(f)
	name := p.DependencyPolicyName(p.VMs[0].Spec)
	if n := len("policies-virt") + 1 + len(name); n > 63 {
		t.Errorf("%s: replicated name is %d characters", name, n)
	}
	if name != p.DependencyPolicyName(p.VMs[0].Spec) || name[:5] != "deps-" {
		t.Errorf("name %q must be stable and keep its start", name)
	}
}
