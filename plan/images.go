package plan

import (
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
)

// Golden images and registry mirrors: which clusters keep which image,
// which mirrors serve a cluster and how its registry sources are pulled.

// ImageCronSuffix makes a golden image's DataImportCron name (HCO's common
// images are named <DataSource>-image-cron too).
const ImageCronSuffix = "-image-cron"

// Image is the fleet's golden image of that name, or nil.
func (p *Plan) Image(name string) *v1alpha1.GoldenImage {
	for i := range p.Fleet.Spec.Images {
		if p.Fleet.Spec.Images[i].Name == name {
			return &p.Fleet.Spec.Images[i]
		}
	}
	return nil
}

// ImageOn says whether cluster keeps the golden image.
func ImageOn(img *v1alpha1.GoldenImage, cluster string) bool {
	return len(img.Clusters) == 0 || contains(img.Clusters, cluster)
}

// Images are the golden images cluster c keeps, in fleet order.
func (p *Plan) Images(c *Cluster) []*v1alpha1.GoldenImage {
	var out []*v1alpha1.GoldenImage
	for i := range p.Fleet.Spec.Images {
		if img := &p.Fleet.Spec.Images[i]; ImageOn(img, c.Spec.Name) {
			out = append(out, img)
		}
	}
	return out
}

// ImageStorageClass is the class of a golden image's imports on cluster c:
// its own, else the cluster's, else the fleet default, so VM disks of that
// class clone it within one storage class (a CSI clone or snapshot rather
// than a copy through a pod).
func (p *Plan) ImageStorageClass(img *v1alpha1.GoldenImage, c *Cluster) string {
	return first(img.StorageClass, c.Spec.StorageClass, p.Fleet.Spec.Defaults.StorageClass)
}

// Mirrors are the registry mirrors cluster c uses, in fleet order.
func (p *Plan) Mirrors(c *Cluster) []*v1alpha1.Mirror {
	var out []*v1alpha1.Mirror
	for i := range p.Fleet.Spec.Mirrors {
		m := &p.Fleet.Spec.Mirrors[i]
		if len(m.Clusters) == 0 || contains(m.Clusters, c.Spec.Name) {
			out = append(out, m)
		}
	}
	return out
}

// NodePull says whether registry sources on cluster c are pulled by the
// node: where mirrors are in play. CDI's default pullMethod pod runs its own
// client in the importer pod, which reads none of the cluster's
// ImageDigestMirrorSets or ImageTagMirrorSets; pullMethod node makes the
// node's container runtime pull the image, mirrors and all
// (kubevirt/containerized-data-importer doc/image-from-registry.md). The
// base instance (c nil) pulls as CDI does by default.
func (p *Plan) NodePull(c *Cluster) bool {
	return c != nil && len(p.Mirrors(c)) > 0
}

// Reachable says whether cluster c can reach a registry image (host/path,
// no scheme or tag) or a URL's host: a connected cluster reaches anything; a
// disconnected one only its localHosts and what its mirrors serve.
func (p *Plan) Reachable(c *Cluster, host, image string) bool {
	if !c.Spec.Disconnected {
		return true
	}
	if contains(c.Spec.LocalHosts, host) {
		return true
	}
	if image == "" {
		return false
	}
	for _, m := range p.Mirrors(c) {
		// A mirror source matches the image's registry, or a repository
		// prefix at a path boundary, as containers-registries.conf(5) does.
		if image == m.Source || strings.HasPrefix(image, strings.TrimSuffix(m.Source, "/")+"/") {
			return true
		}
	}
	return false
}

// ImageReference splits a registry URL (docker://host/path:tag or
// host/path@sha256:...) into its host and its repository (host/path).
func ImageReference(u string) (host, repo string) {
	rest := u
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	if i := strings.Index(rest, "@"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndex(rest, ":"); i > strings.LastIndex(rest, "/") {
		rest = rest[:i] // the tag
	}
	host, _, _ = strings.Cut(rest, "/")
	return host, rest
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Snapshots is the snapshot policy of vm: its own, else the fleet default.
func Snapshots(vm *v1alpha1.VM, d *v1alpha1.Defaults) *v1alpha1.SnapshotPolicy {
	if vm.Snapshots != nil {
		return vm.Snapshots
	}
	return d.Snapshots
}

// first is the first non-empty value.
func first[T ~string](values ...T) T {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
