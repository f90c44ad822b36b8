package render_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/render"
)

// The lab's VM (tenant-app) attaches a NAD of its own namespace, which a
// policy placed on spoke-dc-v6 delivers; the NNCP for br-payments reaches
// spoke-dc-v6 too. Both policies wait for NMState.
func TestLabNetworkReachesTheVM(t *testing.T) {
	data, err := os.ReadFile("../examples/lab/fleet.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, findings := render.Load("examples/lab/fleet.yaml", data)
	if findings.HasErrors() {
		t.Fatalf("lab: %v", findings)
	}
	objs, err := f.Cluster("spoke-dc-v6")
	if err != nil {
		t.Fatal(err)
	}
	var attached string
	for _, o := range objs {
		if vm, ok := o.(objects.VirtualMachine); ok {
			for _, n := range vm.Spec.Template.Spec.Networks {
				if n.Multus != nil {
					attached = vm.Namespace + "/" + n.Multus.NetworkName
					if strings.Contains(n.Multus.NetworkName, "/") {
						t.Errorf("the VM names a NAD of another namespace: %s", n.Multus.NetworkName)
					}
				}
			}
		}
	}
	if attached != "tenant-app/payments-vlan" {
		t.Fatalf("the VM attaches %q", attached)
	}

	policies := map[string]*objects.Policy{}
	var set *objects.PolicySet
	var setPlacement *objects.Placement
	for _, o := range f.Hub() {
		switch o := o.(type) {
		case *objects.Policy:
			policies[o.Name] = o
		case *objects.PolicySet:
			set = o
		case *objects.Placement:
			if o.Name == "cnv-baseline" {
				setPlacement = o
			}
		}
	}
	if set == nil || setPlacement == nil {
		t.Fatal("no PolicySet or its Placement")
	}
	if got := setPlacement.Spec.Predicates[0].RequiredClusterSelector.LabelSelector.MatchExpressions[0].Values; !slices.Equal(got, []string{"spoke-dc-v6"}) {
		t.Fatalf("the PolicySet reaches %v", got)
	}
	for name, want := range map[string]string{"nad-payments-vlan": "NetworkAttachmentDefinition tenant-app/payments-vlan",
		"nncp-br-payments": "NodeNetworkConfigurationPolicy /br-payments"} {
		if !slices.Contains(set.Spec.Policies, name) {
			t.Errorf("policy %s is not in the PolicySet placed on spoke-dc-v6: %v", name, set.Spec.Policies)
		}
		pol := policies[name]
		if pol == nil {
			t.Fatalf("no policy %s", name)
		}
		if len(pol.Spec.Dependencies) != 1 || pol.Spec.Dependencies[0].Name != "nmstate" {
			t.Errorf("%s must wait for NMState: %v", name, pol.Spec.Dependencies)
		}
		found := false
		for _, ot := range pol.Spec.PolicyTemplates[0].ObjectDefinition.(*objects.ConfigurationPolicy).Spec.ObjectTemplates {
			_, kind := ot.ObjectDefinition.GVK()
			ns, n := ot.ObjectDefinition.Meta()
			found = found || kind+" "+ns+"/"+n == want
		}
		if !found {
			t.Errorf("policy %s does not deliver %s", name, want)
		}
	}
}
