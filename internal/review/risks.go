package review

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// vmRisks reads a changed VirtualMachine as KubeVirt v1.6 will act on it.
//
// Disks: the VM controller creates a DataVolume from a dataVolumeTemplate
// only when none of that name exists and never updates one
// (kubevirt/kubevirt pkg/virt-controller/watch/vm/vm.go handleDataVolumes):
// a renamed template is a new disk, a changed one applies only when the
// disk is made again.
//
// Restart: the controller sets RestartRequired when the template spec
// changes outside what it can apply live (vm.go addRestartRequiredIfNeeded):
// with the LiveUpdate rollout strategy, which HyperConverged sets
// (kubevirt/hyperconverged-cluster-operator controllers/handlers/kubevirt.go
// VMRolloutStrategyLiveUpdate), CPU sockets, guest memory, node selector,
// affinity and tolerations are live; volumes and disks only as hotplug
// volumes (vmfleet emits none); interfaces and networks only when added
// (pkg/network/vmliveupdate/restart.go IsRestartRequired: one removed or
// changed needs a restart). An instancetype or preference is expanded
// into the template first, so a new one is live only when it differs in
// sockets and guest memory alone.
func vmRisks(id string, old, new map[string]any) []Risk {
	var out []Risk
	oldSpec, newSpec := field(old, "spec"), field(new, "spec")
	if d := templateChanges(field(oldSpec, "dataVolumeTemplates"), field(newSpec, "dataVolumeTemplates")); d != "" {
		out = append(out, Risk{Kind: RiskDisksRecreated, Object: id, Detail: d})
	}
	a, b := tmplSpec(old), tmplSpec(new)
	var why []string
	for _, k := range sortedKeys(a, b) {
		if reflect.DeepEqual(a[k], b[k]) {
			continue
		}
		switch k {
		case "nodeSelector", "affinity", "tolerations":
			continue // live
		case "domain":
			why = append(why, domainChanges(field(a, "domain"), field(b, "domain"))...)
		case "networks":
			if removedOrChanged(a[k], b[k]) {
				why = append(why, "a network is removed or changed (only an added one is hotplugged)")
			}
		case "volumes":
			why = append(why, "volumes change (vmfleet's volumes are not hotplug volumes)")
		default:
			why = append(why, "spec.template.spec."+k+" changes")
		}
	}
	// RestartRequired is set only on a VM that runs (the controller
	// compares with its VMI); a halted one takes the change when started.
	halted := ""
	if field(newSpec, "runStrategy") == "Halted" {
		halted = " (halted here: it applies at the next start)"
	}
	if len(why) > 0 {
		out = append(out, Risk{Kind: RiskRestart, Object: id,
			Detail: "restarts to apply (KubeVirt sets RestartRequired)" + halted + ": " + strings.Join(why, "; ")})
	}
	for _, k := range []string{"instancetype", "preference"} {
		o, n := field(field(oldSpec, k), "name"), field(field(newSpec, k), "name")
		if !reflect.DeepEqual(o, n) {
			out = append(out, Risk{Kind: RiskRestart, Object: id,
				Detail: fmt.Sprintf("%s %v → %v: live only if the two differ in CPU sockets and guest memory alone (LiveUpdate), else it restarts%s", k, show(o), show(n), halted)})
		}
	}
	if o, n := field(oldSpec, "runStrategy"), field(newSpec, "runStrategy"); !reflect.DeepEqual(o, n) {
		out = append(out, Risk{Kind: RiskPower, Object: id, Detail: fmt.Sprintf("runStrategy %v → %v", show(o), show(n))})
	}
	return out
}

// domainChanges: what in spec.template.spec.domain changes that KubeVirt
// cannot apply live.
func domainChanges(a, b any) []string {
	am, _ := a.(map[string]any)
	bm, _ := b.(map[string]any)
	var out []string
	for _, k := range sortedKeys(am, bm) {
		if reflect.DeepEqual(am[k], bm[k]) {
			continue
		}
		switch k {
		case "cpu":
			if !reflect.DeepEqual(without(am[k], "sockets"), without(bm[k], "sockets")) {
				out = append(out, "domain.cpu changes beyond sockets")
			}
		case "memory":
			if !reflect.DeepEqual(without(am[k], "guest"), without(bm[k], "guest")) {
				out = append(out, "domain.memory changes beyond guest")
			}
		case "devices":
			ad, _ := am[k].(map[string]any)
			bd, _ := bm[k].(map[string]any)
			for _, dk := range sortedKeys(ad, bd) {
				if reflect.DeepEqual(ad[dk], bd[dk]) {
					continue
				}
				switch dk {
				case "interfaces":
					if removedOrChanged(ad[dk], bd[dk]) {
						out = append(out, "an interface is removed or changed (only an added one is hotplugged)")
					}
				default:
					out = append(out, "domain.devices."+dk+" change")
				}
			}
		default:
			out = append(out, "domain."+k+" changes")
		}
	}
	return out
}

