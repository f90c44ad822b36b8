package validate

import (
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
)

func (v *validator) vms() {
	if len(v.f.Spec.VMs) == 0 {
		v.warnf("spec.vms", diag.RuleNoVMs, "the fleet has no VMs: only the virtualization baseline is rendered")
	}
	seen := map[string]int{}
	for i := range v.f.Spec.VMs {
		vm := &v.f.Spec.VMs[i]
		p := indexPath("spec.vms", i)
		// base/<vm>/ is one folder per VM name, and the hub names the
		// VM's dependency policy and Placement deps-<vm>: names are unique
		// fleet-wide, whatever the namespace.
		if j, dup := seen[vm.Name]; dup && vm.Name != "" {
			if other := v.f.Spec.VMs[j].Namespace; other != vm.Namespace {
				v.errorf(p+".name", diag.RuleDuplicate, "vm %q is already defined at spec.vms[%d], in namespace %q: VM names are unique across the fleet, even in different namespaces, because the tree holds one folder base/<vm>/ per VM and the hub one policy deps-<vm>; rename one (e.g. %q)",
					vm.Name, j, other, vm.Name+"-"+vm.Namespace)
			} else {
				v.errorf(p+".name", diag.RuleDuplicate, "vm %q is already defined at spec.vms[%d]", vm.Name, j)
			}
		}
		seen[vm.Name] = i
		listed := map[string]int{}
		for j, c := range vm.Clusters {
			if k, twice := listed[c]; twice {
				// The cluster's overlay would list base/<vm> twice, which
				// kustomize refuses ("may not add resource with an already
				// registered id").
				v.errorf(indexPath(p+".clusters", j), diag.RuleDuplicate, "cluster %q is listed twice (also at clusters[%d]): a VM runs once per cluster; drop one, or use replicas for more", c, k)
			}
			listed[c] = j
			if !v.hasCluster(c) {
				v.errorf(indexPath(p+".clusters", j), diag.RuleUnknownCluster, "cluster %q is not defined in spec.clusters%s", c, suggest(c, v.clusterNames()))
			}
		}
		v.sizing(p, vm)
		v.disk(p+".disk", vm.Disk.Size, &vm.Disk.Source)
		disks := map[string]bool{"rootdisk": true, "cloudinit": true}
		for j, d := range vm.DataDisks {
			dp := indexPath(p+".dataDisks", j)
			if disks[d.Name] {
				v.errorf(dp+".name", diag.RuleDuplicate, "disk name %q is already used in this vm", d.Name)
			}
			disks[d.Name] = true
			src := d.Source
			if src == nil {
				src = &v1alpha1.DiskSource{Blank: &v1alpha1.Blank{}}
			}
			v.disk(dp, d.Size, src)
		}
		v.cloudInit(p+".cloudInit", vm.CloudInit)
		nets := map[string]bool{}
		for j, n := range vm.Networks {
			np := indexPath(p+".networks", j)
			if !v.hasNetwork(n) {
				v.errorf(np, diag.RuleUnknownNetwork, "network %q is not defined in spec.networks%s", n, suggest(n, v.networkNames()))
			}
			if nets[n] {
				v.errorf(np, diag.RuleDuplicate, "network %q is listed twice", n)
			}
			nets[n] = true
		}
		v.staticAddresses(p, vm)
		if vm.RunStrategy == v1alpha1.RunStrategyManual {
			v.warnf(p+".runStrategy", diag.RuleManualRunStrategy, "with Manual, a guest shutdown leaves the VM stopped (Succeeded) until someone starts it; use Always to keep it running")
		}
		v.labels(p+".nodeSelector", vm.NodeSelector)
		v.labels(p+".labels", vm.Labels)
	}
}

// sizing: an instancetype, or cpu and memory, never a mix; a preference
// goes with either.
func (v *validator) sizing(p diag.Path, vm *v1alpha1.VM) {
	switch {
	case vm.Instancetype != "" && (vm.CPU != nil || vm.Memory != ""):
		v.errorf(p+".instancetype", diag.RuleSizing, "give an instancetype or cpu and memory, not both")
	case vm.Instancetype == "" && vm.CPU == nil && vm.Memory == "":
		v.errorf(p, diag.RuleSizing, "the vm needs a size: an instancetype (e.g. u1.large) or cpu.cores and memory")
	case vm.Instancetype == "" && vm.CPU == nil:
		v.errorf(p+".cpu", diag.RuleSizing, "memory is set but cpu is not: give cpu.cores too")
	case vm.Instancetype == "" && vm.Memory == "":
		v.errorf(p+".memory", diag.RuleSizing, "cpu is set but memory is not: give memory too, e.g. 8Gi")
	}
	v.quantity(p+".memory", vm.Memory)
	v.guestMemory(p+".memory", vm.Memory)
}

