package architecture

import (
	"os/exec"
	"sort"
	"strings"
	"testing"
)

// The front program serves build cache hits in a few milliseconds because
// it starts light: Go runs every linked package's init before main, and
// the heavy ones (the command line framework, the decoder with its JSON
// Schema compiler, the generators, the Kubernetes API types) cost several
// times a hit. So cmd/vmfleet-cached links the standard library, x/sys and
// these packages of vmfleet's only.
var frontAllowed = []string{
	"cmd/vmfleet-cached",
	"internal/argoinput",
	"internal/buildcache",
	"internal/fleetfile",
	"internal/front",
	"internal/iocheck",
	"internal/nofollow",
	"internal/varbytes",
}

// What the front must never link, said outright (the allow list above
// already keeps it out).
var frontForbidden = []string{
	"github.com/spf13/cobra",
	module + "/internal/decode",
	module + "/render",
	module + "/generators",
	"k8s.io/",
	"sigs.k8s.io/",
	"github.com/santhosh-tekuri/jsonschema",
}

// deps lists what a main package links, standard packages apart.
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", pkg)
	cmd.Dir = root()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pkg, err)
	}
	return strings.Fields(string(out))
}

// heavy lists what of deps the front must not link.
func heavy(deps []string) []string {
	allowed := map[string]bool{}
	for _, a := range frontAllowed {
		allowed[module+"/"+a] = true
	}
	var bad []string
	for _, d := range deps {
		forbidden := false
		for _, f := range frontForbidden {
			if d == f || strings.HasPrefix(d, f) && (strings.HasSuffix(f, "/") || strings.HasPrefix(d, f+"/")) {
				forbidden = true
			}
		}
		if forbidden || !allowed[d] && !strings.HasPrefix(d, "golang.org/x/sys/") {
			bad = append(bad, d)
		}
	}
	sort.Strings(bad)
	return bad
}

func TestFrontStaysLight(t *testing.T) {
	front := deps(t, "./cmd/vmfleet-cached")
	if bad := heavy(front); len(bad) > 0 {
		t.Errorf("cmd/vmfleet-cached links %v: keep the front light (internal/front)", bad)
	}
	if len(front) < len(frontAllowed) {
		t.Errorf("go list found only %v", front)
	}
	// Negative control: the full program is everything the front must not be.
	bad := strings.Join(heavy(deps(t, "./cmd/vmfleet")), " ")
	for _, want := range []string{"github.com/spf13/cobra", module + "/internal/decode", module + "/render", module + "/generators", "k8s.io/api/core/v1", "github.com/santhosh-tekuri/jsonschema/v6", module + "/internal/cli"} {
		if !strings.Contains(" "+bad+" ", " "+want+" ") {
			t.Errorf("the check does not reject %s in cmd/vmfleet", want)
		}
	}
}
