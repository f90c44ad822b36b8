package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
)

// What a VM depends on outside itself, resolved here so that the generators
// (which deliver it) and the validator (which checks the names that result)
// read one answer.

// GoldenImageNamespace is where OpenShift Virtualization keeps the common
// boot images; it lets every authenticated user clone from it, so a VM
// needs no grant there.
const GoldenImageNamespace = "openshift-virtualization-os-images"

// DependencyPolicyName is the Policy (and its Placement) delivering what
// one VM references.
// OCM replicates a policy as <namespace>.<name>, a 63-character label: a
// name that would not fit keeps its start and ends in a hash of the whole,
// so every VM's policy has a name of its own, stable across renders.
func (p *Plan) DependencyPolicyName(vm *v1alpha1.VM) string {
	name := p.HubName("deps-" + vm.Name)
	room := 62 - len(p.Fleet.Spec.Virtualization.PolicyNamespace)
	if len(name) <= room || room < 10 {
		return name // no room for a hash: validation reports it
	}
	sum := sha256.Sum256([]byte(name))
	return strings.TrimRight(name[:room-9], "-.") + "-" + hex.EncodeToString(sum[:])[:8]
}

// VMRefs are the Secrets and ConfigMaps one VM references, sorted.
type VMRefs struct {
	Secrets, ConfigMaps []string
}

// References lists what vm references by name in its own namespace:
// cloud-init user and network data, a sysprep answer file, disk-source
// credentials and CA bundles, a container disk's pull secret.
func References(vm *v1alpha1.VM) VMRefs {
	secrets, cms := map[string]bool{}, map[string]bool{}
	if ci := vm.CloudInit; ci != nil {
		secrets[ci.SecretRef] = true
		secrets[ci.NetworkDataSecretRef] = true
		// A cluster's own cloud-init Secret goes with the others: the
		// policy serves every cluster of the VM.
		for _, o := range vm.ClusterOverrides {
			secrets[o.CloudInitSecretRef] = true
		}
	}
	if sp := vm.Sysprep; sp != nil {
		secrets[sp.SecretRef] = true
		cms[sp.ConfigMapRef] = true
	}
	if c := vm.Disk.Source.ContainerDisk; c != nil {
		secrets[c.ImagePullSecret] = true
	}
	srcs := []*v1alpha1.DiskSource{&vm.Disk.Source}
	for i := range vm.DataDisks {
		srcs = append(srcs, vm.DataDisks[i].Source)
	}
	for _, s := range srcs {
		if s == nil {
			continue
		}
		for _, u := range []*v1alpha1.URLSource{s.Registry, s.HTTP, s.S3} {
			if u != nil {
				secrets[u.SecretRef] = true
				cms[u.CertConfigMap] = true
			}
		}
	}
	return VMRefs{Secrets: sortedSet(secrets), ConfigMaps: sortedSet(cms)}
}

// CloneSources lists the namespaces other than the VM's own (and the golden
// images') that the VM's disks clone from, each with the PVC names cloned
// ("" when a DataSource hides the PVC's name).
func CloneSources(vm *v1alpha1.VM) map[string][]string {
	out := map[string][]string{}
	srcs := []*v1alpha1.DiskSource{&vm.Disk.Source}
	for i := range vm.DataDisks {
		srcs = append(srcs, vm.DataDisks[i].Source)
	}
	for _, s := range srcs {
		switch {
		case s == nil:
		case s.PVC != nil && s.PVC.Namespace != "" && s.PVC.Namespace != vm.Namespace && s.PVC.Namespace != GoldenImageNamespace:
			out[s.PVC.Namespace] = append(out[s.PVC.Namespace], s.PVC.Name)
		case s.DataSource != nil && s.DataSource.Namespace != "" && s.DataSource.Namespace != vm.Namespace &&
			s.DataSource.Namespace != GoldenImageNamespace:
			out[s.DataSource.Namespace] = append(out[s.DataSource.Namespace], "")
		}
	}
	return out
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
