package validate_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Each snapshot rule shows its exact message, field and line.
func TestSnapshotRules(t *testing.T) {
	capable := strings.Replace(oneCluster, "      accessMode: ReadWriteMany\n", "      accessMode: ReadWriteMany\n      volumeSnapshotClass: ceph-rbd-snapclass\n", 1)
	for _, tc := range []struct {
		name  string
		fleet string
		want  []string
	}{{
		name:  "snapshots where the storage can take them",
		fleet: fleet(capable, vm("      snapshots: {schedule: \"0 1 * * *\", keep: 3}\n")),
	}, {
		name:  "a cluster not marked snapshot-capable",
		fleet: fleet(oneCluster, vm("      snapshots: {schedule: \"0 1 * * *\"}\n")),
		want:  []string{`f.yaml:21: error: spec.vms[0].snapshots: vm "app" asks for snapshots on cluster "east", whose storage the fleet does not mark snapshot-capable: set spec.clusters[0].volumeSnapshotClass to the VolumeSnapshotClass of its storage class's CSI driver, or keep the vm off that cluster`},
	}, {
		name:  "the fleet default on such a cluster",
		fleet: fleet("  defaults:\n    snapshots: {schedule: \"@daily\"}\n", oneCluster, vm("")),
		want:  []string{`f.yaml:10: error: spec.defaults.snapshots: vm "app" asks for snapshots on cluster "east", whose storage the fleet does not mark snapshot-capable: set spec.clusters[0].volumeSnapshotClass to the VolumeSnapshotClass of its storage class's CSI driver, or keep the vm off that cluster`},
	}, {
		name:  "a schedule the CronJob controller rejects",
		fleet: fleet(capable, vm("      snapshots: {schedule: \"nightly\"}\n")),
		want:  []string{`f.yaml:22: error: spec.vms[0].snapshots.schedule: "nightly" is not a cron schedule: five fields (minute hour day-of-month month day-of-week, e.g. "0 1 * * *") or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly`},
	}, {
		name:  "a name too long for the CronJob",
		fleet: fleet(capable, strings.Replace(vm("      snapshots: {schedule: \"0 1 * * *\"}\n"), "name: app", "name: "+strings.Repeat("a", 43), 1)),
		want:  []string{`f.yaml:15: error: spec.vms[0].name: vm "` + strings.Repeat("a", 43) + `" is 43 characters long; its snapshot CronJob ` + strings.Repeat("a", 43) + `-snapshots may have at most 52 (the CronJob controller appends 11 for each Job): shorten the name to 42`},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, findings(t, tc.fleet)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}
