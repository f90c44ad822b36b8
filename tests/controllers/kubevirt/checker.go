package main

import (
	"encoding/json"
	"fmt"
	"runtime/debug"
	"strings"

	"go.uber.org/mock/gomock"
	"k8s.io/apimachinery/pkg/runtime"
	k8sfake "k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/tools/cache"

	v1 "kubevirt.io/api/core/v1"
	cdifake "kubevirt.io/client-go/containerizeddataimporter/fake"
	"kubevirt.io/client-go/kubecli"
	kvfake "kubevirt.io/client-go/kubevirt/fake"

	"kubevirt.io/kubevirt/pkg/testutils"
	virtconfig "kubevirt.io/kubevirt/pkg/virt-config"
	"kubevirt.io/kubevirt/pkg/virt-operator/resource/generate/components"
)

// checker holds one fake cluster: the shipped instancetypes and preferences in a fake KubeVirt clientset,
// behind the mocked KubevirtClient the webhooks call.
type checker struct {
	virtClient kubecli.KubevirtClient
	presets    cache.SharedIndexInformer // no VirtualMachineInstancePresets: the VMI mutator lists them
	cdi        *cdifake.Clientset
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
