package fn_test

import (
	"strings"
	"testing"

	sdk "github.com/GoogleContainerTools/kpt-functions-sdk/go/fn"
	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/fn"
	"vmfleet.dev/vmfleet/internal/emit"
)

func TestGeneratorHubAndCluster(t *testing.T) {
	data := readFleet(t)
	fleet := loadFleet(t, data)
	// kustomize passes the generator config twice: as functionConfig and as
	// an item (local-config, no path).
	configCopy := indent(data, map[string]string{"config.kubernetes.io/local-config": "true"})

	for _, tc := range []struct{ name, cluster string }{{"hub", ""}, {"cluster", "spoke-dc-v7"}} {
		t.Run(tc.name, func(t *testing.T) {
			fc := string(data)
			want := fleet.Hub()
			generated := "hub"
			if tc.cluster != "" {
				o, err := sdk.ParseKubeObject(data)
				if err != nil {
					t.Fatal(err)
				}
				if err := o.SetAnnotation(fn.ClusterAnnotation, tc.cluster); err != nil {
					t.Fatal(err)
				}
				fc = o.String()
				if want, err = fleet.Cluster(tc.cluster); err != nil {
					t.Fatal(err)
				}
				generated = "cluster/" + tc.cluster
			}
			out, stderr, code := run(t, resourceList([]string{configCopy}, fc))
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got []*sdk.KubeObject
			copies := 0
			for _, it := range out.Items {
				if it.GetKind() == "VMFleet" {
					copies++
					if g := it.GetAnnotation(fn.GeneratedAnnotation); g != generated {
						t.Errorf("config copy annotated %s=%q, want %q", fn.GeneratedAnnotation, g, generated)
					}
					continue
				}
				got = append(got, it)
			}
			if copies != 1 {
				t.Errorf("%d VMFleet items in the output, want the config copy only", copies)
			}
			var wantKO []*sdk.KubeObject
			for _, o := range want {
				doc, err := emit.YAML(o)
				if err != nil {
					t.Fatal(err)
				}
				ko, err := sdk.ParseKubeObject(doc)
				if err != nil {
					t.Fatal(err)
				}
				wantKO = append(wantKO, ko)
			}
			if d := cmp.Diff(objectMaps(t, wantKO), objectMaps(t, got)); d != "" {
				t.Errorf("generated objects differ from vmfleet build (-want +got):\n%s", d)
			}
		})
	}
}

func TestGeneratorUnknownCluster(t *testing.T) {
	o, err := sdk.ParseKubeObject(readFleet(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := o.SetAnnotation(fn.ClusterAnnotation, "nope"); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := run(t, resourceList(nil, o.String()))
	if code == 0 {
		t.Fatal("an unknown cluster succeeded")
	}
	if !strings.Contains(stderr, `cluster "nope" is not in fleet "payments-ha"`) {
		t.Errorf("stderr does not name the cluster:\n%s", stderr)
	}
	if len(out.Items) != 0 {
		t.Errorf("a failed run returned %d items", len(out.Items))
	}
}