// removedOrChanged: a list of named items (interfaces, networks) loses or
// changes an item; adding one is live.
func removedOrChanged(a, b any) bool {
	byName := func(v any) map[any]any {
		m := map[any]any{}
		l, _ := v.([]any)
		for _, x := range l {
			m[field(x, "name")] = x
		}
		return m
	}
	bn := byName(b)
	for name, x := range byName(a) {
		if y, ok := bn[name]; !ok || !reflect.DeepEqual(x, y) {
			return true
		}
	}
	return false
}

// templateChanges describes how dataVolumeTemplates differ, by name.
func templateChanges(a, b any) string {
	byName := func(v any) map[string]any {
		m := map[string]any{}
		l, _ := v.([]any)
		for _, x := range l {
			m[fmt.Sprint(field(field(x, "metadata"), "name"))] = x
		}
		return m
	}
	am, bm := byName(a), byName(b)
	var parts []string
	for _, n := range sortedKeys(am, bm) {
		x, inA := am[n]
		y, inB := bm[n]
		switch {
		case !inA:
			parts = append(parts, "DataVolume "+n+" is a new disk (made empty or imported: no data follows from another)")
		case !inB:
			parts = append(parts, "DataVolume "+n+" leaves the VM")
		case reflect.DeepEqual(x, y):
		case reflect.DeepEqual(without(field(x, "spec"), "storage"), without(field(y, "spec"), "storage")) &&
			reflect.DeepEqual(without(field(field(x, "spec"), "storage"), "resources"), without(field(field(y, "spec"), "storage"), "resources")):
			parts = append(parts, fmt.Sprintf("DataVolume %s's size %v → %v: KubeVirt never updates an existing DataVolume from its template, so the disk keeps its size (only a disk made again gets the new one)",
				n, show(storageRequest(x)), show(storageRequest(y))))
		case !reflect.DeepEqual(x, y):
			parts = append(parts, "DataVolume "+n+"'s template changes: KubeVirt never updates an existing DataVolume, so it applies only when the disk is made again, from scratch")
		}
	}
	return strings.Join(parts, "; ")
}

// operatorRisks: an OLM channel, starting CSV or approved version list
// that changes anywhere in the object (the OperatorPolicy inside the
// baseline Policy) is an operator upgrade.
func operatorRisks(id string, a, b map[string]any) []Risk {
	oa, ob := map[string]string{}, map[string]string{}
	collect("", a, oa)
	collect("", b, ob)
	var out []Risk
	for _, k := range sortedKeys(oa, ob) {
		if oa[k] != ob[k] {
			out = append(out, Risk{Kind: RiskOperatorUpgrade, Object: id, Detail: fmt.Sprintf("%s: %s → %s", k, orDefault(oa[k], "(none)"), orDefault(ob[k], "(none)"))})
		}
	}
	return out
}

// collect gathers, from every OperatorPolicy spec in v (a map with a
// subscription), its channel, startingCSV and approved versions.
func collect(path string, v any, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		if sub, ok := x["subscription"].(map[string]any); ok {
			prefix := path
			if prefix != "" {
				prefix += "."
			}
			for _, k := range []string{"channel", "startingCSV"} {
				if sub[k] != nil {
					out[prefix+"subscription."+k] = show(sub[k])
				}
			}
			if x["versions"] != nil {
				out[prefix+"versions"] = show(x["versions"])
			}
			return
		}
		for k, c := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			collect(p, c, out)
		}
	case []any:
		for i, c := range x {
			collect(fmt.Sprintf("%s[%d]", path, i), c, out)
		}
	}
}

func storageRequest(dv any) any {
	return field(field(field(field(field(dv, "spec"), "storage"), "resources"), "requests"), "storage")
}

func tmplSpec(o map[string]any) map[string]any {
	m, _ := field(field(field(o, "spec"), "template"), "spec").(map[string]any)
	return m
}

func field(v any, k string) any {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	return m[k]
}

func without(v any, k string) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	c := map[string]any{}
	for kk, vv := range m {
		if kk != k {
			c[kk] = vv
		}
	}
	return c
}

func show(v any) string {
	switch x := v.(type) {
	case nil:
		return "(none)"
	case []any:
		var s []string
		for _, e := range x {
			s = append(s, fmt.Sprint(e))
		}
		return "[" + strings.Join(s, ", ") + "]"
	}
	return fmt.Sprint(v)
}

func sortedKeys[V any](ms ...map[string]V) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}
