package objects

import kubevirtv1 "kubevirt.io/api/core/v1"

// VirtualMachine is the upstream KubeVirt type, given the Object methods.
type VirtualMachine struct {
	*kubevirtv1.VirtualMachine `json:",inline"`
}

func (v VirtualMachine) GVK() (string, string)  { return v.APIVersion, v.Kind }
func (v VirtualMachine) Meta() (string, string) { return v.Namespace, v.Name }