// minGuestMemory: KubeVirt sets the VMI's memory request from
// domain.memory.guest (kubevirt/kubevirt v1.6.0 pkg/defaults/defaults.go
// setDefaultResourceRequests, at the default overcommit of 100%) and its
// admission refuses a request below 1M, decimal ("must be greater than or
// equal to 1M", pkg/virt-api/webhooks/validating-webhook/admitters/
// vmi-create-admitter.go validateMemoryRequestsNegativeOrNull), or none at
// all (ValidateVirtualMachineInstanceMandatoryFields). The kubevirt checker
// of make controllers runs that code: it accepts 1M and rejects 999999
// (tests/controllers/testdata/kubevirt/guest-memory-below-1m.yaml).
var minGuestMemory = resource.MustParse("1M")

func (v *validator) guestMemory(path diag.Path, value string) {
	if value == "" {
		return
	}
	if q, err := resource.ParseQuantity(value); err == nil && q.Cmp(minGuestMemory) < 0 {
		v.errorf(path, diag.RuleGuestMemory, "%q is below 1M (1,000,000 bytes), the least memory KubeVirt starts a VM with: give the guest its real size, e.g. 2Gi", value)
	}
}

// disk checks what the schema cannot: the size's magnitude, and the url
// scheme each kind of source needs. (That a source gives exactly one kind
// is the schema's.)
func (v *validator) disk(p diag.Path, size string, src *v1alpha1.DiskSource) {
	if size == "" && src.ContainerDisk == nil {
		// A container disk is as large as its image; every other disk
		// needs a size (the schema cannot tell them apart).
		v.errorf(p+".size", diag.RuleRequired, "must not be empty")
	}
	v.quantity(p+".size", size)
	sp := p + ".source"
	if s := src.Registry; s != nil {
		v.url(sp+".registry", s, "docker://", "oci-archive://")
	}
	if s := src.HTTP; s != nil {
		v.url(sp+".http", s, "https://", "http://")
	}
	if s := src.S3; s != nil {
		v.s3Source(sp+".s3", s)
	}
}

func (v *validator) url(p diag.Path, s *v1alpha1.URLSource, schemes ...string) {
	// Credentials first: no later message may echo a URL that holds them.
	if what := urlSecret(s.URL); what != "" {
		v.errorf(p+".url", diag.RulePlainTextSecret, "the url carries %s in plain text and would be committed to git; put the credentials in a Secret and set secretRef", what)
		return
	}
	switch {
	case s.URL == "":
		v.errorf(p+".url", diag.RuleRequired, "must not be empty")
	case !hasPrefixAny(s.URL, schemes...):
		v.errorf(p+".url", diag.RuleURL, "%q must start with %s", s.URL, strings.Join(schemes, " or "))
	case strings.ContainsAny(s.URL, " \t\n"):
		v.errorf(p+".url", diag.RuleURL, "%q contains white space", s.URL)
	}
}

// cloudInitUserMaxLen is the most inline user data KubeVirt's admission
// takes (kubevirt/kubevirt v1.6.0 pkg/virt-api/webhooks/validating-webhook/
// admitters/vmi-create-admitter.go cloudInitUserMaxLen: "userdata exceeds
// 2048 byte limit. Should use UserDataSecretRef for larger data.").
const cloudInitUserMaxLen = 2048

func (v *validator) cloudInit(p diag.Path, c *v1alpha1.CloudInit) {
	if c == nil {
		return
	}
	if c.SecretRef != "" && c.UserData != "" {
		v.errorf(p+".userData", diag.RuleCloudInit, "give userData or secretRef, not both")
	}
	if c.SecretRef == "" && c.UserData == "" && c.NetworkDataSecretRef == "" {
		v.errorf(p, diag.RuleCloudInit, "give secretRef (a Secret holding the user data) or userData")
	}
	if s, found := userDataSecret(c.UserData); found {
		v.errorf(p+".userData", diag.RulePlainTextSecret, "user data holds %s in plain text and would be committed to git; move the user data to a Secret (key userdata) in the hub namespace and set cloudInit.secretRef", s.String())
	}
	if n := len(c.UserData); n > cloudInitUserMaxLen {
		v.errorf(p+".userData", diag.RuleUserDataSize, "user data is %d bytes, and KubeVirt takes at most %d inline: move it to a Secret (key userdata) in the hub namespace and set cloudInit.secretRef", n, cloudInitUserMaxLen)
	}
}
