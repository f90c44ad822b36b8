package fn_test

import (
	"bytes"
	"os"
	"sort"
	"strings"
	"testing"

	sdk "github.com/GoogleContainerTools/kpt-functions-sdk/go/fn"
	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"

	"vmfleet.dev/vmfleet/fn"
	"vmfleet.dev/vmfleet/render"
)

const fleetFile = "../examples/ha-pair/fleet.yaml"

// run feeds a ResourceList to the function as a process would.
func run(t *testing.T, rl string) (out *sdk.ResourceList, stderr string, code int) {
	t.Helper()
	var stdout, errb bytes.Buffer
	code = fn.Run(strings.NewReader(rl), &stdout, &errb)
	if stdout.Len() == 0 {
		return nil, errb.String(), code
	}
	out, err := sdk.ParseResourceList(stdout.Bytes())
	if err != nil {
		t.Fatalf("output is not a ResourceList: %v\n%s", err, stdout.String())
	}
	return out, errb.String(), code
}

func readFleet(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(fleetFile)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func loadFleet(t *testing.T, data []byte) *render.Fleet {
	t.Helper()
	f, findings := render.Load("fleet.yaml", data)
	if f == nil {
		t.Fatalf("fleet: %v", findings)
	}
	return f
}

// indent makes a YAML document an element of a YAML list.
func indent(doc []byte, annotations map[string]string) string {
	o, err := sdk.ParseKubeObject(doc)
	if err != nil {
		panic(err)
	}
	keys := make([]string, 0, len(annotations))
	for k := range annotations {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := o.SetAnnotation(k, annotations[k]); err != nil {
			panic(err)
		}
	}
	var b strings.Builder
	for i, line := range strings.Split(strings.TrimRight(o.String(), "\n"), "\n") {
		if i == 0 {
			b.WriteString("- " + line + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	return b.String()
}

func resourceList(items []string, functionConfig string) string {
	var b strings.Builder
	b.WriteString("apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n")
	if len(items) == 0 {
		b.WriteString("items: []\n")
	} else {
		b.WriteString("items:\n")
		for _, it := range items {
			b.WriteString(it)
		}
	}
	if functionConfig != "" {
		b.WriteString("functionConfig:\n")
		for _, line := range strings.Split(strings.TrimRight(functionConfig, "\n"), "\n") {
			b.WriteString("  " + line + "\n")
		}
	}
	return b.String()
}

func atPath(p string) map[string]string {
	return map[string]string{"internal.config.kubernetes.io/path": p, "config.kubernetes.io/path": p}
}

// objectMaps parses objects into comparable maps keyed by Kind/ns/name.
func objectMaps(t *testing.T, objs []*sdk.KubeObject) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, o := range objs {
		var m map[string]any
		if err := yaml.Unmarshal([]byte(o.String()), &m); err != nil {
			t.Fatal(err)
		}
		out[o.GetKind()+"/"+o.GetNamespace()+"/"+o.GetName()] = m
	}
	return out
}

func TestInvalidFleetResult(t *testing.T) {
	bad := strings.Replace(string(readFleet(t)), "  clusters:\n", "  clusters:\n    - bogus: 1\n", 1)
	out, _, _ := run(t, resourceList([]string{indent([]byte(bad), map[string]string{
		"internal.config.kubernetes.io/path": "a/fleet.yaml", "internal.config.kubernetes.io/index": "2"})}, ""))
	var r *sdk.Result
	for _, x := range out.Results {
		if x.Field != nil && x.Field.Path == "spec.clusters[0].bogus" {
			r = x
		}
	}
	if r == nil {
		t.Fatalf("no result for spec.clusters[0].bogus: %v", out.Results)
	}
	want := &sdk.Result{Severity: sdk.Error, Message: r.Message,
		ResourceRef: &sdk.ResourceRef{APIVersion: "vmfleet.dev/v1alpha1", Kind: "VMFleet", Name: "payments-ha"},
		Field:       &sdk.Field{Path: "spec.clusters[0].bogus"}, File: &sdk.File{Path: "a/fleet.yaml", Index: 2}, Tags: r.Tags}
	if d := cmp.Diff(want, r); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
	if !strings.Contains(r.Message, "unknown field") {
		t.Errorf("message %q", r.Message)
	}
}

func TestEmptyAndUnsupported(t *testing.T) {
	out, stderr, code := run(t, resourceList(nil, ""))
	if code != 0 || len(out.Items) != 0 {
		t.Errorf("empty ResourceList: exit %d, %d items, %s", code, len(out.Items), stderr)
	}
	// kpt fn eval passes an empty ConfigMap when given no config.
	out, stderr, code = run(t, resourceList([]string{indent(readFleet(t), atPath("fleet.yaml"))}, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: function-input\n"))
	if code != 0 || len(out.Items) < 5 {
		t.Errorf("kpt fn eval's empty ConfigMap: exit %d, %d items, %s", code, len(out.Items), stderr)
	}
	_, stderr, code = run(t, resourceList(nil, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  cluster: a\n"))
	if code != 1 || !strings.Contains(stderr, `unsupported functionConfig ConfigMap "cfg"`) {
		t.Errorf("ConfigMap functionConfig: exit %d, %s", code, stderr)
	}
	_, stderr, code = run(t, "not: a resource list\n")
	if code != 1 || !strings.Contains(stderr, "not a KRM ResourceList") {
		t.Errorf("garbage: exit %d, %s", code, stderr)
	}
}
