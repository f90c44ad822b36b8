package fn_test

import (
	"testing"

	"github.com/GoogleContainerTools/kpt-functions-sdk/go/fn/testhelpers"

	"vmfleet.dev/vmfleet/fn"
)

// The function's cases through the SDK's golden harness: each folder of
// testdata/golden holds the items (*.yaml), the functionConfig
// (_fnconfig.yaml, none for kpt's package mode) and the whole ResourceList
// the function returns (_expected.yaml: items and results). Regenerate
// with WRITE_GOLDEN_OUTPUT=1 go test ./fn/ -run TestGoldenResourceLists
// (the harness reports each file it wrote as a failure), then read the diff.
func TestGoldenResourceLists(t *testing.T) {
	testhelpers.RunGoldenTests(t, "testdata/golden", fn.Process)
}
