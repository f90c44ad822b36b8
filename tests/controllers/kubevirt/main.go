// Command kubevirt-check sends every VirtualMachine of the given YAML streams through KubeVirt v1.6.0's
// own admission code, in the order a real API server calls it on create, and reports every cause:
//
//  1. the VM mutating webhook (mutators.VMsMutator: instancetype/preference matchers, firmware UUID,
//     machine type, architecture and the other defaults),
//  2. the VM validating admitter (admitters.VMsAdmitter) on the mutated VM,
//  3. the VirtualMachineInstance the VM controller would create from it: the VM's template with the
//     instancetype and preference applied (pkg/instancetype/expand, the code behind the expand-spec
//     endpoint), named and placed like the VM (pkg/virt-controller/watch/vm/vm.go setupVMIFromVM),
//  4. the VMI mutating webhook (mutators.VMIsMutator) and the VMI create admitter
//     (admitters.VMICreateAdmitter with the network spec validator virt-api registers, pkg/virt-api/api.go).
//
// The cluster holds the VirtualMachineClusterInstancetypes and VirtualMachineClusterPreferences virt-operator
// v1.6.0 installs (components.NewClusterInstancetypes / NewClusterPreferences) and a KubeVirt CR with the
// feature gates given by -feature-gates (default: none, as virt-operator installs it). For each VM it also
// records the feature gates it needs (the smallest set found by trying the gates KubeVirt v1.6.0 knows)
// and the fields the VM mutator sets on create. With -hub, every such field must be covered by the
// ignoreDifferences of an ApplicationSet in the hub stream (Argo CD would otherwise see a permanent diff).
//
// Usage:
//
//	kubevirt-check [-feature-gates A,B] [-hub HUB.yaml]... [-datavolumes OUT] STREAM.yaml...
//	kubevirt-check -catalog   # the shipped cluster instancetypes and preferences, one `KIND NAME` a line
//
// Prints a JSON report on stdout and a summary on stderr; exits 1 if an object is rejected, 2 on bad input.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"sort"
	"strings"

	"go.uber.org/mock/gomock"
	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	admissionv1 "k8s.io/api/admission/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	k8sfield "k8s.io/apimachinery/pkg/util/validation/field"
	k8sfake "k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/tools/cache"

	v1 "kubevirt.io/api/core/v1"
	cdifake "kubevirt.io/client-go/containerizeddataimporter/fake"
	"kubevirt.io/client-go/kubecli"
	kvfake "kubevirt.io/client-go/kubevirt/fake"
	cdiv1 "kubevirt.io/containerized-data-importer-api/pkg/apis/core/v1beta1"

	"kubevirt.io/kubevirt/pkg/instancetype/expand"
	itfind "kubevirt.io/kubevirt/pkg/instancetype/find"
	preffind "kubevirt.io/kubevirt/pkg/instancetype/preference/find"
	netadmitter "kubevirt.io/kubevirt/pkg/network/admitter"
	"kubevirt.io/kubevirt/pkg/testutils"
	"kubevirt.io/kubevirt/pkg/virt-api/webhooks"
	"kubevirt.io/kubevirt/pkg/virt-api/webhooks/mutating-webhook/mutators"
	"kubevirt.io/kubevirt/pkg/virt-api/webhooks/validating-webhook/admitters"
	virtconfig "kubevirt.io/kubevirt/pkg/virt-config"
	"kubevirt.io/kubevirt/pkg/virt-config/featuregate"
	vmctrlutil "kubevirt.io/kubevirt/pkg/virt-controller/watch/util"
	"kubevirt.io/kubevirt/pkg/virt-operator/resource/generate/components"
)

