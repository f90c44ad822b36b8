//go:build e2e

package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

var (
	cliOnce sync.Once
	cliPath string
	cliErr  error
)

// vmfleetCLI builds cmd/vmfleet once.
func vmfleetCLI(t *testing.T) string {
	t.Helper()
	cliOnce.Do(func() {
		dir, err := os.MkdirTemp("", "vmfleet-e2e-cli-")
		if err != nil {
			cliErr = err
			return
		}
		cliPath = filepath.Join(dir, "vmfleet")
		cmd := exec.Command("go", "build", "-o", cliPath, "./cmd/vmfleet")
		cmd.Dir = env.root
		if out, err := cmd.CombinedOutput(); err != nil {
			cliErr = fmt.Errorf("go build ./cmd/vmfleet: %w\n%s", err, out)
		}
	})
	if cliErr != nil {
		t.Fatal(cliErr)
	}
	return cliPath
}

func runCLI(t *testing.T, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(vmfleetCLI(t), args...)
	cmd.Dir = env.root
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("vmfleet %s: %v\nstderr:\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

func examples(t *testing.T) []string {
	fleets, _ := filepath.Glob(filepath.Join(env.root, "examples", "*", "fleet.yaml"))
	sort.Strings(fleets)
	if len(fleets) == 0 {
		t.Skip("SKIPPED: there is no examples/*/fleet.yaml yet, so there is no vmfleet output to check; " +
			"the self-tests above prove the harness")
	}
	return fleets
}

// fleetStreams builds the hub stream and every cluster's stream of one fleet with the real CLI. The
// cluster names are the folders under overlays/ of `vmfleet render`.
func fleetStreams(t *testing.T, fleet string) (hub []object, clusters map[string][]object) {
	t.Helper()
	rel, _ := filepath.Rel(env.root, fleet)
	hub, err := parseStream(runCLI(t, "build", fleet), "vmfleet build "+rel)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	runCLI(t, "render", fleet, "-o", out)
	entries, err := os.ReadDir(filepath.Join(out, "overlays"))
	if err != nil {
		t.Fatalf("vmfleet render %s: %v", rel, err)
	}
	clusters = map[string][]object{}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		objs, err := parseStream(runCLI(t, "build", fleet, "--cluster", name), "vmfleet build "+rel+" --cluster "+name)
		if err != nil {
			t.Fatal(err)
		}
		clusters[name] = objs
	}
	if len(clusters) == 0 {
		t.Errorf("vmfleet render %s: no cluster folders under overlays/", rel)
	}
	return hub, clusters
}
