package render

import "vmfleet.dev/vmfleet/objects"

// Kustomization is the part of kustomize's kustomization.yaml vmfleet
// writes: resources and JSON 6902 patches with a target.
type Kustomization struct {
	objects.TypeMeta `json:",inline"`
	Resources        []string `json:"resources"`
	Patches          []Patch  `json:"patches,omitempty"`
}

type Patch struct {
	Target Target `json:"target"`
	Patch  string `json:"patch"`
}

type Target struct {
	Group     string `json:"group,omitempty"`
	Version   string `json:"version,omitempty"`
	Kind      string `json:"kind"`
	Namespace string `json:"namespace,omitempty"`
	Name      string `json:"name"`
}

// A kustomization names no object of its own; these satisfy objects.Object.
func (k *Kustomization) Meta() (string, string) { return "", "kustomization" }

func kustomization(resources []string, patches []Patch) *Kustomization {
	if resources == nil {
		resources = []string{}
	}
	return &Kustomization{
		TypeMeta:  objects.TypeMeta{APIVersion: "kustomize.config.k8s.io/v1beta1", Kind: "Kustomization"},
		Resources: resources, Patches: patches,
	}
}
