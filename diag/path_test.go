package diag

import "testing"

func TestPath(t *testing.T) {
	for _, tc := range []struct {
		parent Path
		key    string
		want   Path
	}{
		{"", "spec", "spec"},
		{"spec", "vms", "spec.vms"},
		{"a.nodeSelector", "kubernetes.io/arch", `a.nodeSelector["kubernetes.io/arch"]`},
		{"a", `x"y`, `a["x\"y"]`},
		{"a", "", `a[""]`},
		{"a", "under_score-dash9", "a.under_score-dash9"},
		{"a", "ünï", `a["ünï"]`},
		{"", "a b", `["a b"]`},
	} {
		got := tc.parent.Child(tc.key)
		if got != tc.want {
			t.Errorf("%q.Child(%q) = %q, want %q", tc.parent, tc.key, got, tc.want)
		}
		if p := got.Parent(); p != tc.parent {
			t.Errorf("%q.Parent() = %q, want %q", got, p, tc.parent)
		}
	}
	if got := Path("spec.vms").Index(2); got != "spec.vms[2]" || got.Parent() != "spec.vms" {
		t.Errorf("Index = %q", got)
	}
	if got := Path("spec").Child("vms").Index(0).Child("disk").String(); got != "spec.vms[0].disk" {
		t.Errorf("String = %q", got)
	}
	for _, p := range []Path{`a["`, `"]`, `]`, `a[`, `.`, `x.`, `["]`, `a[1]]`, `a["b\"]`} {
		if q := p.Parent(); len(q) >= len(p) {
			t.Errorf("%q.Parent() = %q, not shorter", p, q)
		}
	}
}
