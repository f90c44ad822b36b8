// Package v1alpha1 is the VMFleet API: one compact resource from which vmfleet
// derives every object a platform team commits to git to run KubeVirt virtual
// machines across a fleet of clusters managed from an ACM hub.
//
// The Go types are the source of truth: schemas/ holds the CRD and JSON Schema
// generated from them (make schemas).
//
// +kubebuilder:object:generate=false
// +groupName=vmfleet.dev
// +versionName=v1alpha1
package v1alpha1

const (
	Group      = "vmfleet.dev"
	Version    = "v1alpha1"
	APIVersion = Group + "/" + Version
	Kind       = "VMFleet"
)
