package generators

import (
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// ImageMirrorsPolicy is the base name of the policies that deliver the
// registry mirrors (one per distinct set, image-mirrors-<hash> when clusters
// differ); on the cluster the mirror sets carry the policy's base name.
const ImageMirrorsPolicy = "image-mirrors"

type mirrorPolicy struct {
	delivery
	objs []objects.Object
}

// mirrorPolicies groups the clusters that get the same mirror sets.
func mirrorPolicies(p *plan.Plan) []mirrorPolicy {
	var v variants
	name := p.HubName(ImageMirrorsPolicy)
	for _, c := range p.Clusters {
		var entries []objects.ImageMirrors
		for _, m := range p.Mirrors(c) {
			e := objects.ImageMirrors{Source: m.Source, Mirrors: m.Mirrors}
			if c.Spec.Disconnected {
				// The node's container runtime then never falls back to the source when every mirror
				// fails (openshift/api config/v1 types_image_digest_mirror_set.go MirrorSourcePolicy:
				// "prevents image pull from the specified repository in the pull spec if the image pull
				// from the mirror list fails"): a disconnected cluster cannot reach the source anyway.
				e.MirrorSourcePolicy = "NeverContactSource"
			}
			entries = append(entries, e)
		}
		if len(entries) == 0 {
			continue
		}
		// Digests and tags both: a container disk is usually named by tag
		// (quay.io/containerdisks/fedora:41), which only an ImageTagMirrorSet
		// redirects.
		v.add(c.Spec.Name, []objects.Object{
			&objects.ImageDigestMirrorSet{
				TypeMeta:   objects.TypeMeta{APIVersion: objects.MirrorSetAPIVersion, Kind: "ImageDigestMirrorSet"},
				ObjectMeta: objects.ObjectMeta{Name: name, Labels: map[string]string{LabelManagedBy: ManagedBy}},
				Spec:       objects.ImageDigestMirrorSetSpec{ImageDigestMirrors: entries},
			},
			&objects.ImageTagMirrorSet{
				TypeMeta:   objects.TypeMeta{APIVersion: objects.MirrorSetAPIVersion, Kind: "ImageTagMirrorSet"},
				ObjectMeta: objects.ObjectMeta{Name: name, Labels: map[string]string{LabelManagedBy: ManagedBy}},
				Spec:       objects.ImageTagMirrorSetSpec{ImageTagMirrors: entries},
			},
		})
	}
	var out []mirrorPolicy
	for _, g := range v.named(name) {
		out = append(out, mirrorPolicy{delivery{g.name, g.group.clusters}, g.group.objs})
	}
	return out
}

// ImageMirrors delivers each cluster's ImageDigestMirrorSet and
// ImageTagMirrorSet. They need nothing of CNV, so they come first: the
// nodes know the mirrors before the operator's and the VMs' images are pulled.
func ImageMirrors(p *plan.Plan) []objects.Object {
	var out []objects.Object
	for _, mp := range mirrorPolicies(p) {
		out = append(out, policy(p, mp.policy, "Delivers the registry mirrors (ImageDigestMirrorSet, ImageTagMirrorSet).", nil,
			objects.PolicyTemplate{ObjectDefinition: configurationPolicy(p, mp.policy, mp.objs...)}))
	}
	return out
}
