package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/plan"
)

// The asymmetric HA pair: a bigger primary with its own cloud-init on
// east, a halted standby on its own nodes on west; the plan names the
// field behind each value.
func TestClusterOverrides(t *testing.T) {
	f := base()
	vm := &f.Spec.VMs[0]
	vm.CloudInit = &v1alpha1.CloudInit{SecretRef: "app-ci"}
	vm.NodeSelector = map[string]string{"tier": "db", "zone": "any"}
	vm.ClusterOverrides = map[string]v1alpha1.VMOverride{
		"east": {Instancetype: "u1.large", CloudInitSecretRef: "app-ci-east"},
		"west": {RunStrategy: "Halted", NodeSelector: map[string]string{"zone": "w1"}},
	}
	p := plan.Build(f)
	type got struct {
		Instancetype, InstancetypeFrom, RunStrategy, RunStrategyFrom, Secret, SecretFrom string
		NodeSelector                                                                     map[string]string
	}
	for _, tc := range []struct {
		cluster string
		want    got
	}{
		{"east", got{"u1.large", "spec.vms[0].clusterOverrides.east.instancetype", "Always", "spec.vms[0].runStrategy",
			"app-ci-east", "spec.vms[0].clusterOverrides.east.cloudInitSecretRef", map[string]string{"tier": "db", "zone": "any"}}},
		{"west", got{"u1.small", "spec.vms[0].instancetype", "Halted", "spec.vms[0].clusterOverrides.west.runStrategy",
			"app-ci", "spec.vms[0].cloudInit.secretRef", map[string]string{"tier": "db", "zone": "w1"}}},
	} {
		in := p.Cluster(tc.cluster).Instances[0]
		g := got{in.Instancetype.Value, string(in.Instancetype.From), in.RunStrategy.Value, string(in.RunStrategy.From),
			in.CloudInitSecret.Value, string(in.CloudInitSecret.From), in.NodeSelector}
		if diff := cmp.Diff(tc.want, g); diff != "" {
			t.Errorf("%s plan (-want +got):\n%s", tc.cluster, diff)
		}
		out := generators.VirtualMachine(p, in)
		spec := out.Spec.Template.Spec
		ci := spec.Volumes[len(spec.Volumes)-1].CloudInitNoCloud
		if out.Spec.Instancetype.Name != tc.want.Instancetype || string(*out.Spec.RunStrategy) != tc.want.RunStrategy ||
			ci == nil || ci.UserDataSecretRef.Name != tc.want.Secret || !cmp.Equal(spec.NodeSelector, tc.want.NodeSelector) {
			t.Errorf("%s VM: instancetype %v, runStrategy %v, cloud-init %+v, nodeSelector %v", tc.cluster,
				out.Spec.Instancetype, *out.Spec.RunStrategy, ci, spec.NodeSelector)
		}
	}
	refs := plan.References(p.VMs[0].Spec)
	if !cmp.Equal(refs.Secrets, []string{"app-ci", "app-ci-east"}) {
		t.Errorf("both cloud-init Secrets are delivered: %v", refs.Secrets)
	}
}
