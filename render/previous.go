package render

import (
	"path"
	"reflect"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/plan"
)

// Previous compares the fleet with the tree an earlier render wrote (file
// contents by slash path relative to the tree, as Tree lays it out), which
// is the one place vmfleet sees what Argo CD has synced before:
//
//   - A VM that leaves a cluster (absent, or gone from the fleet) must have
//     been retired there first. A live VM carries Prune=false until a sync
//     of its retired form removes it, and Argo CD decides from the live
//     object whether to prune (argoproj/argo-cd
//     gitops-engine/pkg/sync/sync_context.go pruneObject): without that step
//     the VM keeps running and its Application stays OutOfSync for good.
//   - On KubeVirt up to 1.4 a changed instancetype or preference cannot sync
//     (plan.KubeVirt.RevisionInSpec).
//
// Unreadable files are skipped: they are not a tree vmfleet wrote.
func (f *Fleet) Previous(files map[string][]byte) diag.List {
	p := f.Plan
	var out diag.List
	prevBase := map[string]prevVM{}
	for name, data := range files {
		dir, file := path.Split(name)
		if !strings.HasPrefix(dir, BaseDir+"/") || !strings.HasPrefix(file, "virtualmachine_") {
			continue
		}
		var vm prevVM
		if yaml.Unmarshal(data, &vm) == nil && vm.Metadata.Name != "" {
			prevBase[vm.Metadata.Name] = vm
		}
	}
	vms := map[string]*plan.VM{}
	for _, vm := range p.VMs {
		vms[vm.Spec.Name] = vm
	}

	var overlays []string
	for name := range files {
		if dir, file := path.Split(name); file == KustomizationFile && strings.HasPrefix(dir, OverlaysDir+"/") && strings.Count(dir, "/") == 2 {
			overlays = append(overlays, name)
		}
	}
	sort.Strings(overlays)
	for _, name := range overlays {
		cluster := strings.Split(name, "/")[1]
		var k prevKustomization
		if yaml.Unmarshal(files[name], &k) != nil {
			continue
		}
		c := p.Cluster(cluster)
		if c == nil {
			// The ApplicationSet deletes the cluster's Application and, since
			// it preserves resources on deletion, leaves its objects running.
			if vms := baseRefs(k.Resources); len(vms) > 0 {
				out = append(out, diag.Newf(diag.Warning, "spec.clusters", "cluster-left",
					"cluster %q leaves the fleet: its Application is deleted and its VMs (%s) keep running there, no longer managed by Argo CD (the ApplicationSet preserves resources on deletion); to remove them, retire them and set them absent there before the cluster leaves",
					cluster, strings.Join(vms, ", ")))
			}
			continue
		}
		now := map[string]bool{}
		for _, in := range c.Instances {
			now[in.VM.Spec.Name] = true
		}
		for _, vmName := range baseRefs(k.Resources) {
			if now[vmName] {
				continue
			}
			if k.state(vmName, prevBase[vmName].Metadata.Labels[generators.LabelState]) == string(v1alpha1.StateRetired) {
				continue
			}
			if i, ok := replicaOf(p, vmName); ok && vms[vmName] == nil || ok && !contains(vms[vmName].Clusters, cluster) {
				out = append(out, diag.Newf(diag.Error, diag.Path("spec.vms").Index(i).Child("replicas"), diag.RuleDecommissionUnretired,
					"replica %q of vm %q leaves cluster %q without being retired there first: its live VirtualMachine carries Prune=false, so Argo CD skips pruning it, the VM keeps running and the Application stays OutOfSync for good; scale down in two steps: raise retiredReplicas (git halts the highest replicas and lifts Prune=false), let Argo CD sync, then lower replicas and retiredReplicas together",
					vmName, p.Fleet.Spec.VMs[i].Name, cluster))
				continue
			}
			out = append(out, diag.Newf(diag.Error, leavePath(p, vms[vmName], cluster), diag.RuleDecommissionUnretired,
				"vm %q leaves cluster %q without being retired there first: its live VirtualMachine carries Prune=false, so Argo CD skips pruning it (\"ignored (no prune)\"), the VM keeps running and the Application stays OutOfSync for good; set its state to retired (git halts it and lifts Prune=false), let Argo CD sync, then set it absent",
				vmName, cluster))
		}
	}

	out = append(out, goldenImageChanges(p, files)...)

	if k := p.KubeVirt; k.RevisionInSpec() {
		for _, vm := range p.VMs {
			old, ok := prevBase[vm.Spec.Name]
			if !ok || !vm.Present() {
				continue
			}
			for _, m := range []struct{ field, was, now string }{
				{"instancetype", old.Spec.Instancetype.Name, vm.Spec.Instancetype},
				{"preference", old.Spec.Preference.Name, vm.Spec.Preference},
			} {
				if m.was == "" || m.was == m.now {
					continue
				}
				out = append(out, diag.Newf(diag.Error, diag.Path("spec.vms").Index(vm.Index).Child(m.field), diag.RuleResizeKubeVirtVersion,
					"the %s of vm %q changes from %q to %q, which cannot sync on KubeVirt %s (from %s): the VM admission rejects a new %s name with the old spec.%s.revisionName, and Argo CD re-sends the live one; upgrade the clusters to KubeVirt 1.5 or later first",
					m.field, vm.Spec.Name, m.was, m.now, k, k.From, m.field, m.field))
			}
		}
	}
	f.src.Locate(out)
	// The names echoed come from files on disk: clipped and capped as the
	// fleet's findings are.
	return out.Capped(diag.MaxFindings)
}

