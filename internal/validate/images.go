package validate

import (
	"net/url"
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/plan"
)

// commonImages are the DataSources of the golden images HCO ships (HCO
// upstream assets/dataImportCronTemplates/dataImportCronTemplates.yaml:
// centos-stream9, centos-stream10, fedora; OpenShift Virtualization adds the
// RHEL images, "Automatic boot source updates" in its docs). Their templates
// are named <name>-image-cron, and HCO treats a spec template of that name as
// a change to the common one, taking only its storage and whether it is
// enabled.
var commonImages = []string{"centos-stream10", "centos-stream9", "fedora", "rhel10", "rhel8", "rhel9"}

// cronDescriptors are the schedules CDI's cron parser accepts besides five
// fields (robfig/cron/v3 ParseStandard, used by CDI's DataImportCron webhook
// pkg/apiserver/webhooks/dataimportcron-validate.go).
var cronDescriptors = []string{"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}

// images checks the fleet's golden images and the VMs that name them.
func (v *validator) images() {
	seen := map[string]int{}
	for i := range v.f.Spec.Images {
		img := &v.f.Spec.Images[i]
		p := indexPath("spec.images", i)
		if j, dup := seen[img.Name]; dup {
			v.errorf(p+".name", diag.RuleDuplicate, "image %q is already defined at spec.images[%d]", img.Name, j)
		}
		seen[img.Name] = i
		if contains(commonImages, img.Name) {
			v.errorf(p+".name", diag.RuleGoldenImageCommon, "%q is a golden image HCO ships: a template named %s%s changes that common image (HCO keeps only its storage and whether it is enabled), so this registry would never be imported; give the image another name", img.Name, img.Name, plan.ImageCronSuffix)
		}
		if !strings.HasPrefix(img.Registry, "docker://") {
			v.errorf(p+".registry", diag.RuleURL, "%q must start with docker://: a DataImportCron polls a registry for new versions", img.Registry)
		}
		if !validSchedule(img.Schedule) {
			v.errorf(p+".schedule", diag.RuleImageSchedule, "%q is not a cron schedule CDI accepts: five fields (minute hour day-of-month month day-of-week, e.g. \"0 */12 * * *\") or one of %s", img.Schedule, strings.Join(cronDescriptors, ", "))
		}
		v.quantity(p+".size", img.Size)
		for j, c := range img.Clusters {
			if !v.hasCluster(c) {
				v.errorf(indexPath(p+".clusters", j), diag.RuleUnknownCluster, "cluster %q is not defined in spec.clusters%s", c, suggest(c, v.clusterNames()))
			}
		}
	}
	if len(v.f.Spec.Images) > 0 && v.f.Spec.Virtualization.ManagedBy != "" {
		v.errorf("spec.images", diag.RuleTenantHyperConverged, "fleet %q manages the HyperConverged CR of these clusters (spec.virtualization.managedBy), which holds the golden images: declare them there, and clone them here with disk.source.dataSource {name: NAME, namespace: %s}", v.f.Spec.Virtualization.ManagedBy, plan.GoldenImageNamespace)
	}
	var names []string
	for _, img := range v.f.Spec.Images {
		names = append(names, img.Name)
	}
	for i := range v.f.Spec.VMs {
		vm := &v.f.Spec.VMs[i]
		p := indexPath("spec.vms", i)
		check := func(dp diag.Path, src *v1alpha1.DiskSource) {
			if src != nil && src.Image != "" && !contains(names, src.Image) {
				v.errorf(dp+".source.image", diag.RuleUnknownImage, "image %q is not defined in spec.images%s", src.Image, suggest(src.Image, names))
			}
		}
		check(p+".disk", &vm.Disk.Source)
		for j := range vm.DataDisks {
			check(indexPath(p+".dataDisks", j), vm.DataDisks[j].Source)
		}
	}
}

func validSchedule(s string) bool {
	if contains(cronDescriptors, s) || strings.HasPrefix(s, "@every ") {
		return true
	}
	return len(strings.Fields(s)) == 5
}

// imagesPlan: a VM clones a fleet image only where the image is kept.
func (v *validator) imagesPlan(p *plan.Plan) {
	for _, c := range p.Clusters {
		for _, in := range c.Instances {
			for _, d := range in.Disks {
				if d.Source.Image == "" {
					continue
				}
				img := p.Image(d.Source.Image)
				if img == nil || plan.ImageOn(img, c.Spec.Name) {
					continue
				}
				v.errorf(d.Path+".source.image", diag.RuleImageReach, "vm %q clones golden image %q on cluster %q, which does not keep it: add %q to spec.images[%d].clusters", in.VM.Spec.Name, img.Name, c.Spec.Name, c.Spec.Name, imageIndex(p, img))
			}
		}
	}
}

func imageIndex(p *plan.Plan, img *v1alpha1.GoldenImage) int {
	for i := range p.Fleet.Spec.Images {
		if &p.Fleet.Spec.Images[i] == img {
			return i
		}
	}
	return -1
}

// mirrors checks the mirror entries: registries.conf names a source and its
// mirrors as host[:port][/path], with no scheme.
func (v *validator) mirrors() {
	for i, m := range v.f.Spec.Mirrors {
		p := indexPath("spec.mirrors", i)
		for j, loc := range append([]string{m.Source}, m.Mirrors...) {
			lp := p + ".source"
			if j > 0 {
				lp = indexPath(p+".mirrors", j-1)
			}
			if strings.Contains(loc, "://") || strings.ContainsAny(loc, " \t@") || strings.HasSuffix(loc, "/") {
				v.errorf(lp, diag.RuleMirrorSource, "%q is not a registry or repository: give host[:port][/path] with no scheme, tag or digest, e.g. quay.io/containerdisks", loc)
			}
		}
		for j, c := range m.Clusters {
			if !v.hasCluster(c) {
				v.errorf(indexPath(p+".clusters", j), diag.RuleUnknownCluster, "cluster %q is not defined in spec.clusters%s", c, suggest(c, v.clusterNames()))
			}
		}
	}
}

// disconnectedPlan: on a disconnected cluster every image and URL a VM or a
// golden image pulls comes from a mirror or a local host. Otherwise the
// import pod (or the node) waits on a registry it cannot reach and the VM
// stays Provisioning: the seed's "VM stuck in Scheduling for minutes".
func (v *validator) disconnectedPlan(p *plan.Plan) {
	for _, c := range p.Clusters {
		if !c.Spec.Disconnected {
			continue
		}
		cp := diag.Path("spec.clusters").Index(c.Index)
		for _, img := range p.Images(c) {
			host, repo := plan.ImageReference(img.Registry)
			if !p.Reachable(c, host, repo) {
				v.errorf(indexPath("spec.images", imageIndex(p, img))+".registry", diag.RuleNotMirrored, "golden image %q (%s) is not mirrored for disconnected cluster %q: add a spec.mirrors entry for it there (e.g. source: %s), or list %q in %s.localHosts", img.Name, repo, c.Spec.Name, repoParent(repo), host, cp)
			}
		}
		for _, in := range c.Instances {
			if img := in.VM.Spec.VirtioDrivers; img != "" {
				v.notMirrored(p, c, cp, in, diag.Path("spec.vms").Index(in.VM.Index).Child("virtioDrivers"), img)
			}
			if snap := plan.Snapshots(in.VM.Spec, &p.Fleet.Spec.Defaults); snap != nil {
				at := diag.Path("spec.vms").Index(in.VM.Index).Child("snapshots").Child("image")
				if in.VM.Spec.Snapshots == nil {
					at = "spec.defaults.snapshots.image"
				}
				v.notMirrored(p, c, cp, in, at, snap.Image)
			}
			for _, d := range in.Disks {
				sp := d.Path + ".source"
				switch s := d.Source; {
				case s.Registry != nil:
					v.notMirrored(p, c, cp, in, sp+".registry.url", s.Registry.URL)
				case s.ContainerDisk != nil:
					v.notMirrored(p, c, cp, in, sp+".containerDisk.image", s.ContainerDisk.Image)
				case s.HTTP != nil:
					v.unreachableURL(p, c, cp, in, sp+".http.url", s.HTTP.URL)
				case s.S3 != nil:
					v.unreachableURL(p, c, cp, in, sp+".s3.url", s.S3.URL)
				}
			}
		}
	}
}

func (v *validator) notMirrored(p *plan.Plan, c *plan.Cluster, cp diag.Path, in *plan.Instance, path diag.Path, image string) {
	host, repo := plan.ImageReference(image)
	if !p.Reachable(c, host, repo) {
		v.errorf(path, diag.RuleNotMirrored, "image %s of vm %q is not mirrored for disconnected cluster %q: add a spec.mirrors entry for it there (e.g. source: %s), or list %q in %s.localHosts", repo, in.VM.Spec.Name, c.Spec.Name, repoParent(repo), host, cp)
	}
}

func (v *validator) unreachableURL(p *plan.Plan, c *plan.Cluster, cp diag.Path, in *plan.Instance, path diag.Path, raw string) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return // the url rules report it
	}
	if !p.Reachable(c, u.Host, "") {
		v.errorf(path, diag.RuleNotMirrored, "%s of vm %q is on host %q, which disconnected cluster %q cannot reach: stage the image in the site's registry or server and use that, or list %q in %s.localHosts", raw, in.VM.Spec.Name, u.Host, c.Spec.Name, u.Host, cp)
	}
}

// repoParent is the repository one level up (quay.io/containerdisks for
// quay.io/containerdisks/fedora), the usual mirror source.
func repoParent(repo string) string {
	if i := strings.LastIndex(repo, "/"); i > 0 {
		return repo[:i]
	}
	return repo
}
