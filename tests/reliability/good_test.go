package reliability

import (
	"path/filepath"
	"strings"
	"testing"
)

// Fleets that look like bad ones but are fine (testdata/good: lock_passwd,
// a CA certificate, a 47-character name that live-migrates, an @ in a url
// that is no credential, values at the edge of their ranges, anchors, flow
// style, CRLF line endings, a byte-order mark): a rule that rejects one of
// them is too eager. Each validates, builds and renders.
func TestGoodLookalikes(t *testing.T) {
	fleets, err := filepath.Glob("testdata/good/*.yaml")
	if err != nil || len(fleets) == 0 {
		t.Fatalf("no good fleets: %v", err)
	}
	for _, fleet := range fleets {
		t.Run(strings.TrimSuffix(filepath.Base(fleet), ".yaml"), func(t *testing.T) {
			t.Parallel()
			if r := run(nil, "validate", fleet); r.code != 0 || !strings.Contains(r.stdout, "valid fleet") || strings.Contains(r.stderr, "error") {
				t.Errorf("validate: %v", r)
			}
			if r := run(nil, "build", fleet); r.code != 0 || r.stdout == "" {
				t.Errorf("build: %v", r)
			}
			if r := run(nil, "render", fleet, "-o", filepath.Join(t.TempDir(), "out")); r.code != 0 {
				t.Errorf("render: %v", r)
			}
		})
	}
}
