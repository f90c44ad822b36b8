package cli_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// treeFiles is every file under root with its bytes.
func treeFiles(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameTrees(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for p, w := range want {
		if g, ok := got[p]; !ok || g != w {
			t.Errorf("%s: %s differs from a fresh render (present %v)", what, p, ok)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: %s is not in a fresh render", what, p)
		}
	}
}

// A re-render that uses the memo of the render before gives the tree a
// fresh render gives, byte for byte: after a one-VM edit (one file
// changes), after a generated file was edited by hand (restored), with the
// memo removed or from another fleet's folder; every example and a
// fixture fleet.
func TestReRenderIsAFreshRender(t *testing.T) {
	for _, file := range examplesAndFixture(t) {
		t.Run(filepath.Base(filepath.Dir(file)), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			edited := data
			for _, from := range []string{"memory: 4Gi", "memory: 2Gi", "memory: 8Gi", "memory: 1Gi", "memory: 16Gi", "size: 30Gi", "size: 20Gi"} {
				if i := bytes.Index(data, []byte(from)); i >= 0 {
					edited = append(append(append([]byte{}, data[:i]...), strings.Replace(from, ": ", ": 1", 1)...), data[i+len(from):]...)
					break
				}
			}
			if bytes.Equal(edited, data) {
				t.Skip("no memory or size to edit")
			}
			dir := t.TempDir()
			v1, v2 := filepath.Join(filepath.Dir(file), "fleet.yaml"), filepath.Join(dir, "fleet.yaml")
			if err := os.WriteFile(v2, edited, 0o644); err != nil {
				t.Fatal(err)
			}
			cache := map[string]string{"VMFLEET_CACHE_DIR": filepath.Join(dir, "cache")}
			off := map[string]string{"VMFLEET_CACHE_DIR": "off"}
			render := func(env map[string]string, fleet, out string) string {
				t.Helper()
				code, _, stderr := runWithEnv(env, "render", fleet, "-o", out)
				if code != 0 {
					t.Fatalf("render %s: exit %d\n%s", fleet, code, stderr)
				}
				return stderr
			}
			out, fresh := filepath.Join(dir, "out"), filepath.Join(dir, "fresh")
			render(cache, v1, out)
			render(off, v2, fresh)
			want := treeFiles(t, fresh)

			summary := render(cache, v2, out)
			sameTrees(t, "after the edit", treeFiles(t, out), want)
			if strings.Contains(summary, " 0 changed") {
				t.Errorf("the edit changed nothing: %s", summary)
			}
			// A generated file edited by hand is restored.
			var victim string
			for p := range want {
				if strings.HasSuffix(p, ".yaml") && !strings.Contains(p, "vmfleet") {
					victim = p
					break
				}
			}
			b := []byte(want[victim])
			b[len(b)/2] ^= 1
			if err := os.WriteFile(filepath.Join(out, victim), b, 0o644); err != nil {
				t.Fatal(err)
			}
			if s := render(cache, v2, out); !strings.Contains(s, " 1 changed") {
				t.Errorf("a hand edit of %s: %s, want 1 changed", victim, s)
			}
			sameTrees(t, "after a hand edit", treeFiles(t, out), want)
			// No memo, or the memo of another folder in its place.
			memos, _ := filepath.Glob(filepath.Join(cache["VMFLEET_CACHE_DIR"], "render-*.memo"))
			if len(memos) == 0 {
				t.Fatal("no render memo in the cache folder")
			}
			other := filepath.Join(dir, "other")
			render(cache, v1, other)
			all, _ := filepath.Glob(filepath.Join(cache["VMFLEET_CACHE_DIR"], "render-*.memo"))
			for _, m := range all {
				if m != memos[0] {
					if err := os.Rename(m, memos[0]); err != nil {
						t.Fatal(err)
					}
				}
			}
			render(cache, v2, out)
			sameTrees(t, "with another folder's memo", treeFiles(t, out), want)
			if err := os.Remove(memos[0]); err != nil {
				t.Fatal(err)
			}
			render(cache, v2, out)
			sameTrees(t, "without a memo", treeFiles(t, out), want)
		})
	}
}

// A VM that leaves a cluster without being retired there is refused on a
// re-render whether or not the memo knows the other files (Previous reads
// the overlays whose bytes change, which include that cluster's).
func TestReRenderStillRefusesUnretiredLeave(t *testing.T) {
	fleet := func(clusters string) []byte {
		return []byte(`apiVersion: vmfleet.dev/v1alpha1
kind: VMFleet
metadata:
  name: leave
spec:
  gitops:
    repoURL: https://git.example/fleet
    path: fleets/leave
  clusters:
    - name: east
      storageClass: ceph
      accessMode: ReadWriteMany
    - name: west
      storageClass: ceph
      accessMode: ReadWriteMany
    - name: north
      storageClass: ceph
      accessMode: ReadWriteMany
  vms:
    - name: app
      namespace: apps
      instancetype: u1.small
      clusters: [` + clusters + `]
      disk:
        size: 10Gi
        source:
          dataSource:
            name: rhel9
    - name: db
      namespace: apps
      instancetype: u1.small
      disk:
        size: 10Gi
        source:
          dataSource:
            name: rhel9
`)
	}
	for _, cache := range []string{"memo", "off"} {
		dir := t.TempDir()
		env := map[string]string{"VMFLEET_CACHE_DIR": filepath.Join(dir, "cache")}
		if cache == "off" {
			env["VMFLEET_CACHE_DIR"] = "off"
		}
		file, out := filepath.Join(dir, "fleet.yaml"), filepath.Join(dir, "out")
		if err := os.WriteFile(file, fleet("east, west, north"), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := runWithEnv(env, "render", file, "-o", out); code != 0 {
			t.Fatalf("%s: first render: exit %d\n%s", cache, code, stderr)
		}
		before := treeFiles(t, out)
		if err := os.WriteFile(file, fleet("east, north"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runWithEnv(env, "render", file, "-o", out)
		if code != 1 || !strings.Contains(stderr, `vm "app" leaves cluster "west" without being retired there first`) {
			t.Errorf("%s: re-render dropping an unretired VM from a cluster: exit %d\n%s", cache, code, stderr)
		}
		sameTrees(t, cache+": a refused re-render", treeFiles(t, out), before)
	}
}
