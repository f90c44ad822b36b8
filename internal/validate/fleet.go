package validate

import (
	"sort"

	"vmfleet.dev/vmfleet/diag"
)

func sortStrings(s []string) { sort.Strings(s) }

func (v *validator) gitops() {
	v.labels("spec.clusterSelector.matchLabels", v.f.Spec.ClusterSelector.MatchLabels)
	sets := map[string]int{}
	for i, set := range v.f.Spec.ClusterSets {
		if j, twice := sets[set]; twice {
			v.errorf(diag.Path("spec.clusterSets").Index(i), diag.RuleDuplicate, "cluster set %q is listed twice (also at spec.clusterSets[%d]): each set gets one ManagedClusterSetBinding named after it; drop one", set, j)
		}
		sets[set] = i
	}
	// The repoURL lands in the ApplicationSet and the AppProject: in git.
	if what := urlSecret(v.f.Spec.GitOps.RepoURL); what != "" {
		v.errorf("spec.gitops.repoURL", diag.RulePlainTextSecret, "the repoURL carries %s in plain text and would be committed to git; give the URL without credentials and let Argo CD take them from a repository Secret (argocd.argoproj.io/secret-type: repository)", what)
	}
}

func (v *validator) virtualization() {
	z := v.f.Spec.Virtualization
	const p diag.Path = "spec.virtualization"
	// The policies' names are checked with every derived name (derivedNames).
	v.policyName(p+".policySet", z.PolicySet)
	v.quantity(p+".hyperconverged.liveMigration.bandwidthPerMigration", z.HyperConverged.LiveMigration.BandwidthPerMigration)
}

// policyName: OCM propagates a Policy as <namespace>.<name>, which must fit
// a 63-character label, so the pair may not exceed 62 characters.
func (v *validator) policyName(path diag.Path, name string) {
	ns := v.f.Spec.Virtualization.PolicyNamespace
	if n := len(ns) + len(name); name != "" && n > 62 {
		v.errorf(path, diag.RulePolicyName, "policy %q in namespace %q is %d characters together; OCM allows 62", name, ns, n)
	}
}
