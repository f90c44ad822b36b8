package generators_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// Mirrors reach only the clusters that use them, as a digest and a tag
// mirror set; a disconnected cluster's never contact the source.
func TestImageMirrors(t *testing.T) {
	f := base()
	f.Spec.Clusters[1].Disconnected = true
	f.Spec.Mirrors = []v1alpha1.Mirror{
		{Source: "quay.io/containerdisks", Mirrors: []string{"mirror.lab:5000/containerdisks"}},
		{Source: "registry.example.com/vm", Mirrors: []string{"mirror.lab:5000/vm"}, Clusters: []string{"west"}},
	}
	p := plan.Build(f)
	objs := generators.ImageMirrors(p)
	if len(objs) != 2 {
		t.Fatalf("want a policy per distinct set, got %v", kinds(objs))
	}
	for _, o := range objs {
		inner := objectTemplates(t, o)
		if diff := cmp.Diff([]string{"ImageDigestMirrorSet//image-mirrors", "ImageTagMirrorSet//image-mirrors"}, kinds(inner)); diff != "" {
			t.Fatalf("objects (-want +got):\n%s", diff)
		}
		idms := inner[0].(*objects.ImageDigestMirrorSet).Spec.ImageDigestMirrors
		itms := inner[1].(*objects.ImageTagMirrorSet).Spec.ImageTagMirrors
		if diff := cmp.Diff(idms, itms); diff != "" {
			t.Errorf("digest and tag mirrors differ:\n%s", diff)
		}
		switch len(idms) {
		case 1: // east: connected
			if idms[0].MirrorSourcePolicy != "" {
				t.Errorf("east is connected: %+v", idms[0])
			}
		case 2: // west: disconnected
			for _, m := range idms {
				if m.MirrorSourcePolicy != "NeverContactSource" {
					t.Errorf("west is disconnected: %+v", m)
				}
			}
		default:
			t.Errorf("mirrors: %+v", idms)
		}
	}
	f.Spec.Mirrors = nil
	if objs := generators.ImageMirrors(plan.Build(f)); len(objs) != 0 {
		t.Errorf("no mirrors, yet %v", kinds(objs))
	}
}
