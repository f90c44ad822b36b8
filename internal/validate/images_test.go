package validate_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// images is a spec.images section after one cluster (lines 13 on).
func images(lines ...string) string {
	return "  images:\n    - " + strings.Join(lines, "\n      ") + "\n"
}

func imageVM(extra string) string {
	return strings.Replace(vm(extra), "blank: {}", "image: fedora41", 1)
}

const fedora41 = "name: fedora41"

// Each golden-image and mirror rule shows its exact message, field and
// line; a fleet that follows them passes.
func TestImageRules(t *testing.T) {
	reg := "registry: docker://quay.io/containerdisks/fedora:41"
	for _, tc := range []struct {
		name  string
		fleet string
		want  []string
	}{{
		name:  "a golden image, cloned",
		fleet: fleet(oneCluster, images(fedora41, reg, "size: 30Gi"), imageVM("")),
	}, {
		name:  "a name HCO ships",
		fleet: fleet(oneCluster, images("name: fedora", reg, "size: 30Gi"), vm("")),
		want:  []string{`f.yaml:14: error: spec.images[0].name: "fedora" is a golden image HCO ships: a template named fedora-image-cron changes that common image (HCO keeps only its storage and whether it is enabled), so this registry would never be imported; give the image another name`},
	}, {
		name:  "not a registry",
		fleet: fleet(oneCluster, images(fedora41, "registry: https://images.example.com/fedora.qcow2", "size: 30Gi"), vm("")),
		want:  []string{`f.yaml:15: error: spec.images[0].registry: "https://images.example.com/fedora.qcow2" must start with docker://: a DataImportCron polls a registry for new versions`},
	}, {
		name:  "a schedule CDI rejects",
		fleet: fleet(oneCluster, images(fedora41, reg, "size: 30Gi", "schedule: every day"), vm("")),
		want:  []string{`f.yaml:17: error: spec.images[0].schedule: "every day" is not a cron schedule CDI accepts: five fields (minute hour day-of-month month day-of-week, e.g. "0 */12 * * *") or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly`},
	}, {
		name:  "a name CDI cannot give a DataSource",
		fleet: fleet(oneCluster, images("name: 9fedora", reg, "size: 30Gi"), vm("")),
		want:  []string{`f.yaml:14: error: spec.images[0].name: "9fedora" is not a valid name: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`},
	}, {
		name:  "an image no one declared",
		fleet: fleet(oneCluster, images(fedora41, reg, "size: 30Gi"), strings.Replace(vm(""), "blank: {}", "image: fedora40", 1)),
		want:  []string{`f.yaml:24: error: spec.vms[0].disk.source.image: image "fedora40" is not defined in spec.images; did you mean "fedora41"?`},
	}, {
		name:  "an image the VM's cluster does not keep",
		fleet: fleet(twoClusters, images(fedora41, reg, "size: 30Gi", "clusters: [east]"), imageVM("")),
		want:  []string{`f.yaml:26: error: spec.vms[0].disk.source.image: vm "app" clones golden image "fedora41" on cluster "west", which does not keep it: add "west" to spec.images[0].clusters`},
	}, {
		name:  "a tenant fleet declares images",
		fleet: fleet("  virtualization:\n    managedBy: platform\n", oneCluster, images(fedora41, reg, "size: 30Gi"), vm("")),
		want:  []string{`f.yaml:15: error: spec.images: fleet "platform" manages the HyperConverged CR of these clusters (spec.virtualization.managedBy), which holds the golden images: declare them there, and clone them here with disk.source.dataSource {name: NAME, namespace: openshift-virtualization-os-images}`},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, findings(t, tc.fleet)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

// disconnected is one disconnected cluster with a mirror of
// quay.io/containerdisks and a local image server (lines 9-22).
const disconnected = `  clusters:
    - name: east
      disconnected: true
      localHosts: [images.east.lab]
  mirrors:
    - source: quay.io/containerdisks
      mirrors: [mirror.east.lab:5000/containerdisks]
`

// What a disconnected cluster pulls must come from a mirror or a local host.
func TestDisconnectedRules(t *testing.T) {
	src := func(s string) string { return strings.Replace(vm(""), "blank: {}", s, 1) }
	for _, tc := range []struct {
		name  string
		fleet string
		want  []string
	}{{
		name:  "a mirrored registry disk, a local http disk",
		fleet: fleet(disconnected, src("registry:\n            url: docker://quay.io/containerdisks/fedora:41"), "    - name: b\n      namespace: apps\n      instancetype: u1.small\n      disk:\n        size: 1Gi\n        source:\n          http: {url: https://images.east.lab/b.qcow2}\n"),
	}, {
		name:  "a registry disk no mirror serves",
		fleet: fleet(disconnected, src("registry:\n            url: docker://registry.example.com/vm/fedora:41")),
		want:  []string{`f.yaml:24: error: spec.vms[0].disk.source.registry.url: image registry.example.com/vm/fedora of vm "app" is not mirrored for disconnected cluster "east": add a spec.mirrors entry for it there (e.g. source: registry.example.com/vm), or list "registry.example.com" in spec.clusters[0].localHosts`},
	}, {
		name:  "a mirror of a sibling repository is no mirror",
		fleet: fleet(disconnected, src("registry:\n            url: docker://quay.io/containerdisks-old/fedora:41")),
		want:  []string{`f.yaml:24: error: spec.vms[0].disk.source.registry.url: image quay.io/containerdisks-old/fedora of vm "app" is not mirrored for disconnected cluster "east": add a spec.mirrors entry for it there (e.g. source: quay.io/containerdisks-old), or list "quay.io" in spec.clusters[0].localHosts`},
	}, {
		name:  "an http disk from outside the site",
		fleet: fleet(disconnected, src("http:\n            url: https://download.example.com/b.qcow2")),
		want:  []string{`f.yaml:24: error: spec.vms[0].disk.source.http.url: https://download.example.com/b.qcow2 of vm "app" is on host "download.example.com", which disconnected cluster "east" cannot reach: stage the image in the site's registry or server and use that, or list "download.example.com" in spec.clusters[0].localHosts`},
	}, {
		name:  "a container disk no mirror serves",
		fleet: fleet(disconnected, strings.Replace(strings.Replace(vm(""), "blank: {}", "containerDisk: {image: docker.io/library/alpine:3}", 1), "        size: 10Gi\n", "", 1)),
		want:  []string{`f.yaml:22: error: spec.vms[0].disk.source.containerDisk.image: image docker.io/library/alpine of vm "app" is not mirrored for disconnected cluster "east": add a spec.mirrors entry for it there (e.g. source: docker.io/library), or list "docker.io" in spec.clusters[0].localHosts`},
	}, {
		name:  "a virtio driver image no mirror serves",
		fleet: fleet("  virtualization:\n    hyperconverged:\n      vmStateStorageClass: ceph\n", disconnected, vm("      virtioDrivers: registry.redhat.io/container-native-virtualization/virtio-win-rhel9:v4.18\n      os: windows\n")),
		want:  []string{`f.yaml:27: error: spec.vms[0].virtioDrivers: image registry.redhat.io/container-native-virtualization/virtio-win-rhel9 of vm "app" is not mirrored for disconnected cluster "east": add a spec.mirrors entry for it there (e.g. source: registry.redhat.io/container-native-virtualization), or list "registry.redhat.io" in spec.clusters[0].localHosts`},
	}, {
		name:  "a golden image no mirror serves",
		fleet: fleet(disconnected, images(fedora41, "registry: docker://registry.example.com/os/fedora:41", "size: 30Gi"), vm("")),
		want:  []string{`f.yaml:18: error: spec.images[0].registry: golden image "fedora41" (registry.example.com/os/fedora) is not mirrored for disconnected cluster "east": add a spec.mirrors entry for it there (e.g. source: registry.example.com/os), or list "registry.example.com" in spec.clusters[0].localHosts`},
	}, {
		name:  "a mirror written as a URL",
		fleet: fleet(strings.Replace(disconnected, "mirrors: [mirror.east.lab:5000/containerdisks]", "mirrors: [docker://mirror.east.lab:5000/containerdisks]", 1), vm("")),
		want:  []string{`f.yaml:15: error: spec.mirrors[0].mirrors[0]: "docker://mirror.east.lab:5000/containerdisks" is not a registry or repository: give host[:port][/path] with no scheme, tag or digest, e.g. quay.io/containerdisks`},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, findings(t, tc.fleet)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}
