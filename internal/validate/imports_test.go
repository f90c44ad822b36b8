package validate_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The import settings' lints show their exact message, field and line.
func TestImportSettings(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fleet string
		want  []string
	}{{
		name: "a fleet value and a cluster's own",
		fleet: fleet("  virtualization:\n    hyperconverged:\n      scratchSpaceStorageClass: local-nvme\n      storageWorkloads: {limits: {cpu: \"2\", memory: 2Gi}}\n",
			"  clusters:\n    - name: east\n      storageWorkloads: {limits: {cpu: \"4\"}}\n", vm("")),
	}, {
		name:  "a cluster's value with no fleet value for the others",
		fleet: fleet(twoClusters[:len(twoClusters)-1]+"\n      scratchSpaceStorageClass: local-nvme\n", vm("")),
		want:  []string{`f.yaml:14: error: spec.clusters[1].scratchSpaceStorageClass: scratchSpaceStorageClass is set on cluster "west" but not on "east", and spec.virtualization.hyperconverged.scratchSpaceStorageClass is empty: one HyperConverged policy carries every cluster's value, so give the others' there`},
	}, {
		name:  "a zero quantity",
		fleet: fleet("  virtualization:\n    hyperconverged:\n      storageWorkloads: {requests: {memory: \"0\"}}\n", oneCluster, vm("")),
		want:  []string{`f.yaml:11: error: spec.virtualization.hyperconverged.storageWorkloads.requests.memory: "0" must be greater than zero`},
	}, {
		name:  "a tenant fleet sets them",
		fleet: fleet("  virtualization:\n    managedBy: platform\n    hyperconverged:\n      scratchSpaceStorageClass: local-nvme\n", oneCluster, vm("")),
		want:  []string{`f.yaml:12: error: spec.virtualization.hyperconverged.scratchSpaceStorageClass: fleet "platform" manages the HyperConverged CR of these clusters (spec.virtualization.managedBy): set scratchSpaceStorageClass there`},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, findings(t, tc.fleet)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}
