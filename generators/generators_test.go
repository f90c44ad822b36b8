package generators_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	kubevirtv1 "kubevirt.io/api/core/v1"
	cdiv1 "kubevirt.io/containerized-data-importer-api/pkg/apis/core/v1beta1"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/internal/objects"
	"vmfleet.dev/vmfleet/internal/plan"
)

func ptr[T any](v T) *T { return &v }

// base is a small fleet: two clusters (RWX and RWO), one network, one VM.
func base() *v1alpha1.VMFleet {
	f := &v1alpha1.VMFleet{
		APIVersion: v1alpha1.APIVersion, Kind: v1alpha1.Kind,
		Metadata: v1alpha1.ObjectMeta{Name: "demo"},
		Spec: v1alpha1.Spec{
			GitOps:   v1alpha1.GitOps{RepoURL: "https://git.example/fleet", Path: "fleets/demo"},
			Networks: []v1alpha1.Network{{Name: "vlan10", Namespace: "net", Bridge: "br10", Uplink: "ens4", VLAN: ptr(int32(10))}},
			Clusters: []v1alpha1.Cluster{
				{Name: "east", Storage: v1alpha1.Storage{StorageClass: "ceph", AccessMode: v1alpha1.ReadWriteMany}},
				{Name: "west", Storage: v1alpha1.Storage{StorageClass: "lvms", AccessMode: v1alpha1.ReadWriteOnce},
					Networks: map[string]string{"vlan10": "vlan10-west"}},
			},
			VMs: []v1alpha1.VM{{Name: "app", Namespace: "apps", Instancetype: "u1.small",
				Disk:     v1alpha1.Disk{Size: "10Gi", Source: v1alpha1.DiskSource{Blank: &v1alpha1.Blank{}}},
				Networks: []string{"vlan10"}}},
		},
	}
	f.Default()
	return f
}

func vmOn(t *testing.T, f *v1alpha1.VMFleet, cluster string) *kubevirtv1.VirtualMachine {
	t.Helper()
	p := plan.Build(f)
	c := p.Cluster(cluster)
	if c == nil || len(c.Instances) == 0 {
		t.Fatalf("no instance on %s", cluster)
	}
	return generators.VirtualMachine(p, c.Instances[0]).VirtualMachine
}

func TestVirtualMachinePerCluster(t *testing.T) {
	type want struct {
		eviction, access, class, nad string
	}
	for _, tc := range []struct {
		name    string
		mutate  func(*v1alpha1.VMFleet)
		cluster string
		want    want
	}{
		{"RWX cluster live-migrates", nil, "east", want{"LiveMigrate", "ReadWriteMany", "ceph", "vlan10"}},
		{"RWO cluster does not", nil, "west", want{"None", "ReadWriteOnce", "lvms", "vlan10-west"}},
		{"the disk's access mode beats the cluster's", func(f *v1alpha1.VMFleet) { f.Spec.VMs[0].Disk.AccessMode = v1alpha1.ReadWriteOnce },
			"east", want{"None", "ReadWriteOnce", "ceph", "vlan10"}},
		{"an explicit strategy beats the derived one", func(f *v1alpha1.VMFleet) { f.Spec.VMs[0].EvictionStrategy = "LiveMigrateIfPossible" },
			"west", want{"LiveMigrateIfPossible", "ReadWriteOnce", "lvms", "vlan10-west"}},
		{"a NAD in a global namespace is named with it", func(f *v1alpha1.VMFleet) { f.Spec.Networks[0].Namespace = "default" },
			"east", want{"LiveMigrate", "ReadWriteMany", "ceph", "default/vlan10"}},
		{"an existing NAD of the VM's namespace is named alone", func(f *v1alpha1.VMFleet) {
			f.Spec.Clusters[1].Networks = nil
			f.Spec.Clusters[1].ExistingNetworks = map[string]string{"vlan10": "apps/theirs"}
		}, "west", want{"None", "ReadWriteOnce", "lvms", "theirs"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			if tc.mutate != nil {
				tc.mutate(f)
			}
			vm := vmOn(t, f, tc.cluster)
			dv := vm.Spec.DataVolumeTemplates[0].Spec.Storage
			got := want{string(*vm.Spec.Template.Spec.EvictionStrategy), string(dv.AccessModes[0]), *dv.StorageClassName,
				vm.Spec.Template.Spec.Networks[1].Multus.NetworkName}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if vm.Spec.RunStrategy == nil || *vm.Spec.RunStrategy != kubevirtv1.RunStrategyAlways || vm.Spec.Running != nil {
				t.Errorf("want runStrategy Always and never running, got %v / %v", vm.Spec.RunStrategy, vm.Spec.Running)
			}
		})
	}
}

