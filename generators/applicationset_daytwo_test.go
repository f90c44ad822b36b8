package generators_test

import (
	"slices"
	"strings"
	"testing"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// sent models what an Argo CD sync applies for one resource: with no live
// object the target as it is; otherwise, with RespectIgnoreDifferences, the
// target with every ignored field's live value copied in
// (argoproj/argo-cd controller/sync.go normalizeTargetResources). Only
// pointers to scalar fields, which is what runStrategy is.
func sent(t *testing.T, target, live map[string]any, ignores []objects.ResourceIgnoreDiffs, respect bool) map[string]any {
	t.Helper()
	if live == nil || !respect {
		return target
	}
	out := deepCopy(target)
	md := target["metadata"].(map[string]any)
	for _, ig := range ignores {
		if ig.Kind != target["kind"] || ig.Name != "" && ig.Name != md["name"] || ig.Namespace != "" && ig.Namespace != md["namespace"] {
			continue
		}
		for _, ptr := range ig.JSONPointers {
			if v, ok := get(live, ptr); ok {
				set(out, ptr, v)
			}
		}
	}
	return out
}

func get(m map[string]any, ptr string) (any, bool) {
	var cur any = m
	for _, k := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = obj[k]; !ok {
			return nil, false
		}
	}
	return cur, true
}

func set(m map[string]any, ptr string, v any) {
	keys := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	cur := m
	for _, k := range keys[:len(keys)-1] {
		cur = cur[k].(map[string]any)
	}
	cur[keys[len(keys)-1]] = v
}

func deepCopy(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			v = deepCopy(sub)
		}
		out[k] = v
	}
	return out
}

func twoVMs(owners ...string) *v1alpha1.VMFleet {
	f := base()
	f.Spec.VMs = append(f.Spec.VMs, f.Spec.VMs[0])
	f.Spec.VMs[1].Name = "db"
	for i, o := range owners {
		f.Spec.VMs[i].PowerOwner = v1alpha1.PowerOwner(o)
	}
	f.Default()
	return f
}

func appSet(t *testing.T, p *plan.Plan) *objects.ApplicationSet {
	t.Helper()
	for _, o := range generators.ApplicationSet(p) {
		if as, ok := o.(*objects.ApplicationSet); ok {
			return as
		}
	}
	t.Fatal("no ApplicationSet")
	return nil
}

// Power state: a VM whose power the operators own is created with the
// fleet's runStrategy, and a later sync (any commit, or self-heal) sends back
// what virtctl set; a VM whose power git owns gets the fleet's value back.
func TestPowerOwner(t *testing.T) {
	for _, tc := range []struct {
		name   string
		owners []string
		// what a sync after `virtctl stop` (live runStrategy Halted) sends, per VM
		wantApp, wantDB string
		// ignore entries holding /spec/runStrategy: "" for the kind, else a VM name
		wantEntries []string
	}{
		{"operators own both (the default)", nil, "Halted", "Halted", []string{""}},
		{"git owns both", []string{"git", "git"}, "Always", "Always", nil},
		{"one each: an entry for the operators' VM only", []string{"git", "operators"}, "Always", "Halted", []string{"db"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := plan.Build(twoVMs(tc.owners...))
			spec := appSet(t, p).Spec.Template.Spec
			respect := slices.Contains(spec.SyncPolicy.SyncOptions, "RespectIgnoreDifferences=true")
			if !respect || !slices.Contains(spec.SyncPolicy.SyncOptions, "ServerSideApply=true") {
				t.Fatalf("sync options %v lack RespectIgnoreDifferences=true or ServerSideApply=true", spec.SyncPolicy.SyncOptions)
			}
			var entries []string
			for _, ig := range spec.IgnoreDifferences {
				if slices.Contains(ig.JSONPointers, "/spec/runStrategy") {
					entries = append(entries, ig.Name)
				}
			}
			if !slices.Equal(entries, tc.wantEntries) {
				t.Errorf("runStrategy ignore entries %q, want %q", entries, tc.wantEntries)
			}
			for i, want := range []string{tc.wantApp, tc.wantDB} {
				in := p.Cluster("east").Instances[i]
				target, err := emit.ToMap(generators.VirtualMachine(p, in))
				if err != nil {
					t.Fatal(err)
				}
				// Create: no live object, the fleet's runStrategy goes out.
				if got, _ := get(sent(t, target, nil, spec.IgnoreDifferences, respect), "/spec/runStrategy"); got != "Always" {
					t.Errorf("%s: create sends runStrategy %v, want Always", in.VM.Spec.Name, got)
				}
				live := deepCopy(target)
				set(live, "/spec/runStrategy", "Halted") // virtctl stop (kubevirt pkg/virt-api/rest/lifecycle.go)
				if got, _ := get(sent(t, target, live, spec.IgnoreDifferences, respect), "/spec/runStrategy"); got != want {
					t.Errorf("%s: a sync after virtctl stop sends runStrategy %v, want %s", in.VM.Spec.Name, got, want)
				}
			}
		})
	}
	// Negative control of the model: without RespectIgnoreDifferences a sync
	// re-sends git's value even for an ignored field.
	p := plan.Build(twoVMs())
	spec := appSet(t, p).Spec.Template.Spec
	target, _ := emit.ToMap(generators.VirtualMachine(p, p.Cluster("east").Instances[0]))
	live := deepCopy(target)
	set(live, "/spec/runStrategy", "Halted")
	if got, _ := get(sent(t, target, live, spec.IgnoreDifferences, false), "/spec/runStrategy"); got != "Always" {
		t.Errorf("without RespectIgnoreDifferences the model sends %v, want Always", got)
	}
}

