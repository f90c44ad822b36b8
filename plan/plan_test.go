package plan_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/plan"
)

// instanceFleet: east (RWX, ceph), west (RWO, lvms, maps vlan10 to a NAD of its own),
// one VM with a data disk on vlan10.
func instanceFleet() *v1alpha1.VMFleet {
	f := &v1alpha1.VMFleet{
		APIVersion: v1alpha1.APIVersion, Kind: v1alpha1.Kind,
		Metadata: v1alpha1.ObjectMeta{Name: "demo"},
		Spec: v1alpha1.Spec{
			GitOps:   v1alpha1.GitOps{RepoURL: "https://git.example/fleet", Path: "fleets/demo"},
			Networks: []v1alpha1.Network{{Name: "vlan10", Namespace: "net", Bridge: "br10", VLAN: ptr(int32(10))}},
			Clusters: []v1alpha1.Cluster{
				{Name: "east", Storage: v1alpha1.Storage{StorageClass: "ceph", AccessMode: v1alpha1.ReadWriteMany},
					NodeSelector: map[string]string{"zone": "a", "tier": "vm"}},
				{Name: "west", Storage: v1alpha1.Storage{StorageClass: "lvms", AccessMode: v1alpha1.ReadWriteOnce},
					Networks: map[string]string{"vlan10": "vlan10-west"}},
			},
			VMs: []v1alpha1.VM{{Name: "app", Namespace: "apps", Instancetype: "u1.small",
				Disk:      v1alpha1.Disk{Size: "10Gi", Source: v1alpha1.DiskSource{Blank: &v1alpha1.Blank{}}},
				DataDisks: []v1alpha1.DataDisk{{Name: "data", Size: "1Gi"}},
				Networks:  []string{"vlan10"}}},
		},
	}
	f.Default()
	return f
}

// resolved is what an instance settles, without its links to VM and
// cluster; its networks are network_test.go's.
type resolved struct {
	Disks        []plan.Disk
	Eviction     plan.Setting
	NodeSelector map[string]string
	GuestMetrics bool
}

// of is what TestInstance compares; TestStorageProvenance checks the
// fields that chose the storage class and volume mode.
func of(in *plan.Instance) resolved {
	disks := append([]plan.Disk(nil), in.Disks...)
	for i := range disks {
		disks[i].StorageClassFrom, disks[i].VolumeModeFrom = "", ""
	}
	return resolved{disks, in.Eviction, in.NodeSelector, in.GuestMetrics}
}

func disk(name, volume, size, class string, access plan.Setting, path string) plan.Disk {
	d := plan.Disk{Name: name, Volume: volume, Size: size, StorageClass: class, AccessMode: access, Path: diag.Path(path),
		Source: v1alpha1.DiskSource{Blank: &v1alpha1.Blank{}}}
	return d
}

