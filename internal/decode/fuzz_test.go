package decode

import (
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/diag"
)

// FuzzFleet checks that Fleet never panics, and returns either a fleet and
// no findings or no fleet and at least one error finding, sorted, capped,
// each in lowercase words with a rule; and that it is deterministic. The
// seed corpus is testdata/fuzz/FuzzFleet (regression inputs the fuzzer found
// stay there) plus the inputs of the table tests.
func FuzzFleet(f *testing.F) {
	if data, err := os.ReadFile("testdata/example.yaml"); err == nil {
		f.Add(data)
	}
	for _, tc := range findingCases {
		f.Add([]byte(tc.in))
	}
	for _, tc := range schemaCases {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		src, findings := Fleet("fuzz.yaml", data)
		checkResult(t, src, findings)
		src2, findings2 := Fleet("fuzz.yaml", data)
		if diff := cmp.Diff(findings, findings2); diff != "" {
			t.Fatalf("findings differ between runs (-first +second):\n%s", diff)
		}
		if (src == nil) != (src2 == nil) {
			t.Fatalf("result differs between runs")
		}
		if src != nil {
			if diff := cmp.Diff(src.Fleet, src2.Fleet); diff != "" {
				t.Fatalf("fleet differs between runs (-first +second):\n%s", diff)
			}
			for _, p := range []diag.Path{"", "spec", "spec.clusters[0].name", `spec.clusters[0].nodeSelector["a"]`, "spec.vms[1000000].disk", `["`, "]", "."} {
				if l := src.Line(p); l < 0 {
					t.Fatalf("Line(%q) = %d", p, l)
				}
			}
			for p, l := range src.lines {
				if l <= 0 {
					t.Fatalf("path %q has line %d", p, l)
				}
			}
		}
	})
}

func checkResult(t *testing.T, src *Source, findings diag.List) {
	t.Helper()
	if findings.HasErrors() {
		if src != nil {
			t.Fatalf("both a source and errors:\n%v", findings)
		}
	} else {
		if len(findings) > 0 {
			t.Fatalf("findings without an error:\n%v", findings)
		}
		if src == nil || src.Fleet == nil {
			t.Fatalf("neither a fleet nor an error")
		}
	}
	if len(findings) > MaxFindings+1 {
		t.Fatalf("%d findings, over the cap", len(findings))
	}
	sorted := append(diag.List(nil), findings...)
	sorted.Sort()
	if diff := cmp.Diff(sorted, findings); diff != "" {
		t.Fatalf("findings not sorted (-sorted +got):\n%s", diff)
	}
	for i, f := range findings {
		if f.Severity != diag.Error || f.File != "fuzz.yaml" || f.Rule == "" || f.Message == "" || f.Line < 0 {
			t.Fatalf("bad finding %#v", f)
		}
		if r, _ := utf8.DecodeRuneInString(f.Message); unicode.IsUpper(r) {
			t.Fatalf("message not lowercase: %q", f.Message)
		}
		if f.Rule == diag.RuleTooMany && i != len(findings)-1 {
			t.Fatalf("the summary is not last")
		}
		if strings.ContainsAny(f.Message, "\n") {
			t.Fatalf("message on several lines: %q", f.Message)
		}
	}
}
