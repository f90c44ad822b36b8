package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The golden-images policy cannot take an entry out of the HyperConverged
// CR nor replace one: a render that drops or changes an image the previous
// tree imports warns and names the hand step; one that changes nothing, or
// adds an image, does not.
func TestImageRemovedOrChangedWarns(t *testing.T) {
	fleet := func(images string) []byte {
		return []byte(`apiVersion: vmfleet.dev/v1alpha1
kind: VMFleet
metadata:
  name: img
spec:
  gitops:
    repoURL: https://git.example/fleet
    path: fleets/img
  images:
    - name: fedora41
      registry: docker://quay.io/containerdisks/fedora:41
      size: 30Gi
` + images + `  clusters:
    - name: east
      storageClass: ceph
      accessMode: ReadWriteMany
    - name: west
      storageClass: lvms
      accessMode: ReadWriteOnce
  vms:
    - name: app
      namespace: apps
      instancetype: u1.small
      disk:
        size: 30Gi
        source:
          image: fedora41
`)
	}
	old := "    - name: fedora40\n      registry: docker://quay.io/containerdisks/fedora:40\n      size: 30Gi\n"
	dir := t.TempDir()
	env := map[string]string{"VMFLEET_CACHE_DIR": filepath.Join(dir, "cache")}
	file, out := filepath.Join(dir, "fleet.yaml"), filepath.Join(dir, "out")
	step := func(images string, want ...string) {
		t.Helper()
		if err := os.WriteFile(file, fleet(images), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runWithEnv(env, "render", file, "-o", out)
		if code != 0 {
			t.Fatalf("images %q: exit %d\n%s", images, code, stderr)
		}
		got := strings.Count(stderr, "warning: spec.images: golden image template")
		if got != len(want) {
			t.Errorf("images %q: %d image warnings, want %d\n%s", images, got, len(want), stderr)
		}
		for _, w := range want {
			if !strings.Contains(stderr, w) {
				t.Errorf("images %q: no %q in\n%s", images, w, stderr)
			}
		}
	}
	step(old)
	step(old)                                                                                                            // the same: nothing to say
	step(old + "    - name: tools\n      registry: docker://quay.io/containerdisks/centos-stream:9\n      size: 20Gi\n") // added
	step(old, `golden image template "tools-image-cron" leaves the fleet`)
	step(strings.Replace(old, "size: 30Gi", "size: 40Gi", 1), `golden image template "fedora40-image-cron" changes`)
	step("", `golden image template "fedora40-image-cron" leaves the fleet`)
}