func TestInstance(t *testing.T) {
	rwx := plan.Setting{Value: string(v1alpha1.ReadWriteMany), From: "spec.clusters[0].accessMode"}
	rwo := plan.Setting{Value: string(v1alpha1.ReadWriteOnce), From: "spec.clusters[1].accessMode"}
	for _, tc := range []struct {
		name    string
		mutate  func(*v1alpha1.VMFleet)
		cluster string // "" for the base instance
		want    resolved
	}{
		{"RWX cluster: every disk RWX, so LiveMigrate", nil, "east", resolved{
			Disks: []plan.Disk{
				disk("rootdisk", "app-root", "10Gi", "ceph", rwx, "spec.vms[0].disk"),
				disk("data", "app-data", "1Gi", "ceph", rwx, "spec.vms[0].dataDisks[0]"),
			},
			Eviction:     plan.Setting{Value: string(v1alpha1.EvictionLiveMigrate)},
			NodeSelector: map[string]string{"zone": "a", "tier": "vm"},
		}},
		{"RWO cluster: no migration", nil, "west", resolved{
			Disks: []plan.Disk{
				disk("rootdisk", "app-root", "10Gi", "lvms", rwo, "spec.vms[0].disk"),
				disk("data", "app-data", "1Gi", "lvms", rwo, "spec.vms[0].dataDisks[0]"),
			},
			Eviction: plan.Setting{Value: string(v1alpha1.EvictionNone)},
		}},
		{"one RWO disk on a RWX cluster stops migration", func(f *v1alpha1.VMFleet) {
			f.Spec.VMs[0].DataDisks[0].Storage = v1alpha1.Storage{AccessMode: v1alpha1.ReadWriteOnce, StorageClass: "local"}
		}, "east", resolved{
			Disks: []plan.Disk{
				disk("rootdisk", "app-root", "10Gi", "ceph", rwx, "spec.vms[0].disk"),
				disk("data", "app-data", "1Gi", "local", plan.Setting{Value: string(v1alpha1.ReadWriteOnce), From: "spec.vms[0].dataDisks[0].accessMode"}, "spec.vms[0].dataDisks[0]"),
			},
			Eviction:     plan.Setting{Value: string(v1alpha1.EvictionNone)},
			NodeSelector: map[string]string{"zone": "a", "tier": "vm"},
		}},
		{"explicit eviction: VM over cluster over defaults; the VM's node selector wins", func(f *v1alpha1.VMFleet) {
			f.Spec.Defaults.EvictionStrategy = v1alpha1.EvictionNone
			f.Spec.Clusters[0].EvictionStrategy = v1alpha1.EvictionLiveMigrate
			f.Spec.VMs[0].EvictionStrategy = v1alpha1.EvictionNone
			f.Spec.VMs[0].NodeSelector = map[string]string{"zone": "b"}
			f.Spec.VMs[0].GuestMetrics = ptr(true)
		}, "east", resolved{
			Disks: []plan.Disk{
				disk("rootdisk", "app-root", "10Gi", "ceph", rwx, "spec.vms[0].disk"),
				disk("data", "app-data", "1Gi", "ceph", rwx, "spec.vms[0].dataDisks[0]"),
			},
			Eviction:     plan.Setting{Value: string(v1alpha1.EvictionNone), From: "spec.vms[0].evictionStrategy"},
			NodeSelector: map[string]string{"zone": "b", "tier": "vm"},
			GuestMetrics: true,
		}},
		{"cluster eviction over defaults", func(f *v1alpha1.VMFleet) {
			f.Spec.Defaults.EvictionStrategy = v1alpha1.EvictionLiveMigrate
			f.Spec.Clusters[1].EvictionStrategy = v1alpha1.EvictionNone
		}, "west", resolved{
			Disks: []plan.Disk{
				disk("rootdisk", "app-root", "10Gi", "lvms", rwo, "spec.vms[0].disk"),
				disk("data", "app-data", "1Gi", "lvms", rwo, "spec.vms[0].dataDisks[0]"),
			},
			Eviction: plan.Setting{Value: string(v1alpha1.EvictionNone), From: "spec.clusters[1].evictionStrategy"},
		}},
		{"base instance: fleet defaults only", func(f *v1alpha1.VMFleet) {
			f.Spec.Defaults.Storage = v1alpha1.Storage{StorageClass: "standard", AccessMode: v1alpha1.ReadWriteMany}
		}, "", resolved{
			Disks: []plan.Disk{
				disk("rootdisk", "app-root", "10Gi", "standard", plan.Setting{Value: string(v1alpha1.ReadWriteMany), From: "spec.defaults.accessMode"}, "spec.vms[0].disk"),
				disk("data", "app-data", "1Gi", "standard", plan.Setting{Value: string(v1alpha1.ReadWriteMany), From: "spec.defaults.accessMode"}, "spec.vms[0].dataDisks[0]"),
			},
			Eviction: plan.Setting{Value: string(v1alpha1.EvictionLiveMigrate)},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := instanceFleet()
			if tc.mutate != nil {
				tc.mutate(f)
			}
			p := plan.Build(f)
			var in *plan.Instance
			if tc.cluster == "" {
				in = p.Instance(p.VMs[0], nil)
			} else {
				c := p.Cluster(tc.cluster)
				if len(c.Instances) != 1 {
					t.Fatalf("%d instances on %s, want 1", len(c.Instances), tc.cluster)
				}
				in = c.Instances[0]
			}
			if diff := cmp.Diff(tc.want, of(in)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// Build places each VM on its clusters (every cluster when it names none),
// in fleet order; lookups and names follow.
func TestBuild(t *testing.T) {
	f := instanceFleet()
	f.Spec.Clusters = append(f.Spec.Clusters, v1alpha1.Cluster{Name: "central"})
	f.Spec.VMs = append(f.Spec.VMs,
		v1alpha1.VM{Name: "db", Namespace: "apps", Clusters: []string{"west", "central"}},
		v1alpha1.VM{Name: "cache", Namespace: "apps", Clusters: []string{"central"}})
	p := plan.Build(f)

	placed := map[string][]string{}
	for _, c := range p.Clusters {
		for _, in := range c.Instances {
			placed[c.Spec.Name] = append(placed[c.Spec.Name], in.VM.Spec.Name)
			if in.Cluster != c {
				t.Errorf("%s on %s points at cluster %v", in.VM.Spec.Name, c.Spec.Name, in.Cluster.Spec.Name)
			}
		}
	}
	if diff := cmp.Diff(map[string][]string{"east": {"app"}, "west": {"app", "db"}, "central": {"app", "db", "cache"}}, placed); diff != "" {
		t.Errorf("instances (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"east", "west", "central"}, p.ClusterNames()); diff != "" {
		t.Errorf("ClusterNames (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"central", "east", "west"}, p.SortedClusterNames()); diff != "" {
		t.Errorf("SortedClusterNames (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"east", "west", "central"}, p.VMs[0].Clusters); diff != "" {
		t.Errorf("a VM without clusters runs everywhere (-want +got):\n%s", diff)
	}
	if p.Cluster("nowhere") != nil || p.Cluster("west").Index != 1 {
		t.Errorf("Cluster lookups: %v, %v", p.Cluster("nowhere"), p.Cluster("west"))
	}
	if n := p.Network("vlan10"); n == nil || n.Bridge != "br10" || p.Network("vlan99") != nil {
		t.Errorf("Network lookups: %v", n)
	}
}