// GoldenImagesPolicyFiles matches the golden-images policies' files in a
// hub namespace folder: the files of the old tree goldenImageChanges reads.
const GoldenImagesPolicyFiles = "policy_" + generators.GoldenImagesPolicy + "*.yaml"

// goldenImageChanges warns of golden images the previous tree imports (a
// template of a golden-images policy) that leave the fleet or change. The
// policy is musthave, and the config-policy-controller merges a list item
// into the live list only where the item is already there as it is
// (controllers/configurationpolicy_controller.go mergeArrays matches items
// by a top-level name, which a template does not have, or by content), so
// the policy never takes an entry out of the HyperConverged CR:
//   - an image that leaves stays in the CR, and HCO keeps importing it;
//   - a changed image (registry, schedule, size, class) is added beside the
//     old entry of its name, and HCO refuses two templates of one name:
//     building SSP's spec fails (hyperconverged-cluster-operator v1.16.0
//     controllers/handlers/golden-images/golden_images.go getDicMapFromCr,
//     controllers/handlers/ssp.go NewSSP), so no golden image updates.
//
// Both need a hand on the cluster, which the warning names.
func goldenImageChanges(p *plan.Plan, files map[string][]byte) diag.List {
	now := map[string][]any{} // template name -> its forms now, as written
	for name, ts := range generators.GoldenImageTemplates(p) {
		for _, t := range ts {
			now[name] = append(now[name], writtenTemplate(t))
		}
	}
	var removed, changed []string
	seen := map[string]bool{}
	for name, data := range files {
		dir, file := path.Split(name)
		if !strings.HasPrefix(dir, HubDir+"/") || !strings.HasPrefix(file, "policy_"+generators.GoldenImagesPolicy) {
			continue
		}
		var pol prevPolicy
		if yaml.Unmarshal(data, &pol) != nil {
			continue
		}
		for _, pt := range pol.Spec.PolicyTemplates {
			for _, ot := range pt.ObjectDefinition.Spec.ObjectTemplates {
				if ot.ObjectDefinition.Kind != "HyperConverged" {
					continue
				}
				for _, t := range ot.ObjectDefinition.Spec.DataImportCronTemplates {
					meta, _ := t["metadata"].(map[string]any)
					tname, _ := meta["name"].(string)
					if tname == "" || seen[tname] {
						continue
					}
					forms, kept := now[tname]
					switch {
					case !kept:
						seen[tname] = true
						removed = append(removed, tname)
					case !containsValue(forms, t):
						seen[tname] = true
						changed = append(changed, tname)
					}
				}
			}
		}
	}
	sort.Strings(removed)
	sort.Strings(changed)
	var out diag.List
	hand := "oc edit hyperconverged " + generators.HyperConvergedName + " -n " + p.Fleet.Spec.Virtualization.Operator.Namespace
	for _, t := range removed {
		out = append(out, diag.Newf(diag.Warning, "spec.images", diag.RuleImageRemoved,
			"golden image template %q leaves the fleet, but the golden-images policy only merges into the HyperConverged CR's list and never takes an entry out, so HCO keeps importing it: once this change syncs, remove that entry from spec.dataImportCronTemplates on each cluster that kept it (%s)",
			t, hand))
	}
	for _, t := range changed {
		out = append(out, diag.Newf(diag.Warning, "spec.images", diag.RuleImageChanged,
			"golden image template %q changes: the golden-images policy adds the new form beside the old entry of that name in the HyperConverged CR, and HCO refuses two templates of one name (no golden image updates until one goes); give the changed image a new name, or remove the old entry by hand as soon as this change syncs (%s)",
			t, hand))
	}
	return out
}