// knownGates are the feature gates KubeVirt v1.6.0 can enable (pkg/virt-config/featuregate/active.go,
// Alpha and Beta; GA gates are always on). Named by their constants so that a bump that drops one fails
// to build here.
var knownGates = []string{
	featuregate.ImageVolume, featuregate.ExpandDisksGate, featuregate.CPUManager, featuregate.IgnitionGate,
	featuregate.HypervStrictCheckGate, featuregate.SidecarGate, featuregate.HostDevicesGate,
	featuregate.SnapshotGate, featuregate.VMExportGate, featuregate.HotplugVolumesGate,
	featuregate.HostDiskGate, featuregate.DownwardMetricsFeatureGate, featuregate.Root,
	featuregate.WorkloadEncryptionSEV, featuregate.VSOCKGate, featuregate.KubevirtSeccompProfile,
	featuregate.DisableMediatedDevicesHandling, featuregate.PersistentReservation,
	featuregate.MultiArchitecture, featuregate.AlignCPUsGate, featuregate.NodeRestrictionGate,
	featuregate.VirtIOFSConfigVolumesGate, featuregate.VirtIOFSStorageVolumeGate,
	featuregate.GPUsWithDRAGate, featuregate.HostDevicesWithDRAGate,
	featuregate.DecentralizedLiveMigration, featuregate.DeclarativeHotplugVolumesGate,
	featuregate.VideoConfig, featuregate.PanicDevicesGate, featuregate.PasstIPStackMigration,
}

// The user a GitOps sync creates VMs as: an ordinary service account, not one of KubeVirt's own.
const syncUser = "system:serviceaccount:openshift-gitops:openshift-gitops-argocd-application-controller"

func main() {
	os.Exit(run())
}

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

func run() int {
	var hubs listFlag
	gates := flag.String("feature-gates", "", "comma-separated KubeVirt feature gates the cluster enables")
	catalog := flag.Bool("catalog", false, "print the cluster instancetypes and preferences virt-operator v1.6.0 installs, one `KIND NAME` a line, and exit")
	dvOut := flag.String("datavolumes", "", "write the DataVolumes the VM controller creates from dataVolumeTemplates to this file (a JSON stream)")
	flag.Var(&hubs, "hub", "a hub stream whose ApplicationSets' ignoreDifferences must cover what the VM mutator sets (repeatable)")
	catalog := flag.Bool("catalog", false, "print the names of the cluster instancetypes and preferences virt-operator v1.6.0 installs, one \"<kind> <name>\" a line, sorted, and exit")
	flag.Parse()
	if *catalog {
		return printCatalog()
	}
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: kubevirt-check [-feature-gates A,B] [-hub HUB.yaml]... STREAM.yaml...")
		return 2
	}
	var enabled []string
	for _, g := range strings.Split(*gates, ",") {
		if g = strings.TrimSpace(g); g != "" {
			enabled = append(enabled, g)
		}
	}

	var ignores []ignoreRule
	for _, h := range hubs {
		objs, err := readStream(h)
		if err != nil {
			fmt.Fprintln(os.Stderr, "kubevirt-check:", err)
			return 2
		}
		ignores = append(ignores, vmIgnoreRules(objs)...)
	}

	rep := report{Checker: "kubevirt.io/kubevirt v1.6.0 (VM mutator + admitter, VMI mutator + create admitter)"}
	ck, err := newChecker()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kubevirt-check:", err)
		return 2
	}
	var dvs bytes.Buffer
	for _, file := range flag.Args() {
		objs, err := readStream(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, "kubevirt-check:", err)
			return 2
		}
		for _, o := range objs {
			if o.Kind != "VirtualMachine" || !strings.HasPrefix(o.APIVersion, "kubevirt.io/") {
				continue
			}
			r := ck.checkVM(o, enabled, hubs, ignores)
			r.Source = file
			made, err := ck.dataVolumes(o.Raw)
			if err != nil {
				r.Causes = append(r.Causes, cause{Stage: "datavolumes-from-vm", Message: err.Error()})
			}
			for _, dv := range made {
				dvs.Write(dv)
				dvs.WriteString("\n")
			}
			rep.Objects = append(rep.Objects, r)
		}
	}
	if *dvOut != "" {
		if err := os.WriteFile(*dvOut, dvs.Bytes(), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "kubevirt-check:", err)
			return 2
		}
	}
	return rep.Emit()
}

