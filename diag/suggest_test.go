package diag

import (
	"strconv"
	"strings"
	"testing"
)

func TestSuggest(t *testing.T) {
	names := []string{"name", "size", "source", "storageClass", "accessMode", "volumeMode"}
	for key, want := range map[string]string{
		"storgeClass":  "storageClass",
		"StorageClass": "storageClass",
		"sise":         "size",
		"szie":         "size",
		"naem":         "name",
		"srouce":       "source",
		"acessMode":    "accessMode",
		"colour":       "",
		"x":            "",
		"zone":         "",
		"":             "",
	} {
		if got := Suggest(key, names); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", key, got, want)
		}
	}
	// Names of the fleet: swapped letters, case, the first of equals.
	for _, tc := range []struct {
		name       string
		candidates []string
		want       string
	}{
		{"vlan01", []string{"vlan10"}, "vlan10"},
		{"eats", []string{"west", "east"}, "east"},
		{"spoke-c", []string{"spoke-a", "spoke-b"}, "spoke-a"},
		{"Spoke-A", []string{"spoke-a"}, "spoke-a"},
		{"db-vlan", []string{"app-vlan"}, ""},
		{"ünï", []string{"üni"}, "üni"},
		{"a", nil, ""},
	} {
		if got := Suggest(tc.name, tc.candidates); got != tc.want {
			t.Errorf("Suggest(%q, %q) = %q, want %q", tc.name, tc.candidates, got, tc.want)
		}
	}
}

// TestSuggestHuge: a name or candidates far longer than any typed name are
// no match, and cost no more than a short one (BenchmarkSuggest).
func TestSuggestHuge(t *testing.T) {
	huge := strings.Repeat("storageClass", 200000/12)
	if got := Suggest(huge, []string{"storageClass"}); got != "" {
		t.Errorf("Suggest(huge) = %q", got)
	}
	if got := Suggest("storageClass", []string{huge, "storageClas"}); got != "storageClas" {
		t.Errorf("Suggest among huge = %q", got)
	}
}

func BenchmarkSuggest(b *testing.B) {
	names := []string{"name", "size", "source", "storageClass", "accessMode", "volumeMode"}
	for _, n := range []int{10, 64, 200000} {
		key := strings.Repeat("x", n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				Suggest(key, names)
			}
		})
	}
}