// writtenTemplate is a template as the tree's file holds it: through
// emit.ToMap (nulls dropped), as generic JSON values.
func writtenTemplate(t generators.DataImportCronTemplate) any {
	m, err := emit.ToMap(&generators.GoldenImagesHyperConverged{Spec: generators.GoldenImagesSpec{DataImportCronTemplates: []generators.DataImportCronTemplate{t}}})
	if err != nil {
		return nil
	}
	spec, _ := m["spec"].(map[string]any)
	list, _ := spec["dataImportCronTemplates"].([]any)
	if len(list) != 1 {
		return nil
	}
	return list[0]
}

func containsValue(list []any, v any) bool {
	for _, x := range list {
		if reflect.DeepEqual(x, v) {
			return true
		}
	}
	return false
}

// prevPolicy is the part of a previously rendered golden-images Policy
// goldenImageChanges reads: its templates as generic values, compared with
// the new ones as they are.
type prevPolicy struct {
	Spec struct {
		PolicyTemplates []struct {
			ObjectDefinition struct {
				Spec struct {
					ObjectTemplates []struct {
						ObjectDefinition struct {
							Kind string `json:"kind"`
							Spec struct {
								DataImportCronTemplates []map[string]any `json:"dataImportCronTemplates"`
							} `json:"spec"`
						} `json:"objectDefinition"`
					} `json:"object-templates"`
				} `json:"spec"`
			} `json:"objectDefinition"`
		} `json:"policy-templates"`
	} `json:"spec"`
}

// baseRefs are the VMs an overlay's resources name (../../base/<vm>).
func baseRefs(resources []string) []string {
	var vms []string
	for _, r := range resources {
		if vm, ok := strings.CutPrefix(r, "../../"+BaseDir+"/"); ok {
			vms = append(vms, vm)
		}
	}
	return vms
}

// leavePath is the field that makes a VM leave a cluster.
func leavePath(p *plan.Plan, vm *plan.VM, cluster string) diag.Path {
	const vms diag.Path = "spec.vms"
	switch {
	case vm == nil:
		return vms
	case vm.Spec.ClusterStates[cluster] != "":
		return vms.Index(vm.Index).Child("clusterStates").Child(cluster)
	case vm.Spec.State == v1alpha1.StateAbsent:
		return vms.Index(vm.Index).Child("state")
	default:
		return vms.Index(vm.Index).Child("clusters")
	}
}

// prevVM is the part of a previously rendered VirtualMachine Previous reads.
type prevVM struct {
	Metadata struct {
		Name   string            `json:"name"`
		Labels map[string]string `json:"labels"`
	} `json:"metadata"`
	Spec struct {
		Instancetype struct {
			Name string `json:"name"`
		} `json:"instancetype"`
		Preference struct {
			Name string `json:"name"`
		} `json:"preference"`
	} `json:"spec"`
}

type prevKustomization struct {
	Resources []string `json:"resources"`
	Patches   []Patch  `json:"patches"`
}

// state is the VM's previous state on the overlay's cluster: the base's,
// unless the overlay's patch sets or removes the state label.
func (k prevKustomization) state(vm, base string) string {
	state := base
	for _, pt := range k.Patches {
		if pt.Target.Kind != "VirtualMachine" || pt.Target.Name != vm {
			continue
		}
		var ops []struct {
			Op    string `json:"op"`
			Path  string `json:"path"`
			Value any    `json:"value"`
		}
		if yaml.Unmarshal([]byte(pt.Patch), &ops) != nil {
			continue
		}
		label := "/metadata/labels/" + strings.ReplaceAll(generators.LabelState, "/", "~1")
		for _, op := range ops {
			switch {
			case op.Path == label && op.Op == "remove":
				state = ""
			case op.Path == label:
				state, _ = op.Value.(string)
			}
		}
	}
	return state
}

// replicaOf finds the fleet VM with replicas whose replica name is name
// (<vm>-<i>), by its index in spec.vms.
func replicaOf(p *plan.Plan, name string) (int, bool) {
	for i := range p.Fleet.Spec.VMs {
		vm := &p.Fleet.Spec.VMs[i]
		if vm.Replicas == nil {
			continue
		}
		if n, ok := strings.CutPrefix(name, vm.Name+"-"); ok && n != "" && strings.Trim(n, "0123456789") == "" {
			return i, true
		}
	}
	return 0, false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