// printCatalog prints what virt-operator v1.6.0 installs as cluster-wide instancetypes and preferences,
// sorted: the names a VM may refer to without the cluster admin adding any.
func printCatalog() int {
	its, err := components.NewClusterInstancetypes()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kubevirt-check:", err)
		return 2
	}
	prefs, err := components.NewClusterPreferences()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kubevirt-check:", err)
		return 2
	}
	var lines []string
	for _, it := range its {
		lines = append(lines, "VirtualMachineClusterInstancetype "+it.Name)
	}
	for _, p := range prefs {
		lines = append(lines, "VirtualMachineClusterPreference "+p.Name)
	}
	sort.Strings(lines)
	fmt.Println(strings.Join(lines, "\n"))
	return 0
}

// checker holds one fake cluster: the shipped instancetypes and preferences in a fake KubeVirt clientset,
// behind the mocked KubevirtClient the webhooks call.
type checker struct {
	virtClient kubecli.KubevirtClient
	presets    cache.SharedIndexInformer // no VirtualMachineInstancePresets: the VMI mutator lists them
	cdi        *cdifake.Clientset
}

// printCatalog lists what virt-operator v1.6.0 installs (common-instancetypes), the catalog vmfleet checks
// instancetype and preference names against (internal/validate/catalog).
func printCatalog() int {
	its, err := components.NewClusterInstancetypes()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kubevirt-check:", err)
		return 2
	}
	prefs, err := components.NewClusterPreferences()
	if err != nil {
		fmt.Fprintln(os.Stderr, "kubevirt-check:", err)
		return 2
	}
	var lines []string
	for _, it := range its {
		lines = append(lines, "instancetype "+it.Name)
	}
	for _, p := range prefs {
		lines = append(lines, "preference "+p.Name)
	}
	sort.Strings(lines)
	fmt.Println(strings.Join(lines, "\n"))
	return 0
}

// reporter turns an unexpected call on the mocked client into a panic that checkVM reports.
type reporter struct{}

func (reporter) Errorf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
func (reporter) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

func newChecker() (*checker, error) {
	its, err := components.NewClusterInstancetypes()
	if err != nil {
		return nil, fmt.Errorf("cluster instancetypes of virt-operator v1.6.0: %w", err)
	}
	prefs, err := components.NewClusterPreferences()
	if err != nil {
		return nil, fmt.Errorf("cluster preferences of virt-operator v1.6.0: %w", err)
	}
	var seed []runtime.Object
	for _, it := range its {
		seed = append(seed, it)
	}
	for _, p := range prefs {
		seed = append(seed, p)
	}
	kv := kvfake.NewSimpleClientset(seed...)
	k8s := k8sfake.NewSimpleClientset()
	cdi := cdifake.NewSimpleClientset()

	m := kubecli.NewMockKubevirtClient(gomock.NewController(reporter{}))
	m.EXPECT().VirtualMachineClusterInstancetype().Return(kv.InstancetypeV1beta1().VirtualMachineClusterInstancetypes()).AnyTimes()
	m.EXPECT().VirtualMachineClusterPreference().Return(kv.InstancetypeV1beta1().VirtualMachineClusterPreferences()).AnyTimes()
	m.EXPECT().VirtualMachineInstancetype(gomock.Any()).DoAndReturn(func(ns string) any {
		return kv.InstancetypeV1beta1().VirtualMachineInstancetypes(ns)
	}).AnyTimes()
	m.EXPECT().VirtualMachinePreference(gomock.Any()).DoAndReturn(func(ns string) any {
		return kv.InstancetypeV1beta1().VirtualMachinePreferences(ns)
	}).AnyTimes()
	m.EXPECT().VirtualMachineInstance(gomock.Any()).DoAndReturn(func(ns string) any {
		return kv.KubevirtV1().VirtualMachineInstances(ns)
	}).AnyTimes()
	m.EXPECT().GeneratedKubeVirtClient().Return(kv).AnyTimes()
	m.EXPECT().CdiClient().Return(cdi).AnyTimes()
	m.EXPECT().CoreV1().Return(k8s.CoreV1()).AnyTimes()
	m.EXPECT().AppsV1().Return(k8s.AppsV1()).AnyTimes()
	m.EXPECT().AuthorizationV1().Return(k8s.AuthorizationV1()).AnyTimes()
	presets, _ := testutils.NewFakeInformerFor(&v1.VirtualMachineInstancePreset{})
	return &checker{virtClient: m, presets: presets, cdi: cdi}, nil
}

