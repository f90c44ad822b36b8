package render_test

import (
	"strings"
	"testing"
)

// Two clusters alike but for their mirrors get different patches: the
// mirrored one pulls the registry disk by node. The overlay patch is
// shared between clusters of one variant (variantKey), so the node pull
// must be part of the variant.
func TestOverlayNodePullPerCluster(t *testing.T) {
	fleet := `apiVersion: vmfleet.dev/v1alpha1
kind: VMFleet
metadata:
  name: demo
spec:
  gitops:
    repoURL: https://git.example/fleet
    path: fleets/demo
  mirrors:
    - source: quay.io/containerdisks
      mirrors: [mirror.lab/containerdisks]
      clusters: [east]
  clusters:
    - name: east
      storageClass: ceph
      accessMode: ReadWriteMany
    - name: west
      storageClass: ceph
      accessMode: ReadWriteMany
  vms:
    - name: app
      namespace: apps
      instancetype: u1.small
      disk:
        size: 10Gi
        source:
          registry: {url: "docker://quay.io/containerdisks/fedora:41"}
`
	_, files := treeOf(t, fleet)
	east, west := string(files["overlays/east/kustomization.yaml"]), string(files["overlays/west/kustomization.yaml"])
	if !strings.Contains(east, "/spec/dataVolumeTemplates/0/spec/source/registry/pullMethod") {
		t.Errorf("east has mirrors, its overlay pulls by node:\n%s", east)
	}
	if strings.Contains(west, "pullMethod") {
		t.Errorf("west has no mirrors, its overlay keeps CDI's pod pull:\n%s", west)
	}
}
