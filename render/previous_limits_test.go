package render_test

import (
	"fmt"
	"strings"
	"testing"

	"vmfleet.dev/vmfleet/diag"
)

// The names Previous echoes come from the files of the old tree, which may
// be anything: they are clipped, and the findings capped.
func TestPreviousClipsAndCaps(t *testing.T) {
	f, files := treeOf(t, strings.ReplaceAll(previousFleet, "KV", "1.6"))
	huge := strings.Repeat("c", 100_000)
	vms := `resources: ["../../base/` + strings.Repeat("v", 100_000) + `"]` + "\n"
	for i := range 200 {
		files[fmt.Sprintf("overlays/%s-%d/kustomization.yaml", huge, i)] = []byte(vms)
	}
	got := f.Previous(files)
	if len(got) != diag.MaxFindings+1 {
		t.Fatalf("%d findings, want %d and one \"… and N more\"", len(got), diag.MaxFindings+1)
	}
	for _, x := range got {
		if s := x.String(); len(s) > 2*diag.MaxValue+1024 {
			t.Errorf("a finding of %d bytes: %.200s…", len(s), s)
		}
	}
	if last := got[len(got)-1]; last.Message != "… and 150 more" || last.Severity != diag.Warning {
		t.Errorf("last finding: %.300v", last)
	}
}