func (c *checker) config(gates []string) *virtconfig.ClusterConfig {
	kvc := &v1.KubeVirtConfiguration{}
	if len(gates) > 0 {
		kvc.DeveloperConfiguration = &v1.DeveloperConfiguration{FeatureGates: gates}
	}
	cfg, _, _ := testutils.NewFakeClusterConfigUsingKVConfig(kvc)
	return cfg
}

// outcome is one pass of a VM through the four admission stages.
type outcome struct {
	causes  []cause
	mutated *v1.VirtualMachine
	vmi     *v1.VirtualMachineInstance
}

func (c *checker) checkVM(o object, gates, hubs []string, ignores []ignoreRule) (r result) {
	r = result{Kind: o.Kind, Namespace: o.Namespace, Name: o.Name}
	defer func() {
		if p := recover(); p != nil {
			r.Causes = append(r.Causes, cause{Stage: "checker", Message: fmt.Sprintf("internal error: %v\n%s", p, debug.Stack())})
		}
	}()
	out := c.admit(o.Raw, gates)
	r.Causes = out.causes

	// Feature gates: with every known gate on, find the gates that cannot be turned off.
	if len(c.admit(o.Raw, knownGates).causes) == 0 {
		var need []string
		for i, g := range knownGates {
			rest := append(append([]string{}, knownGates[:i]...), knownGates[i+1:]...)
			if len(c.admit(o.Raw, rest).causes) > 0 {
				need = append(need, g)
			}
		}
		if len(need) == 0 {
			r.Notes = append(r.Notes, "feature gates needed: none")
		} else {
			r.Notes = append(r.Notes, "feature gates needed: "+strings.Join(need, ","))
		}
		r.FeatureGates = need
	} else {
		r.Notes = append(r.Notes, "feature gates needed: unknown (rejected even with every gate on)")
	}

	if out.mutated != nil {
		var before, after any
		_ = json.Unmarshal(o.Raw, &before)
		a, _ := json.Marshal(out.mutated)
		_ = json.Unmarshal(a, &after)
		r.MutatedFields = changedPaths("", prune(before), prune(after))
		if len(hubs) > 0 {
			for _, p := range r.MutatedFields {
				if strings.HasPrefix(p, "/metadata/") || strings.HasPrefix(p, "/status") {
					continue
				}
				if !covered(p, o.Namespace, o.Name, ignores) {
					r.Causes = append(r.Causes, cause{Stage: "argocd-ignore-differences", Field: p,
						Message: "the VM mutator sets this field on create, and no ApplicationSet ignoreDifferences " +
							"(group kubevirt.io, kind VirtualMachine) covers it: Argo CD would report the VM OutOfSync for good"})
				}
			}
		}
	}
	if out.vmi != nil {
		r.Notes = append(r.Notes, fmt.Sprintf("VMI: machine %s, architecture %s", machineType(out.vmi), out.vmi.Spec.Architecture))
	}
	return r
}

func machineType(vmi *v1.VirtualMachineInstance) string {
	if vmi.Spec.Domain.Machine == nil {
		return "(none)"
	}
	return vmi.Spec.Domain.Machine.Type
}

func request(op admissionv1.Operation, gvr metav1.GroupVersionResource, ns string, raw []byte) *admissionv1.AdmissionReview {
	return &admissionv1.AdmissionReview{Request: &admissionv1.AdmissionRequest{
		UID:       "vmfleet-check",
		Operation: op,
		Resource:  gvr,
		Namespace: ns,
		UserInfo:  authenticationv1.UserInfo{Username: syncUser},
		Object:    runtime.RawExtension{Raw: raw},
	}}
}

