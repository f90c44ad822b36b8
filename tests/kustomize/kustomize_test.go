// Package kustomize proves the rendered tree and 'vmfleet build --cluster'
// agree: for every example and every cluster, kustomize's build of
// overlays/<cluster> gives the same set of objects. TestKrusty uses the
// kustomize API in process (fast, always); TestRealKustomize runs the real
// kustomize binary (make test-kustomize).
package kustomize

import (
	"errors"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"

	"vmfleet.dev/vmfleet/tests/internal/testutil"
)

func TestKrusty(t *testing.T) {
	for _, dir := range testutil.Examples(t) {
		fleet := testutil.Load(t, filepath.Join(dir, "fleet.yaml"))
		fs := filesys.MakeFsInMemory()
		for p, data := range testutil.TreeBytes(t, fleet) {
			if err := fs.WriteFile(path.Join("/tree", p), data); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range fleet.ClusterNames() {
			t.Run(filepath.Base(dir)+"/"+c, func(t *testing.T) {
				res, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(fs, "/tree/overlays/"+c)
				if err != nil {
					t.Fatalf("kustomize build overlays/%s: %v", c, err)
				}
				got, err := res.AsYaml()
				if err != nil {
					t.Fatal(err)
				}
				compare(t, got, testutil.ClusterStream(t, fleet, c))
			})
		}
	}
}

func TestRealKustomize(t *testing.T) {
	bin := os.Getenv("VMFLEET_KUSTOMIZE")
	if bin == "" {
		t.Skip("set VMFLEET_KUSTOMIZE to a kustomize binary (make test-kustomize builds v5.8.1 and does)")
	}
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("%s version: %v\n%s", bin, err, out)
	}
	t.Logf("kustomize %s", out)
	for _, dir := range testutil.Examples(t) {
		fleet := testutil.Load(t, filepath.Join(dir, "fleet.yaml"))
		root := t.TempDir()
		for p, data := range testutil.TreeBytes(t, fleet) {
			f := filepath.Join(root, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Run(filepath.Base(dir)+"/hub", func(t *testing.T) {
			cmd := exec.Command(bin, "build", filepath.Join(root, "hub"))
			got, err := cmd.Output()
			if err != nil {
				t.Fatalf("kustomize build hub: %v\n%s", err, stderr(err))
			}
			compare(t, got, hubStream(t, dir))
		})
		for _, c := range fleet.ClusterNames() {
			t.Run(filepath.Base(dir)+"/"+c, func(t *testing.T) {
				got, err := exec.Command(bin, "build", filepath.Join(root, "overlays", c)).Output()
				if err != nil {
					t.Fatalf("kustomize build overlays/%s: %v\n%s", c, err, stderr(err))
				}
				compare(t, got, testutil.ClusterStream(t, fleet, c))
			})
		}
	}
}

func hubStream(t *testing.T, dir string) []byte {
	fleet := testutil.Load(t, filepath.Join(dir, "fleet.yaml"))
	return testutil.HubStream(t, fleet)
}

func compare(t *testing.T, kustomized, built []byte) {
	t.Helper()
	got, want := testutil.Objects(t, kustomized), testutil.Objects(t, built)
	if len(want) == 0 {
		t.Fatal("vmfleet built no objects")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("kustomize build differs from vmfleet build (-vmfleet +kustomize):\n%s", diff)
	}
}

func stderr(err error) string {
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
		return string(ee.Stderr)
	}
	return ""
}
