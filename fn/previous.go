package fn

import (
	"path"
	"strings"

	sdk "github.com/GoogleContainerTools/kpt-functions-sdk/go/fn"

	"vmfleet.dev/vmfleet/render"
)

// previousFindings checks a package's fleet against the files vmfleet
// generated for it on the last render (render.Fleet.Previous): kpt passes
// them back in, listed in the inventory, so kpt fn render refuses a VM that
// leaves a cluster without being retired, as vmfleet render does.
func previousFindings(fleetObj *sdk.KubeObject, fleet *render.Fleet, dir string, items sdk.KubeObjects, generated map[string]bool) sdk.Results {
	files := map[string][]byte{}
	prefix := ""
	if dir != "." {
		prefix = dir + "/"
	}
	for _, it := range items {
		p := path.Clean(pathOf(it))
		if !generated[p] || !strings.HasPrefix(p, prefix) {
			continue
		}
		files[strings.TrimPrefix(p, prefix)] = []byte(it.String())
	}
	var results sdk.Results
	for _, f := range fleet.Previous(files) {
		results = append(results, finding(fleetObj, f))
	}
	return results
}
