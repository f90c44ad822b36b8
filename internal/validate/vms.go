package validate

import (
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
)

func (v *validator) vms() {
	if len(v.f.Spec.VMs) == 0 {
		v.warnf("spec.vms", "no-vms", "the fleet has no VMs: only the virtualization baseline is rendered")
	}
	seen := map[string]int{}
	for i := range v.f.Spec.VMs {
		vm := &v.f.Spec.VMs[i]
		p := indexPath("spec.vms", i)
		v.label(p+".name", vm.Name)
		v.label(p+".namespace", vm.Namespace)
		// base/<vm>/ is one folder per VM name, so names are unique fleet-wide.
		if j, dup := seen[vm.Name]; dup && vm.Name != "" {
			v.errorf(p+".name", "duplicate", "vm %q is already defined at spec.vms[%d]", vm.Name, j)
		}
		seen[vm.Name] = i
		for j, c := range vm.Clusters {
			if !v.hasCluster(c) {
				v.errorf(indexPath(p+".clusters", j), "unknown-cluster", "cluster %q is not defined in spec.clusters%s", c, suggest(c, v.clusterNames()))
			}
		}
		v.sizing(p, vm)
		v.disk(p+".disk", vm.Disk.Size, &vm.Disk.Source, vm.Disk.Storage)
		disks := map[string]bool{"rootdisk": true, "cloudinit": true}
		for j, d := range vm.DataDisks {
			dp := indexPath(p+".dataDisks", j)
			v.label(dp+".name", d.Name)
			if disks[d.Name] {
				v.errorf(dp+".name", "duplicate", "disk name %q is already used in this vm", d.Name)
			}
			disks[d.Name] = true
			src := d.Source
			if src == nil {
				src = &v1alpha1.DiskSource{Blank: &v1alpha1.Blank{}}
			}
			v.disk(dp, d.Size, src, d.Storage)
		}
		v.cloudInit(p+".cloudInit", vm.CloudInit)
		nets := map[string]bool{}
		for j, n := range vm.Networks {
			np := indexPath(p+".networks", j)
			if !v.hasNetwork(n) {
				v.errorf(np, "unknown-network", "network %q is not defined in spec.networks%s", n, suggest(n, v.networkNames()))
			}
			if nets[n] {
				v.errorf(np, "duplicate", "network %q is listed twice", n)
			}
			nets[n] = true
		}
		v.staticAddresses(p, vm)
		v.oneOf(p+".runStrategy", vm.RunStrategy, runStrategies...)
		if vm.RunStrategy == "Manual" {
			v.warnf(p+".runStrategy", "manual-run-strategy", "with Manual, a guest shutdown leaves the VM stopped (Succeeded) until someone starts it; use Always to keep it running")
		}
		v.oneOf(p+".evictionStrategy", vm.EvictionStrategy, evictionStrategies...)
		v.labels(p+".nodeSelector", vm.NodeSelector)
		v.labels(p+".labels", vm.Labels)
	}
}

// sizing: an instancetype, or cpu and memory, never a mix; a preference
// goes with either.
func (v *validator) sizing(p string, vm *v1alpha1.VM) {
	v.optionalSubdomain(p+".instancetype", vm.Instancetype)
	v.optionalSubdomain(p+".preference", vm.Preference)
	switch {
	case vm.Instancetype != "" && (vm.CPU != nil || vm.Memory != ""):
		v.errorf(p+".instancetype", "sizing", "give an instancetype or cpu and memory, not both")
	case vm.Instancetype == "" && vm.CPU == nil && vm.Memory == "":
		v.errorf(p, "sizing", "the vm needs a size: an instancetype (e.g. u1.large) or cpu.cores and memory")
	case vm.Instancetype == "" && vm.CPU == nil:
		v.errorf(p+".cpu", "sizing", "memory is set but cpu is not: give cpu.cores too")
	case vm.Instancetype == "" && vm.Memory == "":
		v.errorf(p+".memory", "sizing", "cpu is set but memory is not: give memory too, e.g. 8Gi")
	}
	if vm.CPU != nil && vm.CPU.Cores == 0 {
		v.errorf(p+".cpu.cores", "range", "must be at least 1")
	}
	v.quantity(p+".memory", vm.Memory, false)
}

