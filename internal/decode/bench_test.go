package decode

import "testing"

// BenchmarkFleet decodes a generated fleet of 1,000 clusters and 20 VMs.
func BenchmarkFleet(b *testing.B) {
	data := genFleet(1000, 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, findings := Fleet("bench.yaml", data); len(findings) > 0 {
			b.Fatal(findings)
		}
	}
}

// BenchmarkFleet3500 is the largest fleet the brief names: 3,500 clusters.
func BenchmarkFleet3500(b *testing.B) {
	data := genFleet(3500, 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, findings := Fleet("bench.yaml", data); len(findings) > 0 {
			b.Fatal(findings)
		}
	}
}

// BenchmarkParseOnly is the yaml parser alone on the 1,000 × 20 fleet: what
// decoding cannot go below.
func BenchmarkParseOnly(b *testing.B) {
	data := genFleet(1000, 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		d := &decoder{}
		if d.document(data) == nil {
			b.Fatal(d.findings)
		}
	}
}
