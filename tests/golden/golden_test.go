// Package golden keeps each example's rendered tree in examples/<name>/expected,
// the output a user can read before running anything. The real tools stand
// behind these files: tests/kustomize builds every overlay with kustomize,
// tests/e2e applies every object to a real kube-apiserver.
package golden

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"vmfleet.dev/vmfleet/tests/internal/testutil"
)

// Regenerate with `make golden` (VMFLEET_UPDATE_GOLDEN=1), then read the diff.
var update = os.Getenv("VMFLEET_UPDATE_GOLDEN") != ""

func TestGolden(t *testing.T) {
	for _, dir := range testutil.Examples(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want := testutil.TreeBytes(t, testutil.Load(t, filepath.Join(dir, "fleet.yaml")))
			expected := filepath.Join(dir, "expected")
			if update {
				if err := os.RemoveAll(expected); err != nil {
					t.Fatal(err)
				}
				for p, data := range want {
					f := filepath.Join(expected, filepath.FromSlash(p))
					if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(f, data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			got := map[string][]byte{}
			err := filepath.WalkDir(expected, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				rel, _ := filepath.Rel(expected, p)
				data, err := os.ReadFile(p)
				got[filepath.ToSlash(rel)] = data
				return err
			})
			if err != nil {
				t.Fatalf("read %s: %v (run make golden)", expected, err)
			}
			for p, data := range want {
				if g, ok := got[p]; !ok {
					t.Errorf("%s/%s is missing (run make golden)", expected, p)
				} else if !bytes.Equal(g, data) {
					t.Errorf("%s/%s differs from what vmfleet renders (run make golden and read the diff)", expected, p)
				}
			}
			for p := range got {
				if _, ok := want[p]; !ok {
					t.Errorf("%s/%s is not rendered any more (run make golden)", expected, p)
				}
			}
		})
	}
}
