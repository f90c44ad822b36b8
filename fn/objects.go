package fn

import (
	"fmt"
	"io"
	"strings"

	sdk "github.com/GoogleContainerTools/kpt-functions-sdk/go/fn"

	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/internal/inventory"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/render"
)

// load decodes, validates and plans the fleet held by a KubeObject. A nil
// fleet means its findings hold an error.
func load(o *sdk.KubeObject) (*render.Fleet, sdk.Results, error) {
	c, err := clone(o)
	if err != nil {
		return nil, nil, err
	}
	// Drop the orchestrators' bookkeeping, so the fleet decodes exactly as
	// its file does.
	for k := range c.GetAnnotations() {
		if isToolAnnotation(k) {
			if _, err := c.RemoveNestedField("metadata", "annotations", k); err != nil {
				return nil, nil, err
			}
		}
	}
	if err := c.RemoveAnnotationsIfEmpty(); err != nil {
		return nil, nil, err
	}
	fleet, findings := render.Load(pathOf(o), []byte(c.String()))
	var results sdk.Results
	for _, f := range findings {
		results = append(results, finding(o, f))
	}
	return fleet, results, nil
}

func isToolAnnotation(k string) bool {
	for _, p := range []string{"config.kubernetes.io/", "internal.config.kubernetes.io/", "config.k8s.io/", "kustomize.config.k8s.io/", "internal.kpt.dev/"} {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

// noConfig: no functionConfig, or the empty ConfigMap `kpt fn eval` passes
// when given none.
func noConfig(fc *sdk.KubeObject) bool {
	if fc == nil || fc.IsEmpty() {
		return true
	}
	if fc.GetKind() != "ConfigMap" || fc.GetAPIVersion() != "v1" {
		return false
	}
	data, _, _ := fc.NestedStringMap("data")
	return len(data) == 0
}

func isFleet(o *sdk.KubeObject) bool {
	return o.GetKind() == fleetKind && apiGroup(o.GetAPIVersion()) == group
}

func isInventory(o *sdk.KubeObject) bool { return inventory.Is(o.GetAPIVersion(), o.GetKind()) }

func apiGroup(apiVersion string) string {
	g, _, _ := strings.Cut(apiVersion, "/")
	return g
}

// pathed returns the first VMFleet item read from a package file.
func pathed(items sdk.KubeObjects) *sdk.KubeObject {
	for _, it := range items {
		if isFleet(it) && pathOf(it) != "" {
			return it
		}
	}
	return nil
}

// pathOf is the item's file in the package (kpt v1 sets both annotations;
// older orchestrators only the legacy one), or "".
func pathOf(o *sdk.KubeObject) string {
	if p := o.GetAnnotation(pathAnnotation); p != "" {
		return p
	}
	return o.GetAnnotation(legacyPath)
}

func index(o *sdk.KubeObject) int {
	i := o.IndexAnnotation()
	if i < 0 {
		i = 0
	}
	return i
}

// kubeObject turns an object into a KubeObject, adding annotations.
func kubeObject(o objects.Object, annotations map[string]string) (*sdk.KubeObject, error) {
	m, err := emit.ToMap(o)
	if err != nil {
		return nil, err
	}
	if len(annotations) > 0 {
		meta, _ := m["metadata"].(map[string]any)
		if meta == nil {
			meta = map[string]any{}
			m["metadata"] = meta
		}
		anns, _ := meta["annotations"].(map[string]any)
		if anns == nil {
			anns = map[string]any{}
			meta["annotations"] = anns
		}
		for k, v := range annotations {
			anns[k] = v
		}
	}
	data, err := emit.MapYAML(m)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", emit.ID(o), err)
	}
	ko, err := sdk.ParseKubeObject(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", emit.ID(o), err)
	}
	return ko, nil
}

func clone(o *sdk.KubeObject) (*sdk.KubeObject, error) {
	return sdk.ParseKubeObject([]byte(o.String()))
}

func readAll(r io.Reader) ([]byte, error) {
	if r == nil {
		return nil, fmt.Errorf("no ResourceList on stdin")
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxInput+1))
	if err != nil {
		return nil, fmt.Errorf("read stdin: %w", err)
	}
	if len(data) > MaxInput {
		return nil, fmt.Errorf("read stdin: the ResourceList is larger than %d MiB", MaxInput>>20)
	}
	return data, nil
}
