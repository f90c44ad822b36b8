package fn

import (
	sdk "github.com/GoogleContainerTools/kpt-functions-sdk/go/fn"

	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/objects"
)

// generatorMode returns items plus the hub's (or one cluster's) objects.
func generatorMode(fc *sdk.KubeObject, items sdk.KubeObjects) (sdk.KubeObjects, sdk.Results, error) {
	fleet, results, err := load(fc)
	if err != nil || fleet == nil {
		return nil, results, err
	}
	var objs []objects.Object
	generated := "hub"
	if c := fc.GetAnnotation(ClusterAnnotation); c != "" {
		if objs, err = fleet.Cluster(c); err != nil {
			return nil, append(results, resultAt(fc, sdk.Error, "metadata.annotations["+ClusterAnnotation+"]", err.Error())), nil
		}
		generated = "cluster/" + c
	} else {
		objs = fleet.Hub()
	}
	emit.Sort(objs)
	out := make(sdk.KubeObjects, 0, len(items)+len(objs))
	for _, it := range items {
		if isFleet(it) && it.GetName() == fc.GetName() && pathOf(it) == "" {
			// kustomize's copy of the generator config: mark it done.
			if it, err = clone(it); err != nil {
				return nil, nil, err
			}
			if err := it.SetAnnotation(GeneratedAnnotation, generated); err != nil {
				return nil, nil, err
			}
		}
		out = append(out, it)
	}
	for _, o := range objs {
		ko, err := kubeObject(o, nil)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, ko)
	}
	return out, results, nil
}