func TestDiskSources(t *testing.T) {
	ns := "apps"
	for _, tc := range []struct {
		name   string
		source v1alpha1.DiskSource
		want   cdiv1.DataVolumeSpec
	}{
		{"dataSource", v1alpha1.DiskSource{DataSource: &v1alpha1.ObjectRef{Name: "rhel9"}},
			cdiv1.DataVolumeSpec{SourceRef: &cdiv1.DataVolumeSourceRef{Kind: "DataSource", Name: "rhel9", Namespace: &ns}}},
		{"registry", v1alpha1.DiskSource{Registry: &v1alpha1.URLSource{URL: "docker://quay.io/x:1"}},
			cdiv1.DataVolumeSpec{Source: &cdiv1.DataVolumeSource{Registry: &cdiv1.DataVolumeSourceRegistry{URL: ptr("docker://quay.io/x:1")}}}},
		{"http", v1alpha1.DiskSource{HTTP: &v1alpha1.URLSource{URL: "https://m/x.qcow2", CertConfigMap: "ca"}},
			cdiv1.DataVolumeSpec{Source: &cdiv1.DataVolumeSource{HTTP: &cdiv1.DataVolumeSourceHTTP{URL: "https://m/x.qcow2", CertConfigMap: "ca"}}}},
		{"s3", v1alpha1.DiskSource{S3: &v1alpha1.URLSource{URL: "https://s3.example.com/b/x", SecretRef: "creds"}},
			cdiv1.DataVolumeSpec{Source: &cdiv1.DataVolumeSource{S3: &cdiv1.DataVolumeSourceS3{URL: "https://s3.example.com/b/x", SecretRef: "creds"}}}},
		{"pvc", v1alpha1.DiskSource{PVC: &v1alpha1.ObjectRef{Name: "golden", Namespace: "images"}},
			cdiv1.DataVolumeSpec{Source: &cdiv1.DataVolumeSource{PVC: &cdiv1.DataVolumeSourcePVC{Name: "golden", Namespace: "images"}}}},
		{"blank", v1alpha1.DiskSource{Blank: &v1alpha1.Blank{}},
			cdiv1.DataVolumeSpec{Source: &cdiv1.DataVolumeSource{Blank: &cdiv1.DataVolumeBlankImage{}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			f.Spec.VMs[0].Disk.Source = tc.source
			got := vmOn(t, f, "east").Spec.DataVolumeTemplates[0].Spec
			got.Storage = nil
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestPolicies(t *testing.T) {
	p := plan.Build(base())
	op := generators.OperatorPolicy(p)[0].(*objects.Policy)
	hco := generators.HyperConvergedPolicy(p)[0].(*objects.Policy)
	if diff := cmp.Diff([]objects.PolicyDependency{{APIVersion: objects.PolicyAPIVersion, Kind: "Policy",
		Name: op.Name, Namespace: "policies-virt", Compliance: "Compliant"}}, hco.Spec.Dependencies); diff != "" {
		t.Errorf("HyperConverged policy must wait for the operator policy (-want +got):\n%s", diff)
	}
	cr := hco.Spec.PolicyTemplates[0].ObjectDefinition.(*objects.ConfigurationPolicy).Spec.ObjectTemplates[0].ObjectDefinition.(*generators.HyperConverged)
	if cr.APIVersion != "hco.kubevirt.io/v1beta1" || cr.Name != "kubevirt-hyperconverged" || !*cr.Spec.EnableCommonBootImageImport {
		t.Errorf("HyperConverged: got %s %s %v", cr.APIVersion, cr.Name, cr.Spec.EnableCommonBootImageImport)
	}
	operator := op.Spec.PolicyTemplates[1]
	if diff := cmp.Diff("cnv-operator-namespace", operator.ExtraDependencies[0].Name); diff != "" {
		t.Errorf("OperatorPolicy must wait for its namespace: %s", diff)
	}

	// vlan10 goes to both clusters under two names: two NAD policies, each
	// with a placement of its own; NMState and the bridge (same uplink on
	// both) reach every cluster and join the PolicySet.
	set := generators.PolicySet(p)
	ps := set[0].(*objects.PolicySet)
	if diff := cmp.Diff([]string{"cnv-operator", "cnv-hyperconverged", "cnv-health", "nmstate-operator", "nmstate", "nncp-br10"}, ps.Spec.Policies); diff != "" {
		t.Errorf("PolicySet (-want +got):\n%s", diff)
	}
	var placed [][]string
	for _, o := range set[3:] {
		if pl, ok := o.(*objects.Placement); ok {
			placed = append(placed, pl.Spec.Predicates[0].RequiredClusterSelector.LabelSelector.MatchExpressions[0].Values)
		}
	}
	sort.Slice(placed, func(i, j int) bool { return placed[i][0] < placed[j][0] }) // names end in content hashes
	if diff := cmp.Diff([][]string{{"east"}, {"west"}}, placed); diff != "" {
		t.Errorf("network placements (-want +got):\n%s", diff)
	}
}

func TestApplicationSet(t *testing.T) {
	for _, tc := range []struct {
		name      string
		generator string
		delivery  string
		wantKinds []string
		wantPath  string
	}{
		// Both generators need the GitOpsCluster: Argo CD's cluster secrets
		// carry the ManagedCluster labels only when it registered them.
		{"clusters generator, overlays", "clusters", "overlays",
			[]string{"ManagedClusterSetBinding", "Placement", "GitOpsCluster", "ApplicationSet"}, "fleets/demo/overlays/{{name}}"},
		{"ACM placement", "placement", "overlays",
			[]string{"ConfigMap", "ManagedClusterSetBinding", "Placement", "GitOpsCluster", "ApplicationSet"}, "fleets/demo/overlays/{{name}}"},
		{"plugin delivery", "clusters", "plugin",
			[]string{"ManagedClusterSetBinding", "Placement", "GitOpsCluster", "ApplicationSet"}, "fleets/demo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			f.Spec.GitOps.Generator, f.Spec.GitOps.Delivery = v1alpha1.Generator(tc.generator), v1alpha1.Delivery(tc.delivery)
			objs := generators.ApplicationSet(plan.Build(f))
			var kinds []string
			for _, o := range objs {
				_, k := o.GVK()
				kinds = append(kinds, k)
			}
			if diff := cmp.Diff(tc.wantKinds, kinds); diff != "" {
				t.Errorf("kinds (-want +got):\n%s", diff)
			}
			as := objs[len(objs)-1].(*objects.ApplicationSet)
			if as.Spec.Template.Spec.Source.Path != tc.wantPath {
				t.Errorf("path %q, want %q", as.Spec.Template.Spec.Source.Path, tc.wantPath)
			}
			// Clusters outside the fleet are excluded, never sent to a missing overlay.
			sel := as.Spec.Generators[0].Selector.MatchExpressions[0]
			if diff := cmp.Diff(objects.LabelSelectorRequirement{Key: "name", Operator: "In", Values: []string{"east", "west"}}, sel); diff != "" {
				t.Errorf("post-selector (-want +got):\n%s", diff)
			}
		})
	}
}

func TestGuestMetrics(t *testing.T) {
	f := base()
	f.Spec.VMs[0].GuestMetrics = ptr(true)
	p := plan.Build(f)
	objs := generators.GuestMetrics(p, p.Cluster("east").Instances[0])
	svc := objs[0].(*objects.Service)
	sm := objs[1].(*objects.ServiceMonitor)
	if svc.Spec.Selector[generators.LabelVM] != "app" || svc.Spec.Ports[0].Port != 9100 {
		t.Errorf("service: %+v", svc.Spec)
	}
	if sm.Spec.Selector.MatchLabels[generators.LabelVMMetrics] != "app" || sm.Spec.Endpoints[0].Port != "metrics" {
		t.Errorf("servicemonitor: %+v", sm.Spec)
	}
	vm := generators.VirtualMachine(p, p.Cluster("east").Instances[0])
	if vm.Spec.Template.ObjectMeta.Labels[generators.LabelVM] != "app" {
		t.Errorf("the VM's pods must carry the label the Service selects")
	}
}

func cmpSortSlices() cmp.Option {
	return cmp.Transformer("sortOuter", func(in [][]string) [][]string {
		out := append([][]string(nil), in...)
		sort.Slice(out, func(i, j int) bool { return strings.Join(out[i], ",") < strings.Join(out[j], ",") })
		return out
	})
}
