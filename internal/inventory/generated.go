package inventory

import (
	"fmt"
	"regexp"
)

// generatedPath is every path vmfleet writes in a tree (render.Tree,
// render.FileName): hub/kustomization.yaml, hub/<kind>_<name>.yaml,
// hub/<namespace>/<kind>_<name>.yaml, base/<vm>/…, overlays/<cluster>/…,
// namespaces/<ns>/… and namespaces/<ns>/guest-metrics/…,
// each file kustomization.yaml or <kind>_<name>.yaml. Namespaces, VMs and
// clusters are DNS labels, object names DNS subdomains (validated), so a
// segment never holds "/", ".." alone, upper case or a leading dot.
var generatedPath = regexp.MustCompile(`^(hub/([a-z0-9]([-a-z0-9]*[a-z0-9])?/)?|(base|overlays)/[a-z0-9]([-a-z0-9]*[a-z0-9])?/|namespaces/[a-z0-9]([-a-z0-9]*[a-z0-9])?/(guest-metrics/)?)` +
	`(kustomization|[a-z0-9]+_[a-z0-9]([-a-z0-9.]*[a-z0-9])?)\.yaml$`)

// maxPath bounds a listed path: a name is at most 253 characters, a
// namespace or folder 63.
const maxPath = 512

// Generated checks that p, as an inventory lists it, names a file vmfleet
// could have generated inside the inventory's folder. The inventory decides
// what a render deletes, so it is trusted only that far: "../x", an
// absolute path, the fleet's own file or a user's README are never
// vmfleet's to drop, whoever edited the inventory.
func Generated(p string) error {
	if len(p) > maxPath || !generatedPath.MatchString(p) {
		return fmt.Errorf("it lists %q, which is not a file vmfleet generates (hub/…, base/<vm>/…, overlays/<cluster>/…, namespaces/<ns>/…, each <kind>_<name>.yaml or kustomization.yaml); "+
			"vmfleet only removes files it generated, so nothing was removed: restore the inventory vmfleet wrote", clip(p))
	}
	return nil
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
