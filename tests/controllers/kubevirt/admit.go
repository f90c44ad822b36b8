package main

import (
	"context"
	"encoding/json"

	admissionv1 "k8s.io/api/admission/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	k8sfield "k8s.io/apimachinery/pkg/util/validation/field"

	v1 "kubevirt.io/api/core/v1"

	"kubevirt.io/kubevirt/pkg/instancetype/expand"
	itfind "kubevirt.io/kubevirt/pkg/instancetype/find"
	preffind "kubevirt.io/kubevirt/pkg/instancetype/preference/find"
	netadmitter "kubevirt.io/kubevirt/pkg/network/admitter"
	"kubevirt.io/kubevirt/pkg/virt-api/webhooks"
	"kubevirt.io/kubevirt/pkg/virt-api/webhooks/mutating-webhook/mutators"
	"kubevirt.io/kubevirt/pkg/virt-api/webhooks/validating-webhook/admitters"
	virtconfig "kubevirt.io/kubevirt/pkg/virt-config"
	"kubevirt.io/kubevirt/pkg/virt-operator/resource/generate/components"
)

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