func (v *validator) disk(p, size string, src *v1alpha1.DiskSource, st v1alpha1.Storage) {
	// A container disk is as large as its image (workloads.go checks it).
	v.quantity(p+".size", size, src.ContainerDisk == nil)
	v.storage(p, st)
	sp := p + ".source"
	var set []string
	if s := src.DataSource; s != nil {
		set = append(set, "dataSource")
		v.subdomain(sp+".dataSource.name", s.Name)
		if s.Namespace != "" {
			v.label(sp+".dataSource.namespace", s.Namespace)
		}
	}
	if s := src.PVC; s != nil {
		set = append(set, "pvc")
		v.subdomain(sp+".pvc.name", s.Name)
		if s.Namespace != "" {
			v.label(sp+".pvc.namespace", s.Namespace)
		}
	}
	if s := src.Registry; s != nil {
		set = append(set, "registry")
		v.url(sp+".registry", s, "docker://", "oci-archive://")
	}
	if s := src.HTTP; s != nil {
		set = append(set, "http")
		v.url(sp+".http", s, "https://", "http://")
	}
	if s := src.S3; s != nil {
		set = append(set, "s3")
		// CDI takes the S3 endpoint as the URL's host and bucket/key as its path, and its DataVolume webhook
		// accepts only http, https and gs URLs (containerized-data-importer pkg/apiserver/webhooks/util.go
		// validateSourceURL; pkg/importer/s3-datasource.go).
		if strings.HasPrefix(s.URL, "s3://") {
			v.errorf(sp+".s3.url", "url", "%q: CDI rejects s3:// URLs; give the endpoint with bucket and key in the path, e.g. https://s3.example.com/BUCKET/KEY", s.URL)
		} else {
			v.url(sp+".s3", s, "https://", "http://", "gs://")
		}
	}
	if src.Blank != nil {
		set = append(set, "blank")
	}
	if src.ContainerDisk != nil {
		set = append(set, "containerDisk")
	}
	switch len(set) {
	case 0:
		v.errorf(sp, "disk-source", "give exactly one of dataSource, registry, http, s3, pvc, blank, containerDisk")
	case 1:
	default:
		v.errorf(sp, "disk-source", "give exactly one source, found %s", strings.Join(set, " and "))
	}
}

func (v *validator) url(p string, s *v1alpha1.URLSource, schemes ...string) {
	switch {
	case s.URL == "":
		v.errorf(p+".url", "required", "must not be empty")
	case !hasPrefixAny(s.URL, schemes...):
		v.errorf(p+".url", "url", "%q must start with %s", s.URL, strings.Join(schemes, " or "))
	case strings.ContainsAny(s.URL, " \t\n"):
		v.errorf(p+".url", "url", "%q contains white space", s.URL)
	case credentialsInURL(s.URL):
		v.errorf(p+".url", "plain-text-secret", "the url carries credentials in plain text; put them in a Secret and set secretRef")
	}
	v.optionalSubdomain(p+".secretRef", s.SecretRef)
	v.optionalSubdomain(p+".certConfigMap", s.CertConfigMap)
}

// credentialsInURL spots user:password@ in a URL.
func credentialsInURL(u string) bool {
	rest := u[strings.Index(u, "://")+3:]
	at := strings.IndexByte(rest, '@')
	slash := strings.IndexByte(rest, '/')
	return at >= 0 && (slash < 0 || at < slash) && strings.Contains(rest[:at], ":")
}

func (v *validator) cloudInit(p string, c *v1alpha1.CloudInit) {
	if c == nil {
		return
	}
	v.optionalSubdomain(p+".secretRef", c.SecretRef)
	v.optionalSubdomain(p+".networkDataSecretRef", c.NetworkDataSecretRef)
	if c.SecretRef != "" && c.UserData != "" {
		v.errorf(p+".userData", "cloud-init", "give userData or secretRef, not both")
	}
	if c.SecretRef == "" && c.UserData == "" && c.NetworkDataSecretRef == "" {
		v.errorf(p, "cloud-init", "give secretRef (a Secret holding the user data) or userData")
	}
	if what := secretIn(c.UserData); what != "" {
		v.errorf(p+".userData", "plain-text-secret", "user data holds %s in plain text and would be committed to git; move it to a Secret and set cloudInit.secretRef", what)
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
