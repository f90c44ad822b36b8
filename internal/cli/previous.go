package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"vmfleet.dev/vmfleet/render"
)

// checkPrevious compares the fleet with the tree already in dir (the last
// render, so what Argo CD synced last): a VM leaving a cluster without being
// retired first, or a resize the target KubeVirt cannot sync, stops the
// render before anything is written. An empty or missing dir passes.
func checkPrevious(io IO, fleet *render.Fleet, dir string) bool {
	findings := fleet.Previous(previousTree(dir))
	printFindings(io, findings)
	if findings.HasErrors() {
		fmt.Fprintf(io.Stderr, "vmfleet render: the fleet cannot replace the tree in %s: %s\n", dir, count(findings.Errors().Count(), "error"))
		return false
	}
	return true
}

// previousTree reads the files Previous looks at: base/<vm>/virtualmachine_*.yaml
// and overlays/<cluster>/kustomization.yaml.
func previousTree(dir string) map[string][]byte {
	files := map[string][]byte{}
	for _, pattern := range []string{
		filepath.Join(dir, render.BaseDir, "*", "virtualmachine_*.yaml"),
		filepath.Join(dir, render.OverlaysDir, "*", render.KustomizationFile),
	} {
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			data, err := os.ReadFile(m)
			if err != nil {
				continue
			}
			if rel, err := filepath.Rel(dir, m); err == nil {
				files[filepath.ToSlash(rel)] = data
			}
		}
	}
	return files
}