func respCauses(stage string, resp *admissionv1.AdmissionResponse) []cause {
	if resp == nil || resp.Allowed {
		return nil
	}
	var out []cause
	if resp.Result != nil {
		if resp.Result.Details != nil {
			for _, c := range resp.Result.Details.Causes {
				out = append(out, cause{Stage: stage, Field: c.Field, Message: c.Message})
			}
		}
		if len(out) == 0 {
			out = append(out, cause{Stage: stage, Message: resp.Result.Message})
		}
	}
	if len(out) == 0 {
		out = append(out, cause{Stage: stage, Message: "denied without a reason"})
	}
	return out
}

func statusCauses(stage string, cs []metav1.StatusCause) []cause {
	var out []cause
	for _, c := range cs {
		out = append(out, cause{Stage: stage, Field: c.Field, Message: c.Message})
	}
	return out
}

// admit runs the four stages with the given feature gates on. A stage that rejects stops the chain, as the
// API server stops; the VMI create admitter reports all its causes at once.
func (c *checker) admit(raw []byte, gates []string) outcome {
	cfg := c.config(gates)
	var vm v1.VirtualMachine
	if err := json.Unmarshal(raw, &vm); err != nil {
		return outcome{causes: []cause{{Stage: "decode", Message: err.Error()}}}
	}
	vmGVR := webhooks.VirtualMachineGroupVersionResource

	// 1. VM mutating webhook (pkg/virt-api/webhooks/mutating-webhook/mutators/vm-mutator.go).
	mut := mutators.NewVMsMutator(cfg, c.virtClient)
	resp := mut.Mutate(request(admissionv1.Create, vmGVR, vm.Namespace, raw))
	if cs := respCauses("vm-mutator", resp); cs != nil {
		return outcome{causes: cs}
	}
	mutatedRaw, err := applyPatch(raw, resp)
	if err != nil {
		return outcome{causes: []cause{{Stage: "vm-mutator", Message: "applying the webhook's patch: " + err.Error()}}}
	}
	mutated := &v1.VirtualMachine{}
	if err := json.Unmarshal(mutatedRaw, mutated); err != nil {
		return outcome{causes: []cause{{Stage: "vm-mutator", Message: "decoding the mutated VM: " + err.Error()}}}
	}
	out := outcome{mutated: mutated}

	// 2. VM validating admitter (pkg/virt-api/webhooks/validating-webhook/admitters/vms-admitter.go).
	adm := admitters.NewVMsAdmitter(cfg, c.virtClient, &webhooks.Informers{},
		webhooks.KubeVirtServiceAccounts("openshift-cnv"))
	if cs := respCauses("vm-admitter", adm.Admit(context.Background(), request(admissionv1.Create, vmGVR, vm.Namespace, mutatedRaw))); cs != nil {
		out.causes = cs
		return out
	}

	// 3. The VMI the VM controller creates: the template with instancetype and preference applied.
	exp := expand.New(cfg,
		itfind.NewSpecFinder(nil, nil, nil, c.virtClient),
		preffind.NewSpecFinder(nil, nil, nil, c.virtClient))
	expanded, err := exp.Expand(mutated)
	if err != nil {
		out.causes = []cause{{Stage: "vmi-from-vm", Message: "applying instancetype/preference: " + err.Error()}}
		return out
	}
	vmi := v1.NewVMIReferenceFromNameWithNS(mutated.Namespace, mutated.Name)
	vmi.ObjectMeta = *expanded.Spec.Template.ObjectMeta.DeepCopy()
	vmi.Name, vmi.Namespace, vmi.GenerateName = mutated.Name, mutated.Namespace, ""
	vmi.Labels = expanded.Spec.Template.ObjectMeta.Labels
	vmi.Spec = *expanded.Spec.Template.Spec.DeepCopy()
	vmi.OwnerReferences = []metav1.OwnerReference{*metav1.NewControllerRef(mutated, v1.VirtualMachineGroupVersionKind)}
	vmiRaw, err := json.Marshal(vmi)
	if err != nil {
		out.causes = []cause{{Stage: "vmi-from-vm", Message: err.Error()}}
		return out
	}
	vmiGVR := webhooks.VirtualMachineInstanceGroupVersionResource
	// The VM controller creates the VMI as itself: a KubeVirt service account.
	ctrlUser := "system:serviceaccount:openshift-cnv:" + components.ControllerServiceAccountName
	vmiReq := func(raw []byte) *admissionv1.AdmissionReview {
		r := request(admissionv1.Create, vmiGVR, vmi.Namespace, raw)
		r.Request.UserInfo.Username = ctrlUser
		return r
	}

	// 4. VMI mutating webhook and VMI create admitter, as virt-api wires them (pkg/virt-api/api.go).
	vmiMut := &mutators.VMIsMutator{ClusterConfig: cfg, VMIPresetInformer: c.presets, KubeVirtServiceAccounts: webhooks.KubeVirtServiceAccounts("openshift-cnv")}
	vresp := vmiMut.Mutate(vmiReq(vmiRaw))
	if cs := respCauses("vmi-mutator", vresp); cs != nil {
		out.causes = cs
		return out
	}
	vmiMutated, err := applyPatch(vmiRaw, vresp)
	if err != nil {
		out.causes = []cause{{Stage: "vmi-mutator", Message: "applying the webhook's patch: " + err.Error()}}
		return out
	}
	final := &v1.VirtualMachineInstance{}
	_ = json.Unmarshal(vmiMutated, final)
	out.vmi = final
	vmiAdm := &admitters.VMICreateAdmitter{
		ClusterConfig:           cfg,
		KubeVirtServiceAccounts: webhooks.KubeVirtServiceAccounts("openshift-cnv"),
		SpecValidators: []admitters.SpecValidator{
			func(f *k8sfield.Path, s *v1.VirtualMachineInstanceSpec, cc *virtconfig.ClusterConfig) []metav1.StatusCause {
				return netadmitter.Validate(f, s, cc)
			},
		},
	}
	out.causes = respCauses("vmi-create-admitter", vmiAdm.Admit(context.Background(), vmiReq(vmiMutated)))
	return out
}

