package modes

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// repo is the repository root, from this package's folder.
var repo = func() string {
	abs, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		panic(err)
	}
	return abs
}()

// tools are the real binaries under test.
type tools struct {
	vmfleet, cached, kustomize, kpt string // cached: the front program vmfleet-cached
}

const skipHint = "real-tool test: run `make modes` (it sets VMFLEET_MODES=1, VMFLEET_BIN, VMFLEET_CACHED_BIN, VMFLEET_KUSTOMIZE, VMFLEET_KPT)"

// need skips the test unless the real tools were given.
func need(t *testing.T) tools {
	t.Helper()
	if os.Getenv("VMFLEET_MODES") != "1" {
		t.Skip(skipHint)
	}
	tl := tools{vmfleet: os.Getenv("VMFLEET_BIN"), cached: os.Getenv("VMFLEET_CACHED_BIN"), kustomize: os.Getenv("VMFLEET_KUSTOMIZE"), kpt: os.Getenv("VMFLEET_KPT")}
	for name, p := range map[string]*string{"VMFLEET_BIN": &tl.vmfleet, "VMFLEET_CACHED_BIN": &tl.cached, "VMFLEET_KUSTOMIZE": &tl.kustomize, "VMFLEET_KPT": &tl.kpt} {
		if *p == "" {
			t.Fatalf("VMFLEET_MODES=1 but %s is not set", name)
		}
		if !filepath.IsAbs(*p) {
			*p = filepath.Join(repo, *p)
		}
		if _, err := os.Stat(*p); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	return tl
}

// needImage skips the test unless the container image was built (root + podman).
func needImage(t *testing.T) (tools, string) {
	t.Helper()
	tl := need(t)
	image := os.Getenv("VMFLEET_MODES_IMAGE")
	if image == "" {
		t.Skip("container test: run `make modes-image` (root + podman; it sets VMFLEET_MODES_IMAGE)")
	}
	return tl, image
}

// vmfleet runs the CLI (the reference every mode is compared with).
func vmfleet(t *testing.T, tl tools, args ...string) []byte {
	t.Helper()
	r := runCmd(t, exec.Command(tl.vmfleet, args...))
	if r.err != nil {
		t.Fatalf("vmfleet %s: %s", strings.Join(args, " "), r)
	}
	return []byte(r.stdout)
}

// The clusters of the mode examples' fleet.
var clusters = []string{"spoke-dc-v6", "spoke-dc-v7"}
