package review_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"vmfleet.dev/vmfleet/internal/review"
	"vmfleet.dev/vmfleet/render"
)

// Regenerate with `VMFLEET_UPDATE_GOLDEN=1 go test ./internal/review/`, then read the diff.
var update = os.Getenv("VMFLEET_UPDATE_GOLDEN") != ""

func load(t testing.TB, file string) *render.Fleet {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	f, findings := render.Load(file, data)
	if f == nil {
		t.Fatalf("%s: %v", file, findings)
	}
	return f
}

func golden(t *testing.T, file string, got []byte) {
	t.Helper()
	if update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (regenerate with VMFLEET_UPDATE_GOLDEN=1)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs (regenerate with VMFLEET_UPDATE_GOLDEN=1 and read the diff); got:\n%s", file, got)
	}
}

// The pair of fleets changes one thing of each class; the diff names each.
func TestDiff(t *testing.T) {
	d, err := review.Diff(load(t, "testdata/old.yaml"), load(t, "testdata/new.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Empty() {
		t.Fatal("the pair differs, the diff is empty")
	}
	var b bytes.Buffer
	if err := d.Text(&b, false); err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join("testdata", "diff.golden"), b.Bytes())

	kinds := map[string]bool{}
	for _, s := range d.Scopes {
		for _, r := range s.Risks {
			kinds[r.Kind] = true
		}
	}
	for _, k := range []string{review.RiskDisksRecreated, review.RiskRestart, review.RiskPower, review.RiskVMRemoved,
		review.RiskClusterRemoved, review.RiskOperatorUpgrade} {
		if !kinds[k] {
			t.Errorf("no %s risk in the diff of the pair", k)
		}
	}
	if len(d.Refused) != 1 {
		t.Errorf("render refusals = %v, want db leaving west unretired", d.Refused)
	}

	same, err := review.Diff(load(t, "testdata/old.yaml"), load(t, "testdata/old.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !same.Empty() {
		t.Errorf("a fleet against itself: %+v", same.Scopes)
	}
}
