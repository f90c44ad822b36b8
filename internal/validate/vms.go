package validate

import (
	"strings"

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
		// base/<vm>/ is one folder per VM name, so names are unique fleet-wide.
		if j, dup := seen[vm.Name]; dup && vm.Name != "" {
			v.errorf(p+".name", diag.RuleDuplicate, "vm %q is already defined at spec.vms[%d]", vm.Name, j)
		}
		seen[vm.Name] = i
		for j, c := range vm.Clusters {
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
	switch {
	case s.URL == "":
		v.errorf(p+".url", diag.RuleRequired, "must not be empty")
	case !hasPrefixAny(s.URL, schemes...):
		v.errorf(p+".url", diag.RuleURL, "%q must start with %s", s.URL, strings.Join(schemes, " or "))
	case strings.ContainsAny(s.URL, " \t\n"):
		v.errorf(p+".url", diag.RuleURL, "%q contains white space", s.URL)
	case credentialsInURL(s.URL):
		v.errorf(p+".url", diag.RulePlainTextSecret, "the url carries credentials in plain text; put them in a Secret and set secretRef")
	}
}

// credentialsInURL spots user:password@ in a URL.
func credentialsInURL(u string) bool {
	rest := u[strings.Index(u, "://")+3:]
	at := strings.IndexByte(rest, '@')
	slash := strings.IndexByte(rest, '/')
	return at >= 0 && (slash < 0 || at < slash) && strings.Contains(rest[:at], ":")
}

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
	if what := secretIn(c.UserData); what != "" {
		v.errorf(p+".userData", diag.RulePlainTextSecret, "user data holds %s in plain text and would be committed to git; move it to a Secret and set cloudInit.secretRef", what)
	}
}

// secretIn names the first credential it finds in cloud-config text.
func secretIn(text string) string {
	// lock_passwd (lock the account's password) holds no password; a
	// "-----BEGIN CERTIFICATE-----" (ca_certs) is public: private keys say
	// PRIVATE KEY in their armor.
	lower := strings.ReplaceAll(strings.ToLower(text), "lock_passwd:", "")
	for _, s := range []struct{ needle, what string }{
		{"private key", "a private key"},
		{"chpasswd", "a password (chpasswd)"},
		{"plain_text_passwd", "a password (plain_text_passwd)"},
		{"hashed_passwd", "a password hash (hashed_passwd)"},
		{"passwd:", "a password (passwd)"},
		{"password:", "a password"},
		{"password=", "a password"},
		{"token:", "a token"},
		{"secret:", "a secret"},
		{"aws_secret_access_key", "a cloud credential"},
	} {
		if strings.Contains(lower, s.needle) {
			return s.what
		}
	}
	return ""
}
