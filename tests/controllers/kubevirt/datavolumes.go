package main

import (
	"context"
	"encoding/json"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	v1 "kubevirt.io/api/core/v1"
	cdiv1 "kubevirt.io/containerized-data-importer-api/pkg/apis/core/v1beta1"

	vmctrlutil "kubevirt.io/kubevirt/pkg/virt-controller/watch/util"
)

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
