package review

import (
	"os"
	"os/exec"
	"testing"
)

// Unified agrees with diff -u where the machine has diffutils, and on a
// fixed case everywhere.
func TestUnified(t *testing.T) {
	a := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"
	b := "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n"
	want := "--- a/x\n+++ b/x\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -11,3 +11,4 @@\n k\n l\n m\n+n\n"
	if got := Unified("x", []byte(a), []byte(b)); got != want {
		t.Errorf("Unified:\n%s\nwant:\n%s", got, want)
	}
	if got := Unified("x", []byte(a), []byte(a)); got != "" {
		t.Errorf("equal texts: %q", got)
	}
	diff, err := exec.LookPath("diff")
	if err != nil {
		t.Skip("no diff on this machine")
	}
	cases := [][2]string{
		{a, b},
		{"", "x\ny\n"},
		{"x\ny\n", ""},
		{"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "1\n2\nx\n4\n5\n6\n7\n8\ny\n10\n"},
		{"k: 1\nl: 2\nm: 3\n", "k: 1\nm: 3\nn: 4\nl: 2\n"},
	}
	dir := t.TempDir()
	for _, c := range cases {
		if err := os.WriteFile(dir+"/a", []byte(c[0]), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dir+"/b", []byte(c[1]), 0o600); err != nil {
			t.Fatal(err)
		}
		out, _ := exec.Command(diff, "-u", "--label", "a/x", "--label", "b/x", dir+"/a", dir+"/b").Output()
		got := Unified("x", []byte(c[0]), []byte(c[1]))
		if got != string(out) {
			t.Errorf("%q → %q:\ngot:\n%s\ndiff -u:\n%s", c[0], c[1], got, out)
		}
	}
}
