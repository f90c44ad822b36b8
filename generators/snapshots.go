package generators

import (
	"encoding/json"
	"sort"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	snapshotv1 "kubevirt.io/api/snapshot/v1beta1"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// SnapshotAccount is the ServiceAccount (and Role, RoleBinding) the snapshot
// jobs of a namespace run as.
const SnapshotAccount = "vmfleet-snapshots"

// LabelSnapshotVM marks the snapshots of one VM, so its job prunes only its own.
const LabelSnapshotVM = "vmfleet.dev/vm"

// snapshotScript creates one VirtualMachineSnapshot (a generateName, so each
// run makes a new one) and deletes all but the newest $KEEP of the VM's.
const snapshotScript = `set -eu
printf '%s' "$SNAPSHOT" | oc create -f -
oc get virtualmachinesnapshots.snapshot.kubevirt.io -l "` + LabelSnapshotVM + `=$VM" \
  --sort-by=.metadata.creationTimestamp -o name | head -n "-$KEEP" | xargs -r oc delete
`

// Snapshots protects each VM of cluster c that has a snapshot policy: a
// CronJob in its namespace that creates a VirtualMachineSnapshot on the
// schedule (KubeVirt snapshots every disk through CSI VolumeSnapshots and
// keeps the VM spec; restore with a VirtualMachineRestore) and prunes the
// oldest, with a ServiceAccount allowed exactly that. An OADP Schedule
// would also copy the data off the cluster but needs OADP, a backup storage
// location and its kubevirt plugin on every cluster; this needs KubeVirt alone.
func Snapshots(p *plan.Plan, c *plan.Cluster) []objects.Object {
	namespaces := map[string]bool{}
	var jobs []objects.Object
	for _, in := range c.Instances {
		sp := plan.Snapshots(in.VM.Spec, &p.Fleet.Spec.Defaults)
		if sp == nil {
			continue
		}
		ns := in.VM.Spec.Namespace
		namespaces[ns] = true
		jobs = append(jobs, snapshotCronJob(p, in.VM.Spec, sp))
	}
	names := make([]string, 0, len(namespaces))
	for ns := range namespaces {
		names = append(names, ns)
	}
	sort.Strings(names)
	var out []objects.Object
	for _, ns := range names {
		sa := objects.NewServiceAccount(ns, SnapshotAccount)
		role := objects.NewRole(ns, SnapshotAccount, objects.PolicyRule{APIGroups: []string{snapshotv1.SchemeGroupVersion.Group},
			Resources: []string{"virtualmachinesnapshots"}, Verbs: []string{"create", "get", "list", "delete"}})
		rb := objects.NewRoleBinding(ns, SnapshotAccount, SnapshotAccount, ns, SnapshotAccount)
		sa.Labels, role.Labels, rb.Labels = commonLabels(p), commonLabels(p), commonLabels(p)
		out = append(out, sa, role, rb)
	}
	return append(out, jobs...)
}

// SnapshotCronJobName is the CronJob of a VM's snapshots; the CronJob
// controller appends 11 characters to it for each Job, so it may have 52.
func SnapshotCronJobName(vm string) string { return vm + "-snapshots" }

func snapshotCronJob(p *plan.Plan, vm *v1alpha1.VM, sp *v1alpha1.SnapshotPolicy) *objects.CronJob {
	snap := snapshotv1.VirtualMachineSnapshot{
		TypeMeta: metav1.TypeMeta{APIVersion: snapshotv1.SchemeGroupVersion.String(), Kind: "VirtualMachineSnapshot"},
		ObjectMeta: metav1.ObjectMeta{GenerateName: vm.Name + "-", Namespace: vm.Namespace,
			Labels: map[string]string{LabelSnapshotVM: vm.Name}},
		Spec: snapshotv1.VirtualMachineSnapshotSpec{Source: corev1.TypedLocalObjectReference{
			APIGroup: ptr("kubevirt.io"), Kind: "VirtualMachine", Name: vm.Name}},
	}
	manifest := snapshotManifest(snap)
	one := int32(1)
	cj := &objects.CronJob{
		TypeMeta:   objects.TypeMeta{APIVersion: "batch/v1", Kind: "CronJob"},
		ObjectMeta: objects.ObjectMeta{Name: SnapshotCronJobName(vm.Name), Namespace: vm.Namespace, Labels: commonLabels(p)},
		Spec: objects.CronJobSpec{
			Schedule: sp.Schedule,
			// A snapshot still running when the next is due is left alone.
			ConcurrencyPolicy:          "Forbid",
			SuccessfulJobsHistoryLimit: &one,
			FailedJobsHistoryLimit:     &one,
			JobTemplate: objects.JobTemplateSpec{Spec: objects.JobSpec{BackoffLimit: &one,
				Template: objects.PodTemplateSpec{Spec: objects.PodSpec{
					ServiceAccountName: SnapshotAccount,
					RestartPolicy:      "Never",
					Containers: []objects.Container{{Name: "snapshot", Image: sp.Image,
						Command: []string{"/bin/bash", "-c", snapshotScript},
						Env: []objects.EnvVar{{Name: "VM", Value: vm.Name}, {Name: "KEEP", Value: strconv.Itoa(int(*sp.Keep))},
							{Name: "SNAPSHOT", Value: manifest}}}},
				}}}},
		},
	}
	return cj
}

// snapshotManifest is the VirtualMachineSnapshot as JSON, without the
// empty status and creation time the upstream type carries.
func snapshotManifest(s snapshotv1.VirtualMachineSnapshot) string {
	b, _ := json.Marshal(s) // a typed struct: cannot fail
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	delete(m, "status")
	if md, ok := m["metadata"].(map[string]any); ok {
		delete(md, "creationTimestamp")
	}
	b, _ = json.Marshal(m)
	return string(b)
}
