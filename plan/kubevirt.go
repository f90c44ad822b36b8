package plan

import (
	"fmt"
	"regexp"
	"strconv"

	"vmfleet.dev/vmfleet/diag"
)

// KubeVirt is the KubeVirt minor version the fleet's clusters run, and the
// field path it came from ("" when vmfleet assumes the current one).
type KubeVirt struct {
	Major, Minor int
	From         diag.Path
}

// Known reports whether the version was given or inferred.
func (k KubeVirt) Known() bool { return k.From != "" }

// AtLeast reports whether the version is major.minor or later; an unknown
// version counts as the current KubeVirt.
func (k KubeVirt) AtLeast(major, minor int) bool {
	if !k.Known() {
		return true
	}
	return k.Major > major || k.Major == major && k.Minor >= minor
}

func (k KubeVirt) String() string { return fmt.Sprintf("%d.%d", k.Major, k.Minor) }

// RevisionInSpec: up to KubeVirt 1.4 the VM controller writes the
// instancetype and preference ControllerRevision names into
// spec.instancetype.revisionName and spec.preference.revisionName
// (kubevirt/kubevirt v1.4.0 pkg/instancetype/instancetype.go:291,329); from
// 1.5 it keeps them in status.instancetypeRef.controllerRevisionRef
// (v1.5.0 pkg/instancetype/revision/store.go) and leaves spec alone. The VM
// admission rejects a changed matcher name whose revisionName is unchanged
// ("the Matcher Name has been updated without updating the RevisionName",
// pkg/instancetype/webhooks/vm/mutator.go validateMatcherUpdate, same in
// v1.4.0 to v1.6.0), which is what an Argo CD sync of a resize sends on 1.4:
// the revisionName is not in git, so server-side apply keeps the live one
// (owned by virt-controller), and RespectIgnoreDifferences copies it in.
func (k KubeVirt) RevisionInSpec() bool { return !k.AtLeast(1, 5) }

var (
	kubevirtVersion = regexp.MustCompile(`^v?([0-9]+)\.([0-9]+)(\.[0-9]+)?$`)
	// CSV names of the kubevirt-hyperconverged operator: OpenShift
	// Virtualization 4.y (kubevirt-hyperconverged-operator.v4.18.3) or the
	// community HCO 1.y (kubevirt-hyperconverged-operator.v1.14.0).
	csvVersion = regexp.MustCompile(`\.v([0-9]+)\.([0-9]+)\.[0-9]+`)
)

// ValidKubeVirtVersion reports whether s is major.minor[.patch], v optional.
func ValidKubeVirtVersion(s string) bool { return kubevirtVersion.MatchString(s) }

// resolveKubeVirt reads virtualization.kubevirtVersion, else infers the
// oldest KubeVirt the pinned operator versions ship: OpenShift
// Virtualization 4.y ships KubeVirt 1.(y-14) (4.18: 1.4, 4.20: 1.6) and HCO
// 1.y ships KubeVirt 1.(y-10): KUBEVIRT_VERSION in kubevirt/hyperconverged-
// cluster-operator hack/config is v1.2.2 at v1.12.0 up to v1.6.2 at v1.16.0,
// and OpenShift Virtualization 4.y is built from HCO 1.(y-4).
func (p *Plan) resolveKubeVirt() KubeVirt {
	z := p.Fleet.Spec.Virtualization
	if m := kubevirtVersion.FindStringSubmatch(z.KubeVirtVersion); m != nil {
		major, _ := strconv.Atoi(m[1])
		minor, _ := strconv.Atoi(m[2])
		return KubeVirt{major, minor, "spec.virtualization.kubevirtVersion"}
	}
	var oldest KubeVirt
	for i, csv := range z.Operator.Versions {
		m := csvVersion.FindStringSubmatch(csv)
		if m == nil {
			continue
		}
		major, _ := strconv.Atoi(m[1])
		minor, _ := strconv.Atoi(m[2])
		var k KubeVirt
		switch major {
		case 4:
			k = KubeVirt{1, minor - 14, diag.Path("spec.virtualization.operator.versions").Index(i)}
		case 1:
			k = KubeVirt{1, minor - 10, diag.Path("spec.virtualization.operator.versions").Index(i)}
		default:
			continue
		}
		if k.Minor < 0 {
			continue
		}
		if !oldest.Known() || !k.AtLeast(oldest.Major, oldest.Minor) {
			oldest = k
		}
	}
	return oldest
}
