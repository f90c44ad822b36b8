package golden

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"vmfleet.dev/vmfleet/internal/review"
	"vmfleet.dev/vmfleet/tests/internal/testutil"
)

// TestGoldenPlan keeps each example's `vmfleet plan` beside it, as text
// (examples/<name>/plan.txt) and JSON (plan.json), so a reviewer reads
// what lands where before running anything.
func TestGoldenPlan(t *testing.T) {
	for _, dir := range testutil.Examples(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			fp, err := review.Plan(testutil.Load(t, filepath.Join(dir, "fleet.yaml")), "")
			if err != nil {
				t.Fatal(err)
			}
			var text, js bytes.Buffer
			if err := fp.Text(&text, false); err != nil {
				t.Fatal(err)
			}
			if err := fp.JSON(&js); err != nil {
				t.Fatal(err)
			}
			for name, data := range map[string][]byte{"plan.txt": text.Bytes(), "plan.json": js.Bytes()} {
				file := filepath.Join(dir, name)
				if update {
					if err := os.WriteFile(file, data, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(file)
				if err != nil {
					t.Fatalf("%v (run make golden)", err)
				}
				if !bytes.Equal(want, data) {
					t.Errorf("%s differs from what vmfleet plan prints (run make golden and read the diff)", file)
				}
			}
		})
	}
}
