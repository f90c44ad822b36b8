package diag

// Rule is the stable identifier of what a finding checks. Rules are
// published: the KRM function puts them in its results (tags.rule), so a
// rule, once released, keeps its id. TestRules lists them all.
type Rule string

// Rules of the input: the bytes, the yaml, and the shape of the fleet that
// the JSON Schema (schemas/vmfleet.schema.json) checks.
const (
	RuleSyntax        Rule = "syntax"
	RuleEncoding      Rule = "encoding"
	RuleLimit         Rule = "limit"
	RuleEmpty         Rule = "empty"
	RuleDocuments     Rule = "documents"
	RuleAPIVersion    Rule = "api-version"
	RuleKind          Rule = "kind"
	RuleUnknownField  Rule = "unknown-field"
	RuleType          Rule = "type"
	RuleRequired      Rule = "required"
	RuleDuplicateKey  Rule = "duplicate-key"
	RuleAlias         Rule = "alias"
	RuleTooMany       Rule = "too-many-findings"
	RuleEnum          Rule = "enum"
	RuleDNS1123       Rule = "dns-1123"
	RuleLabel         Rule = "label"
	RuleQuantity      Rule = "quantity"
	RuleRange         Rule = "range"
	RuleDuration      Rule = "duration"
	RuleMetric        Rule = "metric"
	RuleInterfaceName Rule = "interface-name"
	RuleDiskSource    Rule = "disk-source"
)

// Rules across fields, checked in Go (internal/validate).
const (
	RuleDuplicate             Rule = "duplicate"
	RuleUnknownCluster        Rule = "unknown-cluster"
	RuleUnknownNetwork        Rule = "unknown-network"
	RulePath                  Rule = "path"
	RulePolicyName            Rule = "policy-name"
	RuleCIDR                  Rule = "cidr"
	RuleIP                    Rule = "ip"
	RuleURL                   Rule = "url"
	RulePlainTextSecret       Rule = "plain-text-secret"
	RuleCloudInit             Rule = "cloud-init"
	RuleSizing                Rule = "sizing"
	RuleLiveMigrationRWO      Rule = "live-migration-rwo"
	RuleMigrationNameLength   Rule = "migration-name-length"
	RuleNetworkReach          Rule = "network-reach"
	RuleManualRunStrategy     Rule = "manual-run-strategy"
	RuleNoVMs                 Rule = "no-vms"
	RuleAddressDuplicate      Rule = "address-duplicate"
	RuleAddressNetwork        Rule = "address-network"
	RuleAddressRange          Rule = "address-range"
	RuleAllowIPAMUnused       Rule = "allow-ipam-unused"
	RuleBaselineOwner         Rule = "baseline-owner"
	RuleBridgeType            Rule = "bridge-type"
	RuleBridgeUplink          Rule = "bridge-uplink"
	RuleExistingAndRenamed    Rule = "existing-and-renamed"
	RuleIPAMType              Rule = "ipam-type"
	RuleLayer2Bridge          Rule = "layer2-bridge"
	RuleLayer2Uplink          Rule = "layer2-uplink"
	RuleLayer2VLAN            Rule = "layer2-vlan"
	RuleLocalnetMapping       Rule = "localnet-mapping"
	RuleMigrationClusters     Rule = "migration-clusters"
	RuleMigrationIPAM         Rule = "migration-ipam"
	RuleMigrationRename       Rule = "migration-rename"
	RuleNADNamespace          Rule = "nad-namespace"
	RuleNetworkData           Rule = "network-data"
	RuleStartingCSV           Rule = "starting-csv"
	RuleToleration            Rule = "toleration"
	RuleUnknownBridge         Rule = "unknown-bridge"
	RuleVMIPAM                Rule = "vm-ipam"
	RuleVMIPAMAllowed         Rule = "vm-ipam-allowed"
	RuleKubeVirtVersion       Rule = "kubevirt-version"
	RuleDecommissionDisks     Rule = "decommission-disks"
	RuleResizeKubeVirtVersion Rule = "resize-kubevirt-version"
	RuleDecommissionUnretired Rule = "decommission-unretired"
	RuleUplinkShared          Rule = "uplink-shared"
	RuleBrExLinuxBridge       Rule = "br-ex-linux-bridge"
	RuleBrExUplink            Rule = "br-ex-uplink"
)

