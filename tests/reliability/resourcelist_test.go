package reliability

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"sigs.k8s.io/yaml"
)

// The ResourceList corpus: testdata/resourcelist/<name>/input.yaml goes on
// the stdin of vmfleet run with no arguments (a KRM function, as kustomize
// and kpt run it). want.txt is its exact stderr, want-stdout.yaml its exact
// stdout (the ResourceList with results) and exit-code its exit code; with
// VMFLEET_UPDATE=1 they are regenerated. A failing function must return the
// items as they came in.
func TestResourceListCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocesses")
	}
	cases, err := filepath.Glob("testdata/resourcelist/*/input.yaml")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no ResourceList cases: %v", err)
	}
	for _, input := range cases {
		dir := filepath.Dir(input)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			in, err := os.ReadFile(input)
			if err != nil {
				t.Fatal(err)
			}
			p := runProcess(t, in, nil)
			checkWant(t, dir, p.result)
			stdoutFile := filepath.Join(dir, "want-stdout.yaml")
			if update {
				writeFile(t, stdoutFile, p.stdout)
			} else if want, err := os.ReadFile(stdoutFile); err != nil {
				t.Fatal(err)
			} else if p.stdout != string(want) {
				t.Errorf("stdout differs from %s\n--- got\n%s--- want\n%s", stdoutFile, p.stdout, want)
			}
			if p.code != 0 {
				if itemsOf(t, p.stdout) != nil && !reflect.DeepEqual(itemsOf(t, p.stdout), itemsOf(t, string(in))) {
					t.Errorf("a failed function changed the items:\n%s", p.stdout)
				}
			}
		})
	}
}

// itemsOf returns the items of a ResourceList as sorted JSON texts (the
// SDK orders items by file on output), or nil when it is not one.
func itemsOf(t *testing.T, text string) []string {
	var rl struct {
		Kind  string            `json:"kind"`
		Items []json.RawMessage `json:"items"`
	}
	if err := yaml.Unmarshal([]byte(text), &rl); err != nil || rl.Kind != "ResourceList" {
		return nil
	}
	items := []string{}
	for _, it := range rl.Items {
		items = append(items, string(it))
	}
	sort.Strings(items)
	return items
}
