package validate

import (
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/plan"
)

// snapshotJobSuffix makes a VM's snapshot CronJob name (generators
// SnapshotCronJobName); the CronJob controller appends 11 characters (a dash
// and the scheduled time) for each Job, so the apiserver allows 52
// (kubernetes pkg/apis/batch/validation ValidateCronJob).
const snapshotJobSuffix = "-snapshots"

// snapshots checks each snapshot policy as written.
func (v *validator) snapshots() {
	check := func(p diag.Path, sp *v1alpha1.SnapshotPolicy) {
		if sp != nil && !validSchedule(sp.Schedule) {
			v.errorf(p+".schedule", diag.RuleSnapshotSchedule, "%q is not a cron schedule: five fields (minute hour day-of-month month day-of-week, e.g. \"0 1 * * *\") or one of %s", sp.Schedule, strings.Join(cronDescriptors, ", "))
		}
	}
	check("spec.defaults.snapshots", v.f.Spec.Defaults.Snapshots)
	for i := range v.f.Spec.VMs {
		vm := &v.f.Spec.VMs[i]
		p := indexPath("spec.vms", i)
		check(p+".snapshots", vm.Snapshots)
		if plan.Snapshots(vm, &v.f.Spec.Defaults) != nil && len(vm.Name)+len(snapshotJobSuffix) > 52 {
			v.errorf(p+".name", diag.RuleSnapshotName, "vm %q is %d characters long; its snapshot CronJob %s%s may have at most 52 (the CronJob controller appends 11 for each Job): shorten the name to %d", vm.Name, len(vm.Name), vm.Name, snapshotJobSuffix, 52-len(snapshotJobSuffix))
		}
	}
}

// snapshotsPlan: snapshots only where the fleet marks the storage
// snapshot-capable. KubeVirt's VirtualMachineSnapshot takes a CSI
// VolumeSnapshot of each disk; without a VolumeSnapshotClass for the
// disks' driver it never becomes ready (its status says the volumes are not
// snapshot-capable), and the job keeps creating snapshots that fail.
func (v *validator) snapshotsPlan(p *plan.Plan) {
	for _, c := range p.Clusters {
		if c.Spec.VolumeSnapshotClass != "" {
			continue
		}
		for _, in := range c.Instances {
			vm := in.VM.Spec
			if plan.Snapshots(vm, &p.Fleet.Spec.Defaults) == nil {
				continue
			}
			at := diag.Path("spec.vms").Index(in.VM.Index).Child("snapshots")
			if vm.Snapshots == nil {
				at = "spec.defaults.snapshots"
			}
			v.errorf(at, diag.RuleSnapshotStorage, "vm %q asks for snapshots on cluster %q, whose storage the fleet does not mark snapshot-capable: set spec.clusters[%d].volumeSnapshotClass to the VolumeSnapshotClass of its storage class's CSI driver, or keep the vm off that cluster", vm.Name, c.Spec.Name, c.Index)
		}
	}
}
