package objects

// ImageDigestMirrorSet and ImageTagMirrorSet (config.openshift.io/v1,
// cluster-scoped; openshift/api config/v1 types_image_digest_mirror_set.go and
// types_image_tag_mirror_set.go): the machine config operator writes them
// into every node's registries.conf, so the node's container runtime pulls
// a source's images from its mirrors.
const MirrorSetAPIVersion = "config.openshift.io/v1"

type ImageDigestMirrorSet struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Spec       ImageDigestMirrorSetSpec `json:"spec"`
}

type ImageDigestMirrorSetSpec struct {
	ImageDigestMirrors []ImageMirrors `json:"imageDigestMirrors"`
}

type ImageTagMirrorSet struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Spec       ImageTagMirrorSetSpec `json:"spec"`
}

type ImageTagMirrorSetSpec struct {
	ImageTagMirrors []ImageMirrors `json:"imageTagMirrors"`
}

// ImageMirrors is one source and its mirrors; the digest and tag sets
// share the shape.
type ImageMirrors struct {
	Source  string   `json:"source"`
	Mirrors []string `json:"mirrors"`
	// MirrorSourcePolicy NeverContactSource keeps a disconnected node from
	// trying the source when every mirror fails.
	MirrorSourcePolicy string `json:"mirrorSourcePolicy,omitempty"`
}