// Rules of the guests and their placement: Windows, ephemeral disks,
// replicas, per-cluster overrides, CPU models and the instancetype catalog.
const (
	RuleCPUModel                  Rule = "cpu-model"
	RuleSysprepLinux              Rule = "sysprep-linux"
	RuleVirtioDriversLinux        Rule = "virtio-drivers-linux"
	RuleCloudInitWindows          Rule = "cloud-init-windows"
	RulePreferenceOS              Rule = "preference-os"
	RuleVirtioDrivers             Rule = "virtio-drivers"
	RuleContainerDiskImage        Rule = "container-disk-image"
	RuleContainerDiskStorage      Rule = "container-disk-storage"
	RuleContainerDiskData         Rule = "container-disk-data"
	RuleEphemeralSource           Rule = "ephemeral-source"
	RuleEphemeralVMPersistentDisk Rule = "ephemeral-vm-persistent-disk"
	RuleTenantHyperConverged      Rule = "tenant-hyperconverged"
	RulePerClusterDefault         Rule = "per-cluster-default"
	RuleTPMStateClass             Rule = "tpm-state-class"
	RuleStaticAddressWindows      Rule = "static-address-windows"
	RuleCPUBaseline               Rule = "cpu-baseline"
	RuleReplicas                  Rule = "replicas"
	RuleReplicaName               Rule = "replica-name"
	RuleRetiredReplicas           Rule = "retired-replicas"
	RuleUnknownInstancetype       Rule = "unknown-instancetype"
	RuleUnknownPreference         Rule = "unknown-preference"
	RuleRolloutStep               Rule = "rollout-step"
)

// Rules of what the cluster would refuse of a valid-looking fleet: values
// KubeVirt's admission rejects, and the names vmfleet derives (plan.Names).
const (
	RuleGuestMemory   Rule = "guest-memory"
	RuleUserDataSize  Rule = "user-data-size"
	RuleDerivedName   Rule = "derived-name"
	RuleNameCollision Rule = "name-collision"
)

// Rules lists every rule, in the order above.
var Rules = []Rule{
	RuleSyntax, RuleEncoding, RuleLimit, RuleEmpty, RuleDocuments, RuleAPIVersion, RuleKind,
	RuleUnknownField, RuleType, RuleRequired, RuleDuplicateKey, RuleAlias, RuleTooMany,
	RuleEnum, RuleDNS1123, RuleLabel, RuleQuantity, RuleRange, RuleDuration, RuleMetric,
	RuleInterfaceName, RuleDiskSource,

	RuleDuplicate, RuleUnknownCluster, RuleUnknownNetwork, RulePath, RulePolicyName,
	RuleCIDR, RuleIP, RuleURL, RulePlainTextSecret, RuleCloudInit, RuleSizing,
	RuleLiveMigrationRWO, RuleMigrationNameLength, RuleNetworkReach, RuleManualRunStrategy,
	RuleNoVMs,
	RuleAddressDuplicate, RuleAddressNetwork, RuleAddressRange, RuleAllowIPAMUnused, RuleBaselineOwner, RuleBridgeType, RuleBridgeUplink, RuleExistingAndRenamed, RuleIPAMType, RuleLayer2Bridge, RuleLayer2Uplink, RuleLayer2VLAN, RuleLocalnetMapping, RuleMigrationClusters, RuleMigrationIPAM, RuleMigrationRename, RuleNADNamespace, RuleNetworkData, RuleStartingCSV, RuleToleration, RuleUnknownBridge, RuleVMIPAM, RuleVMIPAMAllowed,
	RuleKubeVirtVersion, RuleDecommissionDisks, RuleResizeKubeVirtVersion, RuleDecommissionUnretired,
	RuleUplinkShared, RuleBrExLinuxBridge, RuleBrExUplink,

	RuleCPUModel, RuleSysprepLinux, RuleVirtioDriversLinux, RuleCloudInitWindows, RulePreferenceOS, RuleVirtioDrivers, RuleContainerDiskImage, RuleContainerDiskStorage, RuleContainerDiskData, RuleEphemeralSource, RuleEphemeralVMPersistentDisk, RuleTenantHyperConverged, RulePerClusterDefault, RuleTPMStateClass, RuleStaticAddressWindows, RuleCPUBaseline, RuleReplicas, RuleReplicaName, RuleRetiredReplicas, RuleUnknownInstancetype, RuleUnknownPreference,

	RuleGuestMemory, RuleUserDataSize, RuleDerivedName, RuleNameCollision,
	RuleS3URL, RuleS3Credentials, RuleGoldenImageCommon, RuleImageSchedule, RuleUnknownImage, RuleImageReach, RuleImageRemoved, RuleImageChanged, RuleMirrorSource, RuleNotMirrored, RuleSnapshotSchedule, RuleSnapshotName, RuleSnapshotStorage,
	RuleRolloutStep,
}

// Rules of images and data: s3 and http sources, golden images, mirrors
// for disconnected clusters, import speed, snapshots.
const (
	RuleS3URL             Rule = "s3-url"
	RuleS3Credentials     Rule = "s3-credentials"
	RuleGoldenImageCommon Rule = "golden-image-common"
	RuleImageSchedule     Rule = "image-schedule"
	RuleUnknownImage      Rule = "unknown-image"
	RuleImageReach        Rule = "image-reach"
	RuleImageRemoved      Rule = "image-removed"
	RuleImageChanged      Rule = "image-changed"
	RuleMirrorSource      Rule = "mirror-source"
	RuleNotMirrored       Rule = "not-mirrored"
	RuleSnapshotSchedule  Rule = "snapshot-schedule"
	RuleSnapshotName      Rule = "snapshot-name"
	RuleSnapshotStorage   Rule = "snapshot-storage"
)
