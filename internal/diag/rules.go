package diag

// Rule is the stable identifier of what a finding checks. Rules are
// published: the KRM function puts them in its results (tags.rule), so a
// rule, once released, keeps its id. TestRules lists them all.
type Rule string

// Rules of the input: the bytes, the yaml, and the shape of the fleet that
// the JSON Schema (schemas/vmfleet.schema.json) checks.
const (
	RuleSyntax       Rule = "syntax"
	RuleEncoding     Rule = "encoding"
	RuleLimit        Rule = "limit"
	RuleEmpty        Rule = "empty"
	RuleDocuments    Rule = "documents"
	RuleAPIVersion   Rule = "api-version"
	RuleKind         Rule = "kind"
	RuleUnknownField Rule = "unknown-field"
	RuleType         Rule = "type"
	RuleRequired     Rule = "required"
	RuleDuplicateKey Rule = "duplicate-key"
	RuleAlias        Rule = "alias"
	RuleTooMany      Rule = "too-many-findings"
	RuleEnum         Rule = "enum"
	RuleDNS1123      Rule = "dns-1123"
	RuleLabel        Rule = "label"
	RuleQuantity     Rule = "quantity"
	RuleRange        Rule = "range"
	RuleDuration     Rule = "duration"
	RuleMetric       Rule = "metric"
	RuleBridge       Rule = "bridge"
	RuleDiskSource   Rule = "disk-source"
)

// Rules across fields, checked in Go (internal/validate).
const (
	RuleDuplicate           Rule = "duplicate"
	RuleUnknownCluster      Rule = "unknown-cluster"
	RuleUnknownNetwork      Rule = "unknown-network"
	RulePath                Rule = "path"
	RulePolicyName          Rule = "policy-name"
	RuleCIDR                Rule = "cidr"
	RuleIP                  Rule = "ip"
	RuleURL                 Rule = "url"
	RulePlainTextSecret     Rule = "plain-text-secret"
	RuleCloudInit           Rule = "cloud-init"
	RuleSizing              Rule = "sizing"
	RuleLiveMigrationRWO    Rule = "live-migration-rwo"
	RuleMigrationNameLength Rule = "migration-name-length"
	RuleNetworkReach        Rule = "network-reach"
	RuleManualRunStrategy   Rule = "manual-run-strategy"
	RuleNoVMs               Rule = "no-vms"
)

// Rules lists every rule, in the order above.
var Rules = []Rule{
	RuleSyntax, RuleEncoding, RuleLimit, RuleEmpty, RuleDocuments, RuleAPIVersion, RuleKind,
	RuleUnknownField, RuleType, RuleRequired, RuleDuplicateKey, RuleAlias, RuleTooMany,
	RuleEnum, RuleDNS1123, RuleLabel, RuleQuantity, RuleRange, RuleDuration, RuleMetric,
	RuleBridge, RuleDiskSource,

	RuleDuplicate, RuleUnknownCluster, RuleUnknownNetwork, RulePath, RulePolicyName,
	RuleCIDR, RuleIP, RuleURL, RulePlainTextSecret, RuleCloudInit, RuleSizing,
	RuleLiveMigrationRWO, RuleMigrationNameLength, RuleNetworkReach, RuleManualRunStrategy,
	RuleNoVMs,
}
