// Package inventory is the one record of what vmfleet generated in a tree:
// a VMFleetTree object in .vmfleet-tree.yaml at the tree's root, listing
// the files relative to that folder. `vmfleet render -o DIR` writes it in
// DIR; as a kpt function vmfleet emits it next to each fleet. The next
// render, in either mode, replaces exactly the files it lists, so the files
// of a VM that left the fleet disappear and files vmfleet did not write stay.
//
// Trees written before this format carry a plain list in .vmfleet-tree
// (one path a line, # comments), still read by ParseLegacy.
package inventory

import (
	"fmt"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"

	"vmfleet.dev/vmfleet/objects"
)

const (
	// File is the inventory's file name, at the root of the tree.
	File = ".vmfleet-tree.yaml"
	// LegacyFile is the plain list older versions of `vmfleet render` wrote.
	LegacyFile = ".vmfleet-tree"
	// Kind and APIVersion of the inventory object.
	Kind       = "VMFleetTree"
	APIVersion = "vmfleet.dev/v1alpha1"

	// LocalConfig marks an object that orchestrators must not apply: kpt
	// and kustomize drop it from their output.
	LocalConfig = "config.kubernetes.io/local-config"
	description = "vmfleet.dev/description"
)

// Inventory lists the files vmfleet generated in a tree.
type Inventory struct {
	objects.TypeMeta `json:",inline"`
	Metadata         objects.ObjectMeta `json:"metadata"`
	// Files are slash-separated paths relative to the inventory's folder, sorted.
	Files []string `json:"files"`
}

// Meta names the inventory after its fleet.
func (i *Inventory) Meta() (string, string) { return i.Metadata.Meta() }

// New is the inventory of fleet's files; it is local-config, so kpt never
// applies it.
func New(fleet string, files []string) *Inventory {
	sorted := append([]string{}, files...)
	sort.Strings(sorted)
	return &Inventory{
		TypeMeta: objects.TypeMeta{APIVersion: APIVersion, Kind: Kind},
		Metadata: objects.ObjectMeta{Name: fleet, Annotations: map[string]string{
			LocalConfig: "true",
			description: "the files vmfleet generated from the fleet in this folder; " +
				"the next render replaces them all (edit the fleet, not these files)",
		}},
		Files: sorted,
	}
}

// Is reports whether apiVersion and kind name an inventory (any version of
// group vmfleet.dev).
func Is(apiVersion, kind string) bool {
	group, _, _ := strings.Cut(apiVersion, "/")
	return kind == Kind && group == "vmfleet.dev"
}

// Parse reads the files an inventory file lists. Any path vmfleet could
// not have generated (see Generated) is an error: nothing may be deleted on
// the word of an inventory someone edited.
func Parse(data []byte) ([]string, error) {
	var inv Inventory
	if err := yaml.Unmarshal(data, &inv); err != nil {
		return nil, fmt.Errorf("%s: %w", File, err)
	}
	if !Is(inv.APIVersion, inv.Kind) {
		return nil, fmt.Errorf("%s: kind %s %q is not a %s", File, inv.APIVersion, inv.Kind, Kind)
	}
	files, err := check(inv.Files)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", File, err)
	}
	return files, nil
}

// ParseLegacy reads the files a LegacyFile lists, checked as Parse does.
func ParseLegacy(data []byte) ([]string, error) {
	var files []string
	for _, line := range strings.Split(string(data), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			files = append(files, line)
		}
	}
	files, err := check(files)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", LegacyFile, err)
	}
	return files, nil
}

func check(files []string) ([]string, error) {
	for _, f := range files {
		if err := Generated(f); err != nil {
			return nil, err
		}
	}
	return files, nil
}