// Decommission: a retired VM is halted by git and prunable; an absent VM
// leaves the cluster's objects but its namespace stays; the prune keeps or
// deletes its disks as the fleet says.
func TestDecommission(t *testing.T) {
	f := twoVMs()
	f.Spec.VMs[0].State = v1alpha1.StateRetired
	f.Spec.VMs[1].ClusterStates = map[string]v1alpha1.VMState{"west": v1alpha1.StateAbsent}
	p := plan.Build(f)

	vm := generators.VirtualMachine(p, p.Cluster("east").Instances[0]).VirtualMachine
	if got := string(*vm.Spec.RunStrategy); got != "Halted" {
		t.Errorf("retired VM runStrategy %s, want Halted", got)
	}
	if got := vm.Annotations[generators.ArgoSyncOptions]; got != "Delete=false" {
		t.Errorf("retired VM sync options %q, want Delete=false (no Prune=false)", got)
	}
	if got := vm.Labels[generators.LabelState]; got != "retired" {
		t.Errorf("retired VM state label %q", got)
	}
	present := generators.VirtualMachine(p, p.Cluster("east").Instances[1]).VirtualMachine
	if got := present.Annotations[generators.ArgoSyncOptions]; got != generators.KeepOnPruneOrDelete {
		t.Errorf("present VM sync options %q, want %q", got, generators.KeepOnPruneOrDelete)
	}
	// A retired VM's power is git's, even though the operators own the others.
	for _, ig := range appSet(t, p).Spec.Template.Spec.IgnoreDifferences {
		if slices.Contains(ig.JSONPointers, "/spec/runStrategy") && ig.Name != "db" {
			t.Errorf("runStrategy ignored for %q; only db's power is the operators'", ig.Name)
		}
	}

	var west []string
	for _, o := range generators.ClusterObjects(p, p.Cluster("west")) {
		_, k := o.GVK()
		_, n := o.Meta()
		west = append(west, k+"/"+n)
	}
	if want := []string{"Namespace/apps", "VirtualMachine/app"}; !slices.Equal(west, want) {
		t.Errorf("west objects %v, want %v (db absent there, its namespace kept)", west, want)
	}

	opts := func(p *plan.Plan) []string { return appSet(t, p).Spec.Template.Spec.SyncPolicy.SyncOptions }
	if !slices.Contains(opts(p), "PrunePropagationPolicy=orphan") {
		t.Errorf("an absent VM keeping its disks needs PrunePropagationPolicy=orphan: %v", opts(p))
	}
	f.Spec.VMs[1].Disks = v1alpha1.DisksDelete
	if o := opts(plan.Build(f)); slices.ContainsFunc(o, func(s string) bool { return strings.HasPrefix(s, "PrunePropagationPolicy") }) {
		t.Errorf("deleting disks is Argo CD's default foreground prune, got %v", o)
	}
	f.Spec.VMs[1].ClusterStates = nil
	if o := opts(plan.Build(f)); slices.ContainsFunc(o, func(s string) bool { return strings.HasPrefix(s, "PrunePropagationPolicy") }) {
		t.Errorf("no absent VM, no propagation policy: %v", o)
	}
}
