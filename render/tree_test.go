package render_test

import (
	"path"
	"strings"
	"testing"

	"vmfleet.dev/vmfleet/render"
	"vmfleet.dev/vmfleet/tests/scale/fixture"
)

// A cluster with VMs in several namespaces gets one allowlist ConfigMap per
// namespace, all with the same name: they cannot share an overlay folder
// (one file name per object), so each lives in its namespace's folder, and
// the overlay holds nothing but its kustomization.yaml.
func TestTreeSharesNamespaceFolders(t *testing.T) {
	fleet, findings := render.Load("fleet.yaml", fixture.Fleet(20, 10))
	if fleet == nil {
		t.Fatalf("fixture does not load: %v", findings)
	}
	files, err := fleet.Tree()
	if err != nil {
		t.Fatalf("tree: %v", err)
	}
	dirs := map[string]bool{}
	for _, f := range files {
		dir, file := path.Split(f.Path)
		dirs[strings.TrimSuffix(dir, "/")] = true
		if strings.HasPrefix(dir, render.OverlaysDir+"/") && file != render.KustomizationFile {
			t.Errorf("overlay file %s: an overlay should hold only its kustomization.yaml", f.Path)
		}
	}
	for _, f := range files {
		dir, file := path.Split(f.Path)
		if file != render.KustomizationFile || !strings.HasPrefix(dir, render.OverlaysDir+"/") {
			continue
		}
		k := f.Object.(*render.Kustomization)
		allowlists := 0
		for _, r := range k.Resources {
			ref := path.Clean(path.Join(dir, r))
			if !dirs[ref] {
				t.Errorf("%s lists %s, which the tree does not hold", f.Path, r)
			}
			if strings.HasSuffix(ref, "/"+render.GuestMetricsDir) {
				allowlists++
			}
		}
		if f.Path == "overlays/"+fixture.ClusterName(0)+"/kustomization.yaml" && allowlists < 2 {
			t.Errorf("%s lists %d allowlists, want the fixture's several namespaces with guest metrics", f.Path, allowlists)
		}
	}
}
