package validate

import (
	"path"
	"regexp"
	"sort"
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
)

func sortStrings(s []string) { sort.Strings(s) }

func (v *validator) metadata() {
	v.label("metadata.name", v.f.Metadata.Name)
}

func (v *validator) gitops() {
	g := v.f.Spec.GitOps
	if g.RepoURL == "" {
		v.errorf("spec.gitops.repoURL", "required", "must not be empty: the git repository Argo CD syncs from")
	}
	switch {
	case g.Path == "":
		v.errorf("spec.gitops.path", "required", "must not be empty: the folder of the rendered tree in the repository")
	case strings.HasPrefix(g.Path, "/") || path.Clean(g.Path) != strings.TrimSuffix(g.Path, "/") || strings.HasPrefix(path.Clean(g.Path), ".."):
		v.errorf("spec.gitops.path", "path", "%q must be a clean path relative to the repository root (no leading /, no ..)", g.Path)
	}
	v.label("spec.gitops.argoNamespace", g.ArgoNamespace)
	v.optionalSubdomain("spec.gitops.project", g.Project)
	// applicationSet and namespace default to the fleet's name and the VMs'
	// namespace: a bad one is reported there, where the user wrote it.
	if g.ApplicationSet != v.f.Metadata.Name {
		v.label("spec.gitops.applicationSet", g.ApplicationSet)
	}
	if !v.vmNamespace(g.Namespace) {
		v.label("spec.gitops.namespace", g.Namespace)
	}
	v.oneOf("spec.gitops.generator", g.Generator, v1alpha1.GeneratorClusters, v1alpha1.GeneratorPlacement)
	v.oneOf("spec.gitops.delivery", g.Delivery, v1alpha1.DeliveryOverlays, v1alpha1.DeliveryPlugin)
	v.subdomain("spec.gitops.plugin", g.Plugin)
	v.labels("spec.clusterSelector.matchLabels", v.f.Spec.ClusterSelector.MatchLabels)
	for i, s := range v.f.Spec.ClusterSets {
		v.label(indexPath("spec.clusterSets", i), s)
	}
}

func (v *validator) vmNamespace(ns string) bool {
	for _, vm := range v.f.Spec.VMs {
		if vm.Namespace == ns {
			return true
		}
	}
	return false
}

func (v *validator) virtualization() {
	z := v.f.Spec.Virtualization
	const p = "spec.virtualization"
	v.label(p+".policyNamespace", z.PolicyNamespace)
	v.oneOf(p+".remediationAction", z.RemediationAction, "enforce", "inform")
	v.policyName(p+".policySet", z.PolicySet)
	v.policyName(p+".operator.policy", z.Operator.Policy)
	v.policyName(p+".hyperconverged.policy", z.HyperConverged.Policy)
	if z.Operator.Policy == z.HyperConverged.Policy {
		v.errorf(p+".hyperconverged.policy", "duplicate", "%q is also the operator policy's name", z.HyperConverged.Policy)
	}
	v.subdomain(p+".operator.channel", z.Operator.Channel)
	v.subdomain(p+".operator.source", z.Operator.Source)
	v.label(p+".operator.sourceNamespace", z.Operator.SourceNamespace)
	v.label(p+".operator.namespace", z.Operator.Namespace)
	v.oneOf(p+".operator.upgradeApproval", z.Operator.UpgradeApproval, "Automatic", "None")
	for i, ver := range z.Operator.Versions {
		v.subdomain(indexPath(p+".operator.versions", i), ver)
	}
	lm := z.HyperConverged.LiveMigration
	v.quantity(p+".hyperconverged.liveMigration.bandwidthPerMigration", lm.BandwidthPerMigration, false)
	positive32(v, p+".hyperconverged.liveMigration.parallelMigrationsPerCluster", lm.ParallelMigrationsPerCluster)
	positive32(v, p+".hyperconverged.liveMigration.parallelOutboundMigrationsPerNode", lm.ParallelOutboundMigrationsPerNode)
	positive64(v, p+".hyperconverged.liveMigration.completionTimeoutPerGiB", lm.CompletionTimeoutPerGiB)
	positive64(v, p+".hyperconverged.liveMigration.progressTimeout", lm.ProgressTimeout)
	v.optionalSubdomain(p+".hyperconverged.liveMigration.network", lm.Network) // a fleet network: see migrationNetwork
}

// policyName: OCM propagates a Policy as <namespace>.<name>, which must fit
// a 63-character label, so the pair may not exceed 62 characters.
func (v *validator) policyName(path, name string) {
	v.subdomain(path, name)
	ns := v.f.Spec.Virtualization.PolicyNamespace
	if n := len(ns) + len(name); name != "" && n > 62 {
		v.errorf(path, "policy-name", "policy %q in namespace %q is %d characters together; OCM allows 62", name, ns, n)
	}
}

var metricName = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)

func (v *validator) observability() {
	o := v.f.Spec.Observability
	for i, m := range o.ExtraMetrics {
		if !metricName.MatchString(m) {
			v.errorf(indexPath("spec.observability.extraMetrics", i), "metric", "%q is not a Prometheus metric name", m)
		}
	}
	g := o.GuestMetrics
	if g.Port < 1 || g.Port > 65535 {
		v.errorf("spec.observability.guestMetrics.port", "range", "%d is not a port (1-65535)", g.Port)
	}
	if !duration.MatchString(g.Interval) {
		v.errorf("spec.observability.guestMetrics.interval", "duration", "%q is not a duration such as 30s or 1m", g.Interval)
	}
}

var duration = regexp.MustCompile(`^([0-9]+(ms|s|m|h))+$`)

func (v *validator) defaults() {
	d := v.f.Spec.Defaults
	v.storage("spec.defaults", d.Storage)
	v.oneOf("spec.defaults.runStrategy", d.RunStrategy, runStrategies...)
	v.oneOf("spec.defaults.evictionStrategy", d.EvictionStrategy, evictionStrategies...)
}

var (
	runStrategies      = []string{"Always", "Halted", "Manual", "RerunOnFailure", "Once"}
	evictionStrategies = []string{"None", "LiveMigrate", "LiveMigrateIfPossible", "External"}
)

func (v *validator) storage(path string, s v1alpha1.Storage) {
	v.optionalSubdomain(path+".storageClass", s.StorageClass)
	v.oneOf(path+".accessMode", s.AccessMode, v1alpha1.ReadWriteMany, v1alpha1.ReadWriteOnce)
	v.oneOf(path+".volumeMode", s.VolumeMode, "Block", "Filesystem")
}

func positive32(v *validator, path string, n *int32) {
	if n != nil && *n < 1 {
		v.errorf(path, "range", "%d must be at least 1", *n)
	}
}

func positive64(v *validator, path string, n *int64) {
	if n != nil && *n < 1 {
		v.errorf(path, "range", "%d must be at least 1", *n)
	}
}