// dataVolumes returns the DataVolumes the VM controller creates for the VM's dataVolumeTemplates, made by its
// own code (pkg/virt-controller/watch/util.CreateDataVolumeManifest: labels, the claim-adoption annotation,
// the owner reference, a DataSource sourceRef resolved to its source). A DataSource the fleet refers to is
// taken to exist on the cluster as golden images are: a PVC of the same name in its namespace.
func (c *checker) dataVolumes(raw []byte) ([][]byte, error) {
	vm := &v1.VirtualMachine{}
	if err := json.Unmarshal(raw, vm); err != nil {
		return nil, err
	}
	vm.UID = types.UID("uid-of-" + vm.Namespace + "." + vm.Name) // the owner reference needs one; the API server would set it
	var out [][]byte
	for i, t := range vm.Spec.DataVolumeTemplates {
		if ref := t.Spec.SourceRef; ref != nil && ref.Kind == "DataSource" {
			ns := vm.Namespace
			if ref.Namespace != nil {
				ns = *ref.Namespace
			}
			ds := &cdiv1.DataSource{
				ObjectMeta: metav1.ObjectMeta{Name: ref.Name, Namespace: ns},
				Spec: cdiv1.DataSourceSpec{Source: cdiv1.DataSourceSource{
					PVC: &cdiv1.DataVolumeSourcePVC{Name: ref.Name, Namespace: ns}}},
			}
			if _, err := c.cdi.CdiV1beta1().DataSources(ns).Create(context.Background(), ds, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
				return nil, err
			}
		}
		dv, err := vmctrlutil.CreateDataVolumeManifest(c.virtClient, t, vm)
		if err != nil {
			return nil, fmt.Errorf("spec.dataVolumeTemplates[%d] (%s): %w", i, t.Name, err)
		}
		dv.APIVersion, dv.Kind = cdiv1.SchemeGroupVersion.String(), "DataVolume"
		dv.Namespace = vm.Namespace
		b, err := json.Marshal(dv)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// applyPatch applies a webhook's JSON patch (if any) to raw.
func applyPatch(raw []byte, resp *admissionv1.AdmissionResponse) ([]byte, error) {
	if resp == nil || len(resp.Patch) == 0 {
		return raw, nil
	}
	p, err := jsonpatch.DecodePatch(resp.Patch)
	if err != nil {
		return nil, err
	}
	return p.Apply(raw)
}

// prune drops nulls and empty objects and lists: the zero values the Go types write back
// (creationTimestamp: null, resources: {}) are not values the mutator sets, and an API server stores
// the same object either way.
func prune(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range t {
			if e = prune(e); e != nil {
				out[k] = e
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case []any:
		if len(t) == 0 {
			return nil
		}
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = prune(e)
		}
		return out
	}
	return v
}

// changedPaths lists the JSON pointers where after differs from before: the top-most added or changed
// node (a new object is one path, not one per leaf).
func changedPaths(prefix string, before, after any) []string {
	bm, bok := before.(map[string]any)
	am, aok := after.(map[string]any)
	if bok && aok {
		var keys []string
		for k := range am {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []string
		for _, k := range keys {
			p := prefix + "/" + strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
			b, had := bm[k]
			if !had {
				out = append(out, p)
				continue
			}
			out = append(out, changedPaths(p, b, am[k])...)
		}
		return out
	}
	bl, bok := before.([]any)
	al, aok := after.([]any)
	if bok && aok && len(bl) == len(al) {
		var out []string
		for i := range al {
			out = append(out, changedPaths(fmt.Sprintf("%s/%d", prefix, i), bl[i], al[i])...)
		}
		return out
	}
	bj, _ := json.Marshal(before)
	aj, _ := json.Marshal(after)
	if string(bj) != string(aj) {
		return []string{prefix}
	}
	return nil
}

// ignoreRule is one ApplicationSet's ignoreDifferences entry for kubevirt.io VirtualMachines; name and
// namespace, when set, narrow it to one VM.
type ignoreRule struct {
	appSet          string
	name, namespace string
	pointer         string
}

func vmIgnoreRules(objs []object) []ignoreRule {
	var out []ignoreRule
	for _, o := range objs {
		if o.Kind != "ApplicationSet" {
			continue
		}
		var as struct {
			Spec struct {
				Template struct {
					Spec struct {
						IgnoreDifferences []struct {
							Group             string   `json:"group"`
							Kind              string   `json:"kind"`
							Name              string   `json:"name"`
							Namespace         string   `json:"namespace"`
							JSONPointers      []string `json:"jsonPointers"`
							JQPathExpressions []string `json:"jqPathExpressions"`
						} `json:"ignoreDifferences"`
					} `json:"spec"`
				} `json:"template"`
			} `json:"spec"`
		}
		if err := json.Unmarshal(o.Raw, &as); err != nil {
			continue
		}
		for _, d := range as.Spec.Template.Spec.IgnoreDifferences {
			if d.Group != "kubevirt.io" || (d.Kind != "VirtualMachine" && d.Kind != "*" && d.Kind != "") {
				continue
			}
			for _, p := range d.JSONPointers {
				out = append(out, ignoreRule{o.Name, d.Name, d.Namespace, p})
			}
			for _, jq := range d.JQPathExpressions {
				// Plain paths (.spec.a.b) only; anything else is not counted as covering.
				if strings.HasPrefix(jq, ".") && !strings.ContainsAny(jq, "[]|()? ") {
					out = append(out, ignoreRule{o.Name, d.Name, d.Namespace, strings.ReplaceAll(jq, ".", "/")})
				}
			}
		}
	}
	return out
}

// covered says whether a rule ignores pointer p of the VM ns/name. An entry matches an object as Argo CD's
// diff normalizer matches it: group and kind, and name and namespace when given
// (argo-cd util/argo/normalizers/diff_normalizer.go ignoreNormalizer.Normalize).
func covered(p, ns, name string, rules []ignoreRule) bool {
	for _, r := range rules {
		if (r.name != "" && r.name != name) || (r.namespace != "" && r.namespace != ns) {
			continue
		}
		if p == r.pointer || strings.HasPrefix(p, r.pointer+"/") {
			return true
		}
	}
	return false
}
