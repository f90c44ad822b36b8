package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"

	"vmfleet.dev/vmfleet/internal/write"
	"vmfleet.dev/vmfleet/render"
)

// checkPrevious compares the fleet with the tree already in dir (the last
// render, so what Argo CD synced last): a VM leaving a cluster without being
// retired first, or a resize the target KubeVirt cannot sync, stops the
// render before anything is written. An empty or missing dir passes.
//
// An overlay the writer knows unchanged (skip) is not read: its bytes are
// the new overlay's, which lists exactly the VMs the cluster now runs, so
// Previous finds nothing in it (no VM leaves, the cluster stays). Base VM
// files are always read: a changed overlay needs the old state of a VM
// that leaves, whose base file may be unchanged.
func checkPrevious(io IO, fleet *render.Fleet, dir string, skip map[string]bool) int {
	tree, err := previousTree(dir, skip)
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet render: %v\n", err)
		return writeExit(err)
	}
	findings := fleet.Previous(tree)
	printFindings(io, findings)
	if findings.HasErrors() {
		fmt.Fprintf(io.Stderr, "vmfleet render: the fleet cannot replace the tree in %s: %s\n", dir, count(findings.Errors().Count(), "error"))
		return ExitInvalid
	}
	return ExitOK
}

// previousTree reads the files Previous looks at: base/<vm>/virtualmachine_*.yaml,
// overlays/<cluster>/kustomization.yaml and the golden-images policies in
// hub/<namespace>/. They are read as every file
// vmfleet reads back (write.ReadFileIn): never through a link, regular
// files of bounded size only, so a FIFO cannot hang the render, a link to
// /dev/zero cannot exhaust memory and a link out of the tree decides
// nothing. A link or odd entry where vmfleet writes a folder is skipped:
// the writer refuses or replaces it.
func previousTree(dir string, skip map[string]bool) (map[string][]byte, error) {
	files := map[string][]byte{}
	if st, err := os.Lstat(dir); err != nil || !st.IsDir() {
		return files, nil // missing; a link or a file is refused by the writer
	}
	for _, where := range []struct{ folder, match string }{
		{render.BaseDir, "virtualmachine_*.yaml"},
		{render.OverlaysDir, render.KustomizationFile},
		{render.HubDir, render.GoldenImagesPolicyFiles}, // hub/<namespace>/
	} {
		subs, err := readDir(dir, where.folder)
		if err != nil {
			return nil, err
		}
		for _, sub := range subs {
			if !sub.IsDir() {
				continue
			}
			rel := path.Join(where.folder, sub.Name())
			entries, err := readDir(dir, rel)
			if err != nil {
				return nil, err
			}
			for _, e := range entries {
				if ok, _ := path.Match(where.match, e.Name()); !ok {
					continue
				}
				p := path.Join(rel, e.Name())
				if where.folder == render.OverlaysDir && skip[p] {
					continue
				}
				data, err := write.ReadFileIn(dir, p, write.MaxReadBack)
				if err != nil {
					return nil, fmt.Errorf("read the previous tree: %w", err)
				}
				files[p] = data
			}
		}
	}
	return files, nil
}

// readDir lists dir/rel when it is a real folder (not a link), else nothing.
func readDir(dir, rel string) ([]fs.DirEntry, error) {
	p := dir + "/" + rel
	st, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) || err == nil && !st.IsDir() {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return os.ReadDir(p)
}
