//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// paths says where the prepared tools and CRDs are (see hack/e2e-tools.sh).
type paths struct {
	root   string // repository root
	cache  string // .cache
	bin    string // .cache/e2e/bin: kube-apiserver, kubectl
	crds   string // .cache/crds: module CRDs + SOURCES
	hcoDir string // ../shared/crds: HyperConverged CRDs as data
	etcd   string // etcd binary
}

func findPaths() (paths, error) {
	wd, err := os.Getwd()
	if err != nil {
		return paths{}, err
	}
	p := paths{root: filepath.Clean(filepath.Join(wd, "..", ".."))}
	p.cache = envOr("E2E_CACHE", filepath.Join(p.root, ".cache"))
	p.bin = filepath.Join(p.cache, "e2e", "bin")
	p.crds = filepath.Join(p.cache, "crds")
	p.hcoDir = envOr("E2E_HCO_CRD_DIR", filepath.Join(p.root, "..", "shared", "crds"))
	if p.etcd, err = exec.LookPath("etcd"); err != nil {
		return p, fmt.Errorf("etcd not found in PATH (run `make e2e-tools`): %w", err)
	}
	for _, b := range []string{"kube-apiserver", "kubectl"} {
		if _, err := os.Stat(filepath.Join(p.bin, b)); err != nil {
			return p, fmt.Errorf("%s not built (run `make e2e-tools`): %w", b, err)
		}
	}
	if _, err := os.Stat(filepath.Join(p.crds, "SOURCES")); err != nil {
		return p, fmt.Errorf("CRDs not collected (run `make e2e-tools`): %w", err)
	}
	return p, nil
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
