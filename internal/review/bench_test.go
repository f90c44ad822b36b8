package review_test

import (
	"io"
	"testing"

	"vmfleet.dev/vmfleet/internal/review"
)

// BenchmarkDiff: both fleets' hub and cluster objects rendered, emitted
// and compared, the old tree rendered for render's refusals, the text out.
func BenchmarkDiff(b *testing.B) {
	old, new := load(b, "testdata/old.yaml"), load(&testing.T{}, "testdata/new.yaml")
	for b.Loop() {
		d, err := review.Diff(old, new)
		if err != nil {
			b.Fatal(err)
		}
		if err := d.Text(io.Discard, false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlan: the plan of the windows example, as text and HTML.
func BenchmarkPlan(b *testing.B) {
	f := load(b, "../../examples/windows/fleet.yaml")
	for b.Loop() {
		fp, err := review.Plan(f, "")
		if err != nil {
			b.Fatal(err)
		}
		if err := fp.Text(io.Discard, false); err != nil {
			b.Fatal(err)
		}
		if err := fp.HTML(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
