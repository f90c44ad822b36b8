// Package crdroot is what controller-gen reads to generate the VMFleet CRD.
//
// controller-gen only emits a CRD for a type that embeds metav1.TypeMeta and
// metav1.ObjectMeta, and VMFleet (api/v1alpha1) has plain apiVersion/kind
// fields and a metadata struct of its own, so that the API package needs no
// Kubernetes module. This package restates the root type the way controller-gen
// wants it, with the same markers and doc comment as api/v1alpha1.VMFleet,
// and takes everything below the root from the API: Spec (and ObjectMeta, see
// VMFleetMetadata) are the api/v1alpha1 types themselves. crdroot_test.go
// fails when the two root types drift apart.
//
// Nothing imports this package; it is never compiled into vmfleet.
//
// +groupName=vmfleet.dev
// +versionName=v1alpha1
package crdroot

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"vmfleet.dev/vmfleet/api/v1alpha1"
)

// VMFleet declares virtual machines, the clusters that run them, and the
// virtualization baseline those clusters need.
//
// +kubebuilder:object:root=true
// +kubebuilder:resource:path=vmfleets,singular=vmfleet,scope=Namespaced
type VMFleet struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              v1alpha1.Spec `json:"spec"`
}

// VMFleetMetadata carries the schema of api/v1alpha1.ObjectMeta out of
// controller-gen: a CRD may not constrain metadata beyond name/generateName,
// so controller-gen resets the top-level metadata of VMFleet to a bare object,
// while the JSON Schema keeps the strict one (name pattern, no unknown keys).
// Its CRD is an intermediate file of make schemas and is never shipped.
//
// +kubebuilder:object:root=true
// +kubebuilder:resource:path=vmfleetmetadata,singular=vmfleetmetadata,scope=Namespaced
type VMFleetMetadata struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              v1alpha1.ObjectMeta `json:"spec"`
}
