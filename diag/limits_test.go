package diag

import (
	"fmt"
	"strings"
	"testing"
)

func TestClip(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"abc", 3, "abc"},
		{"abcd", 3, "abc…"},
		{"aé", 2, "a…"}, // é is two bytes: never cut inside a rune
		{"", 0, ""},
	} {
		if got := Clip(tc.in, tc.max); got != tc.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
	}
}

func TestNewfClipsValues(t *testing.T) {
	huge := strings.Repeat("x", 100_000)
	f := Newf(Error, Path("spec.vms").Child(huge), RuleDuplicate, "vm %q at %s, %d", huge, Path(huge), 7)
	want := fmt.Sprintf("vm %q at %s, 7", strings.Repeat("x", MaxValue)+"…", strings.Repeat("x", MaxValue)+"…")
	if f.Message != want {
		t.Errorf("message %.100q…, want %.100q…", f.Message, want)
	}
	if len(f.Path) < 100_000 {
		t.Errorf("Newf clipped the path (%d bytes): it must stay whole until it is located", len(f.Path))
	}
}

// Capped keeps an error whenever it drops one, and counts exactly the
// errors it drops.
func TestCapped(t *testing.T) {
	var l List
	for i := range 5 {
		l = append(l, Finding{Severity: Warning, Line: i + 1, Message: "w"})
	}
	for i := range 7 {
		l = append(l, Finding{Severity: Error, Line: 10 + i, Message: "e", Path: Path(strings.Repeat("p", 1000))})
	}
	got := l.Capped(6)
	if len(got) != 7 {
		t.Fatalf("%d findings, want 6 and one more", len(got))
	}
	more := got[6]
	if more.Severity != Error || more.Rule != RuleTooMany || more.Message != "… and 6 more" || more.Dropped != 6 {
		t.Errorf("last finding %+v", more)
	}
	if n := got.Errors().Count(); n != 7 {
		t.Errorf("Errors().Count() = %d, want 7", n)
	}
	if len(got[5].Path) > MaxPath+len("…") {
		t.Errorf("path not clipped: %d bytes", len(got[5].Path))
	}
	// Only warnings dropped: the closing finding is a warning.
	w := List{{Severity: Error, Line: 1}, {Severity: Warning, Line: 2}, {Severity: Warning, Line: 3}}.Capped(1)
	if len(w) != 2 || w[1].Severity != Warning || w[1].Dropped != 2 || !w.HasErrors() {
		t.Errorf("got %+v", w)
	}
	if short := (List{{Line: 2}, {Line: 1}}).Capped(5); len(short) != 2 || short[0].Line != 1 {
		t.Errorf("a short list is sorted and whole: %+v", short)
	}
}
