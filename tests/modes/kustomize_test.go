package modes

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const kustomizeFleet = "examples/kustomize/fleet/fleet.yaml"

// kustomize build of a VMFleet generator gives what `vmfleet build` prints.
func TestKustomizeGenerator(t *testing.T) {
	tl := need(t)
	blocks := readmeBlocks(t)
	fleet := filepath.Join(repo, kustomizeFleet)
	for _, tc := range []struct{ block, cluster string }{{"kustomize-hub", ""}, {"kustomize-cluster", "spoke-dc-v7"}} {
		t.Run(tc.block, func(t *testing.T) {
			ws, path := workspace(t, tl)
			r := runBlock(t, ws, path, blocks[tc.block])
			if r.err != nil {
				t.Fatalf("README %s: %s", tc.block, r)
			}
			args := []string{"build", fleet}
			if tc.cluster != "" {
				args = append(args, "--cluster", tc.cluster)
			}
			sameObjects(t, "kustomize build vs vmfleet "+strings.Join(args, " "), vmfleet(t, tl, args...), []byte(r.stdout))
		})
	}
}

// Without --enable-exec kustomize skips the function silently; the
// require-vmfleet component turns that into the error the README shows.
func TestKustomizeWithoutExec(t *testing.T) {
	tl := need(t)
	b := readmeBlocks(t)["kustomize-no-exec"]
	if b.lang != "console" {
		t.Fatalf("README kustomize-no-exec is %q, want console", b.lang)
	}
	var command string
	var want []string
	for _, line := range strings.Split(strings.TrimRight(b.body, "\n"), "\n") {
		if c, ok := strings.CutPrefix(line, "$ "); ok {
			if command != "" {
				t.Fatal("README kustomize-no-exec: one command expected")
			}
			command = c
			continue
		}
		want = append(want, line)
	}
	ws, path := workspace(t, tl)
	r := runScript(t, ws, path, readmeBlocks(t)["setup"].body+"\n"+command)
	if r.err == nil {
		t.Fatalf("kustomize without --enable-exec succeeded: %s", r)
	}
	got := strings.TrimRight(strings.ReplaceAll(r.stdout+r.stderr, ws, "$PWD"), "\n")
	if got != strings.Join(want, "\n") {
		t.Errorf("README shows:\n%s\nkustomize v5.8.1 prints:\n%s", strings.Join(want, "\n"), got)
	}

	// The fact the component guards against: without it, the same build
	// exits 0 and outputs no object at all.
	edit(t, filepath.Join(ws, "examples/kustomize/hub/kustomization.yaml"), "components:\n- ../require-vmfleet\n", "")
	r = runScript(t, ws, path, readmeBlocks(t)["setup"].body+"\n"+command)
	if r.err != nil || strings.TrimSpace(r.stdout) != "" {
		t.Errorf("without the component kustomize was expected to skip vmfleet silently (exit 0, no output): %s", r)
	} else {
		t.Logf("observed: without --enable-exec and without the component, kustomize exits 0 with empty output and stderr %q", r.stderr)
	}
	// And with --enable-exec the component is satisfied.
	r = runScript(t, ws, path, readmeBlocks(t)["setup"].body+"\nkustomize build --enable-alpha-plugins --enable-exec examples/kustomize/hub")
	if r.err != nil || len(parseStream(t, []byte(r.stdout))) == 0 {
		t.Errorf("with --enable-exec and without the component: %s", r)
	}
}

// An invalid fleet fails the build, with the finding on stderr (kustomize
// shows no function results).
func TestKustomizeInvalidFleet(t *testing.T) {
	tl := need(t)
	ws, path := workspace(t, tl)
	edit(t, filepath.Join(ws, kustomizeFleet), "      accessMode: ReadWriteOnce\n", "      accessMode: ReadWriteOnce\n      bogus: 1\n")
	r := runBlock(t, ws, path, readmeBlocks(t)["kustomize-hub"])
	if r.err == nil {
		t.Fatalf("an invalid fleet built: %s", r)
	}
	for _, want := range []string{
		`vmfleet: VMFleet/payments: error: spec.clusters[1].bogus: unknown field "bogus"`,
		"vmfleet: failed: 1 error; nothing was generated",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.TrimSpace(r.stdout) != "" {
		t.Errorf("a failed build printed objects:\n%s", r.stdout)
	}

	// An unknown cluster fails as clearly.
	ws, path = workspace(t, tl)
	p := filepath.Join(ws, "examples/kustomize/spoke-dc-v7/fleet/kustomization.yaml")
	edit(t, p, "vmfleet.dev/cluster: spoke-dc-v7", "vmfleet.dev/cluster: spoke-dc-v9")
	r = runBlock(t, ws, path, readmeBlocks(t)["kustomize-cluster"])
	if r.err == nil || !strings.Contains(r.stderr, `cluster "spoke-dc-v9" is not in fleet "payments"`) {
		t.Errorf("an unknown cluster: %s", r)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}
}
