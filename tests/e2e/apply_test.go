//go:build e2e

package e2e

import (
	"bytes"
	"testing"
)

// checkAll dry-runs objs (and everything inside their Policies) and reports every failure.
func checkAll(t *testing.T, objs []object) []failure {
	t.Helper()
	all, notes := expand(objs)
	_, fails, more := ck.check(all, dryRun)
	for _, n := range append(notes, more...) {
		t.Log(n)
	}
	return fails
}

// applyTwice applies objs for real (not the objects inside Policies: on a hub those are only data), then
// again, and asserts that the second apply changed nothing: same resourceVersions, and `kubectl diff
// --server-side` finds no difference.
func applyTwice(t *testing.T, objs []object) {
	t.Helper()
	var top []object
	for _, o := range objs {
		if _, skip := ck.skip[o.group()+"/"+o.kind]; skip {
			t.Logf("NOT APPLIED %s: %s", o.describe(), ck.skip[o.group()+"/"+o.kind])
			continue
		}
		top = append(top, o)
	}
	first, fails, notes := ck.check(top, realApply)
	for _, n := range notes {
		t.Log(n)
	}
	for _, f := range fails {
		t.Errorf("first apply: %s", f)
	}
	if t.Failed() {
		return
	}
	second, fails, _ := ck.check(top, realApply)
	for _, f := range fails {
		t.Errorf("second apply: %s", f)
	}
	if len(first) != len(second) {
		t.Fatalf("first apply gave %d results, second %d", len(first), len(second))
	}
	changed := 0
	for i := range first {
		if first[i].resourceVersion != second[i].resourceVersion {
			changed++
			t.Errorf("second apply changed %s: resourceVersion %s → %s", first[i].obj.describe(),
				first[i].resourceVersion, second[i].resourceVersion)
		}
	}
	// kubectl's own verdict: exit 0 = no differences.
	var stream bytes.Buffer
	for _, r := range second {
		stream.WriteString("---\n")
		stream.Write(r.obj.body)
		stream.WriteString("\n")
	}
	out, code, err := ck.main.kubectl(env, stream.Bytes(), "diff", "--server-side", "--field-manager=vmfleet", "-f", "-")
	if err != nil || code != 0 {
		t.Errorf("kubectl diff --server-side after the second apply: exit %d, %v\n%s", code, err, out)
	}
	t.Logf("applied %d objects twice: %d changed on the second apply; kubectl diff --server-side exit %d",
		len(top), changed, code)
}
