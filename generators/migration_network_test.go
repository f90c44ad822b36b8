package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

func TestMigrationTraffic(t *testing.T) {
	f := base()
	if objs := generators.MigrationTraffic(plan.Build(f)); len(objs) != 0 {
		t.Fatalf("off by default, got %d objects", len(objs))
	}
	f.Spec.Virtualization.AllowMigrationTraffic = true
	p := plan.Build(f)
	objs := generators.MigrationTraffic(p)
	pol := objs[0].(*objects.Policy)
	np := pol.Spec.PolicyTemplates[0].ObjectDefinition.(*objects.ConfigurationPolicy).Spec.ObjectTemplates[0].ObjectDefinition.(*objects.NetworkPolicy)
	handler := objects.LabelSelector{MatchLabels: map[string]string{"kubevirt.io": "virt-handler"}}
	if np.Namespace != "openshift-cnv" || !cmp.Equal(handler, np.Spec.PodSelector) {
		t.Errorf("NetworkPolicy %s selects %v", np.Namespace, np.Spec.PodSelector)
	}
	peer := []objects.NetworkPolicyPeer{{PodSelector: &handler}}
	tcp := []objects.NetworkPolicyPort{{Protocol: "TCP"}} // every port: the target proxy listens on one the kernel picks
	if diff := cmp.Diff([]objects.NetworkPolicyIngressRule{{From: peer, Ports: tcp}}, np.Spec.Ingress); diff != "" {
		t.Errorf("ingress (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]objects.NetworkPolicyEgressRule{{To: peer, Ports: tcp}}, np.Spec.Egress); diff != "" {
		t.Errorf("egress (-want +got):\n%s", diff)
	}
	if pol.Spec.Dependencies[0].Name != "cnv-operator" {
		t.Errorf("must wait for the operator namespace: %v", pol.Spec.Dependencies)
	}
	set := generators.PolicySet(p)[0].(*objects.PolicySet)
	if set.Spec.Policies[3] != generators.MigrationTrafficPolicy {
		t.Errorf("PolicySet: %v", set.Spec.Policies)
	}
}

// The migration network's NAD goes into the operator namespace on every cluster.
func TestMigrationNetworkNAD(t *testing.T) {
	f := base()
	f.Spec.Networks = append(f.Spec.Networks, v1alpha1.Network{Name: "migration", Type: "bridge", Bridge: "br10", VLAN: ptr(int32(20)),
		IPAM: &v1alpha1.IPAM{Type: "whereabouts", Range: "10.20.0.0/24"}, CNIVersion: "0.3.1"})
	f.Spec.Virtualization.HyperConverged.LiveMigration.Network = "migration"
	p := plan.Build(f)
	for _, c := range p.Clusters {
		var got []string
		for _, d := range c.NADs {
			if d.Network.Name == "migration" {
				got = d.Namespaces
			}
		}
		if diff := cmp.Diff([]string{"openshift-cnv"}, got); diff != "" {
			t.Errorf("%s: migration NAD namespaces (-want +got):\n%s", c.Spec.Name, diff)
		}
	}
}

// The HyperConverged waits for the migration NAD its virt-handlers attach.
func TestHyperConvergedWaitsForTheMigrationNAD(t *testing.T) {
	f := base()
	f.Spec.Networks = append(f.Spec.Networks, v1alpha1.Network{Name: "migration", Type: "bridge", Bridge: "br10", VLAN: ptr(int32(20)),
		IPAM: &v1alpha1.IPAM{Type: "whereabouts", Range: "10.20.0.0/24"}, CNIVersion: "0.3.1"})
	f.Spec.Virtualization.HyperConverged.LiveMigration.Network = "migration"
	hco := generators.HyperConvergedPolicy(plan.Build(f))[0].(*objects.Policy)
	var names []string
	for _, d := range hco.Spec.Dependencies {
		names = append(names, d.Name)
	}
	if diff := cmp.Diff([]string{"cnv-operator", "nad-migration"}, names); diff != "" {
		t.Errorf("dependencies (-want +got):\n%s", diff)
	}
}
