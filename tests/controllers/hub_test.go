//go:build controllers

package controllers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/yaml"
)

// hubExamples are the examples whose hub/ the controllers reconcile as processes: every example that owns
// its hub objects. Not here: the shared-hub tenants (payments, analytics), whose policies wait for the
// owner's baseline (shared-hub-platform is here; tests/sharedhub applies the three together), and kpt and
// kustomize, which are ways to run the lab fleet.
var hubExamples = []string{"acm-placement", "argocd", "day2", "disconnected", "disk-sources", "ephemeral", "ha-pair", "lab",
	"protected", "secondary-networks", "shared-hub-platform", "windows"}

// hubWait bounds every wait for a controller to act: generous, as the machine may be busy (two cores, the
// controllers and the API server sharing them). A wait ends as soon as what it waits for is there.
const hubWait = 3 * time.Minute

// hubFleet is what the process test reads from a VMFleet file.
type hubFleet struct {
	Spec struct {
		Gitops struct {
			Project string `json:"project"`
			Path    string `json:"path"`
		} `json:"gitops"`
		ClusterSelector struct {
			MatchLabels      map[string]string `json:"matchLabels"`
			MatchExpressions []any             `json:"matchExpressions"`
		} `json:"clusterSelector"`
		ClusterSets []string `json:"clusterSets"`
		Clusters    []struct {
			Name string `json:"name"`
		} `json:"clusters"`
	} `json:"spec"`
}

func (f hubFleet) clusters() []string {
	var out []string
	for _, c := range f.Spec.Clusters {
		out = append(out, c.Name)
	}
	return out
}

// selector is the labels the fleet's clusters carry: its clusterSelector's, or the API's default
// (api/v1alpha1/fleet.go ClusterSelector.MatchLabels, as checkutil.ReadFleet reads it).
func (f hubFleet) selector() map[string]string {
	if len(f.Spec.ClusterSelector.MatchLabels) == 0 && len(f.Spec.ClusterSelector.MatchExpressions) == 0 {
		return map[string]string{"virt": "enabled"}
	}
	return f.Spec.ClusterSelector.MatchLabels
}

func (f hubFleet) sets() []string {
	if len(f.Spec.ClusterSets) == 0 {
		return []string{"default"} // the API's default (api/v1alpha1 ClusterSets)
	}
	return f.Spec.ClusterSets
}

// managedCluster is one ManagedCluster the test creates; fleet clusters carry the fleet's labels and sit
// in its first cluster set. The strays must never be selected: one with the fleet's labels outside the
// fleet, one with the fleet's labels in another set, one with other labels.
type managedCluster struct {
	name   string
	set    string
	labels map[string]string
	fleet  bool
}

func managedClusters(f hubFleet) []managedCluster {
	mk := func(name, set string, labels map[string]string, fleet bool) managedCluster {
		l := map[string]string{"name": name, "cluster.open-cluster-management.io/clusterset": set}
		for k, v := range labels {
			l[k] = v
		}
		return managedCluster{name: name, set: set, labels: l, fleet: fleet}
	}
	var out []managedCluster
	set := f.sets()[0]
	for _, c := range f.clusters() {
		out = append(out, mk(c, set, f.selector(), true))
	}
	other := map[string]string{}
	for k := range f.selector() {
		other[k] = "other"
	}
	return append(out,
		mk("stray-match", set, f.selector(), false),
		mk("stray-other-set", "other-set", f.selector(), false),
		mk("stray-other-labels", set, other, false))
}

// hubObject is one document of the hub stream.
type hubObject struct {
	raw  []byte
	obj  map[string]any
	kind string
	ns   string
	name string
}

func readHubStream(t *testing.T, file string) []hubObject {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []hubObject
	for _, doc := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(data), -1) {
		if strings.TrimSpace(doc) == "" {
			continue
		}
		var o map[string]any
		if err := yaml.Unmarshal([]byte(doc), &o); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if o == nil {
			continue
		}
		out = append(out, hubObject{raw: []byte(doc), obj: o, kind: str(o, "kind"),
			ns: str(o, "metadata", "namespace"), name: str(o, "metadata", "name")})
	}
	return out
}

// hubCRDs are the CRDs the controllers and hub/ need, each from the module (or ../shared/crds file) that
// defines it.
func hubCRDs(t *testing.T, sharedCRDs string) []string {
	t.Helper()
	var files []string
	glob := func(dir, pattern string) {
		m, _ := filepath.Glob(filepath.Join(dir, pattern))
		if len(m) == 0 {
			t.Fatalf("no CRD %s in %s", pattern, dir)
		}
		files = append(files, m...)
	}
	ocmAPI := moduleDir(t, "open-cluster-management.io/api@v1.0.0") // what ocm v1.0.0 requires
	glob(ocmAPI, "cluster/v1/*managedclusters.crd.yaml")
	glob(ocmAPI, "cluster/v1beta2/*managedclustersets.crd.yaml")
	glob(ocmAPI, "cluster/v1beta2/*managedclustersetbindings.crd.yaml")
	glob(ocmAPI, "cluster/v1beta1/*placements.crd.yaml")
	glob(ocmAPI, "cluster/v1beta1/*placementdecisions.crd.yaml")
	glob(ocmAPI, "cluster/v1alpha1/*addonplacementscores.crd.yaml")
	glob(moduleDir(t, "open-cluster-management.io/governance-policy-propagator@v0.17.0"), "deploy/crds/policy.open-cluster-management.io_*.yaml")
	cpc := moduleDir(t, "open-cluster-management.io/config-policy-controller@v0.17.0")
	glob(cpc, "deploy/crds/policy.open-cluster-management.io_configurationpolicies.yaml")
	glob(cpc, "deploy/crds/policy.open-cluster-management.io_operatorpolicies.yaml")
	olm := moduleDir(t, "github.com/operator-framework/api@v0.34.0") // what config-policy-controller v0.17.0 requires
	for _, k := range []string{"subscriptions", "operatorgroups", "clusterserviceversions", "installplans", "catalogsources"} {
		glob(olm, "crds/operators.coreos.com_"+k+".yaml")
	}
	argo := moduleDir(t, "github.com/argoproj/argo-cd/v2@v2.14.21")
	glob(argo, "manifests/crds/application-crd.yaml")
	glob(argo, "manifests/crds/applicationset-crd.yaml")
	glob(argo, "manifests/crds/appproject-crd.yaml")
	glob(moduleDir(t, "github.com/k8snetworkplumbingwg/network-attachment-definition-client@v1.7.7"), "artifacts/networks-crd.yaml")
	// The mirror sets a disconnected cluster's policy creates (as the e2e takes them: hack/e2e-tools.sh).
	oapi := moduleDir(t, "github.com/openshift/api@v0.0.0-20250710004639-926605d3338b")
	glob(oapi, "payload-manifests/crds/0000_10_config-operator_01_imagedigestmirrorsets.crd.yaml")
	glob(oapi, "payload-manifests/crds/0000_10_config-operator_01_imagetagmirrorsets.crd.yaml")
	glob(sharedCRDs, "hyperconverged-hco-v1.18.1.crd.yaml")
	glob(sharedCRDs, "nmstate-*.crd.yaml")
	glob(sharedCRDs, "gitopscluster-*.crd.yaml")
	return files
}

// hubBins are the controllers' binaries (`make controllers` builds them with hack/tool.sh).
type hubBins struct {
	e2eBin, sharedCRDs                          string
	placement, propagator, configPolicy, appSet string
}

// TestHubControllersAsProcesses is the second level of proof: the hub controllers, built from their
// served modules, run as processes against a kube-apiserver v1.34.1 that is the hub and the self-managed
// spoke at once. For each of hubExamples it creates ManagedClusters with the fleet's labels (and strays that
// must not be selected), applies the hub stream, and asserts what the controllers make of it.
func TestHubControllersAsProcesses(t *testing.T) {
	b := hubBins{
		e2eBin:       os.Getenv("VMFLEET_E2E_BIN"),
		sharedCRDs:   os.Getenv("VMFLEET_SHARED_CRDS"),
		placement:    os.Getenv("VMFLEET_HUB_PLACEMENT"),
		propagator:   os.Getenv("VMFLEET_HUB_PROPAGATOR"),
		configPolicy: os.Getenv("VMFLEET_HUB_CONFIG_POLICY"),
		appSet:       os.Getenv("VMFLEET_HUB_APPSET"),
	}
	if b.e2eBin == "" || b.sharedCRDs == "" || b.placement == "" {
		t.Skip("SKIPPED: VMFLEET_E2E_BIN, VMFLEET_SHARED_CRDS and VMFLEET_HUB_PLACEMENT are not set: run `make controllers` " +
			"(it builds kube-apiserver and the hub controllers, and sets them)")
	}
	t.Log("done by the test, not by a controller, because the module proxy does not serve it: " +
		"governance-policy-framework-addon's template sync (v0.15.0-v0.17.0 answer 403; dependencies are not gated) and " +
		"the GitOpsCluster controller's cluster Secrets (stolostron/multicloud-integrations is not served). " +
		"Not running: OLM (CSV compliance not expected), HCO (health policies stay NonCompliant)")
	crds := hubCRDs(t, b.sharedCRDs)
	for _, ex := range hubExamples {
		t.Run(ex, func(t *testing.T) {
			fleet := filepath.Join(repo, "examples", ex, "fleet.yaml")
			runHub(t, b, fleet, crds)
		})
	}
}

func runHub(t *testing.T, b hubBins, fleetFile string, crds []string) {
	data, err := os.ReadFile(fleetFile)
	if err != nil {
		t.Fatal(err)
	}
	var fl hubFleet
	if err := yaml.Unmarshal(data, &fl); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	s := render(t, fleetFile, work)
	hub := readHubStream(t, s.hub)

	start := time.Now()
	h := startHubAPI(t, b.e2eBin)
	h.applyCRDs(crds)
	t.Logf("kube-apiserver ready, %d CRDs established in %.1fs", len(crds), time.Since(start).Seconds())

	// What an ACM hub holds before hub/ is applied: the controllers' namespaces, the cluster sets, the
	// ManagedClusters (as the registration controller leaves them) with their namespaces.
	mcs := managedClusters(fl)
	var fx bytes.Buffer
	// openshift-monitoring is an OpenShift spoke's own (the cluster-monitoring-operator's): the
	// user-workload-monitoring policy edits a ConfigMap there and must not have to create the namespace.
	nss := map[string]bool{"open-cluster-management-hub": true, "openshift-monitoring": true}
	for _, o := range hub {
		if o.ns != "" {
			nss[o.ns] = true
		}
	}
	for _, mc := range mcs {
		nss[mc.name] = true
	}
	// A clone grant (Role and RoleBinding vmfleet-clone-*) lives where the cloned PVC lives: that namespace
	// is the PVC owner's, there before any fleet clones from it.
	for _, m := range regexp.MustCompile(`name: vmfleet-clone-\S+\n\s+namespace: (\S+)`).FindAllStringSubmatch(string(mustRead(t, s.hub)), -1) {
		nss[m[1]] = true
	}
	for _, ns := range sortedKeys(nss) {
		fmt.Fprintf(&fx, "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: %s}\n", ns)
	}
	for _, set := range append(fl.sets(), "other-set") {
		fmt.Fprintf(&fx, "---\napiVersion: cluster.open-cluster-management.io/v1beta2\nkind: ManagedClusterSet\nmetadata: {name: %s}\nspec: {clusterSelector: {selectorType: ExclusiveClusterSetLabel}}\n", set)
	}
	for _, mc := range mcs {
		lb, _ := yaml.Marshal(map[string]any{"labels": mc.labels, "name": mc.name})
		fmt.Fprintf(&fx, "---\napiVersion: cluster.open-cluster-management.io/v1\nkind: ManagedCluster\nmetadata:\n%s\nspec: {hubAcceptsClient: true}\n",
			indent(string(lb), "  "))
	}
	h.apply(fx.Bytes())
	// The Secrets the policies' hub templates copy (copySecretData "NS" "NAME") are the user's, on the hub.
	for _, m := range regexp.MustCompile(`copySecretData "([^"]+)" "([^"]+)"`).FindAllStringSubmatch(string(mustRead(t, s.hub)), -1) {
		h.apply([]byte(fmt.Sprintf("apiVersion: v1\nkind: Secret\nmetadata: {name: %s, namespace: %s}\nstringData: {userdata: \"#cloud-config\\n\"}\n", m[2], m[1])))
	}
	// and the ConfigMaps (copyConfigMapData "NS" "NAME"), e.g. a CA bundle a disk source names.
	for _, m := range regexp.MustCompile(`copyConfigMapData "([^"]+)" "([^"]+)"`).FindAllStringSubmatch(string(mustRead(t, s.hub)), -1) {
		h.apply([]byte(fmt.Sprintf("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s, namespace: %s}\ndata: {ca.pem: \"\"}\n", m[2], m[1])))
	}

	h.spawn("placement", nil, b.placement, "controller", "--kubeconfig", h.kubeconfig,
		"--namespace", "open-cluster-management-hub", "--disable-leader-election",
		fmt.Sprintf("--listen=127.0.0.1:%d", hubFreePorts(t, 1)[0]))

	if b.propagator != "" {
		p := hubFreePorts(t, 2)
		h.spawn("policy-propagator", []string{"KUBECONFIG=" + h.kubeconfig, "WATCH_NAMESPACE="}, b.propagator,
			"--leader-elect=false", "--enable-webhooks=false",
			fmt.Sprintf("--metrics-bind-address=127.0.0.1:%d", p[0]), fmt.Sprintf("--health-probe-bind-address=127.0.0.1:%d", p[1]))
	}

	if b.appSet != "" {
		argoNS := ""
		for _, o := range hub {
			if o.kind == "ApplicationSet" {
				argoNS = o.ns
			}
		}
		if argoNS != "" {
			h.apply(argoFixtures(hub, fl, mcs, argoNS))
			p := hubFreePorts(t, 3)
			h.spawn("applicationset-controller", []string{"KUBECONFIG=" + h.kubeconfig}, b.appSet,
				"--kubeconfig", h.kubeconfig, "--namespace", argoNS,
				fmt.Sprintf("--metrics-addr=127.0.0.1:%d", p[0]), fmt.Sprintf("--probe-addr=127.0.0.1:%d", p[1]),
				fmt.Sprintf("--webhook-addr=127.0.0.1:%d", p[2]),
				"--argocd-repo-server=127.0.0.1:1", // no generator of ours asks the repo server
				"--enable-scm-providers=false")
		}
	}

	h.apply(mustRead(t, s.hub))
	t.Logf("hub stream applied: %d objects", len(hub))

	stage := time.Now()
	took := func(what string) {
		t.Logf("%s: %.1fs", what, time.Since(stage).Seconds())
		stage = time.Now()
	}
	assertPlacements(t, h, hub, fl)
	took("placement controller checked")
	if b.propagator == "" {
		t.Log("SKIPPED the policy propagator: VMFLEET_HUB_PROPAGATOR is not set")
	} else {
		assertReplicated(t, h, hub, fl, mcs)
		took("policy propagator checked")
	}
	if b.configPolicy == "" || b.propagator == "" {
		t.Log("SKIPPED the config-policy-controller: VMFLEET_HUB_CONFIG_POLICY or VMFLEET_HUB_PROPAGATOR is not set")
	} else {
		spoke := fl.clusters()[0]
		p := hubFreePorts(t, 2)
		h.spawn("config-policy-controller", []string{"KUBECONFIG=" + h.kubeconfig, "WATCH_NAMESPACE=" + spoke}, b.configPolicy,
			"controller", "--leader-elect=false", "--cluster-name="+spoke, "--enable-operator-policy",
			"--evaluation-backoff=1",
			fmt.Sprintf("--metrics-bind-address=127.0.0.1:%d", p[0]), fmt.Sprintf("--health-probe-bind-address=127.0.0.1:%d", p[1]))
		assertConfigPolicies(t, h, spoke)
		took("config-policy-controller checked")
	}
	if b.appSet == "" {
		t.Log("SKIPPED the ApplicationSet controller: VMFLEET_HUB_APPSET is not set")
	} else {
		assertApplications(t, h, hub, fl, mcs, filepath.Join(work, "tree"))
		took("ApplicationSet controller checked")
	}
}

// syncTemplates does on the self-managed spoke what governance-policy-framework-addon's template sync does
// there (controllers/templatesync): every policy-template of every replicated Policy in the cluster
// namespace becomes an object of its own in that namespace, with the Policy's spec.remediationAction, when
// set, overriding the template's. The framework addon is not served by the module proxy (v0.15.0 to v0.17.0
// answer 403), so the test does this step; it does not gate templates on their dependencies (the addon's
// job: the policy checker proves in process that every dependency resolves), so every template is
// evaluated. One order it keeps: the templates that only make namespaces go first, and the others once
// those are Compliant. Without the gate a HyperConverged could be tried before its namespace exists, and
// config-policy-controller (v0.17.0, evaluation on watch events) tries a failed create again only on an
// event of the object itself, which the namespace's creation is not.
func syncTemplates(t *testing.T, h *hubAPI, ns string) []map[string]any {
	_, items, err := replicas(h, ns)
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	var first, rest bytes.Buffer
	var firstNames []string
	for _, p := range items {
		tmpls, _ := field(p, "spec", "policy-templates").([]any)
		for _, tp := range tmpls {
			od, ok := field(tp, "objectDefinition").(map[string]any)
			if !ok {
				continue
			}
			md, _ := od["metadata"].(map[string]any)
			md["namespace"] = ns
			md["labels"] = map[string]any{"policy.open-cluster-management.io/cluster-name": ns,
				"policy.open-cluster-management.io/cluster-namespace": ns,
				"policy.open-cluster-management.io/policy":            str(p, "metadata", "name")}
			if ra := str(p, "spec", "remediationAction"); ra != "" {
				if spec, ok := od["spec"].(map[string]any); ok {
					spec["remediationAction"] = ra
				}
			}
			out = append(out, od)
			b, _ := yaml.Marshal(od)
			buf := &rest
			if namespacesOnly(od) {
				buf = &first
				firstNames = append(firstNames, str(od, "metadata", "name"))
			}
			buf.WriteString("---\n")
			buf.Write(b)
		}
	}
	if first.Len() > 0 {
		h.apply(first.Bytes())
		for _, name := range firstNames {
			if err := h.poll(hubWait, func() error {
				o, err := h.run(nil, "get", "configurationpolicy.policy.open-cluster-management.io", "-n", ns, name, "-o", "jsonpath={.status.compliant}")
				if err == nil && string(o) != "Compliant" {
					err = fmt.Errorf("compliant %q", o)
				}
				return err
			}); err != nil {
				t.Errorf("config-policy-controller: the namespaces of %s/%s: %v", ns, name, err)
			}
		}
	}
	if rest.Len() > 0 {
		h.apply(rest.Bytes())
	}
	return out
}

// namespacesOnly: a ConfigurationPolicy whose objects are all Namespaces.
func namespacesOnly(od map[string]any) bool {
	ots, _ := field(od, "spec", "object-templates").([]any)
	if str(od, "kind") != "ConfigurationPolicy" || len(ots) == 0 {
		return false
	}
	for _, ot := range ots {
		if str(ot, "objectDefinition", "kind") != "Namespace" {
			return false
		}
	}
	return true
}

// checksStatus: a ConfigurationPolicy whose objects name a status can only be Compliant once an operator
// writes that status; no operator runs here, so the test writes it (reportStatus).
func checksStatus(cp map[string]any) bool {
	ots, _ := field(cp, "spec", "object-templates").([]any)
	for _, ot := range ots {
		if field(ot, "objectDefinition", "status") != nil {
			return true
		}
	}
	return false
}

// reportStatus writes, as the operator would, the status each object of a status-checking
// ConfigurationPolicy asks for, or with opposite set every condition's status the other way. It waits for
// the object first: another policy creates it.
func reportStatus(t *testing.T, h *hubAPI, cp map[string]any, opposite bool) {
	t.Helper()
	now := time.Now().UTC().Format(time.RFC3339)
	ots, _ := field(cp, "spec", "object-templates").([]any)
	for _, ot := range ots {
		od := field(ot, "objectDefinition")
		want, _ := field(od, "status").(map[string]any)
		if want == nil {
			continue
		}
		var conds []any
		wc, _ := want["conditions"].([]any)
		for _, c := range wc {
			st := str(c, "status")
			if opposite {
				st = map[string]string{"True": "False", "False": "True"}[st]
			}
			conds = append(conds, map[string]any{"type": str(c, "type"), "status": st, "reason": "Reported",
				"message": "reported by the test", "lastTransitionTime": now, "lastHeartbeatTime": now})
		}
		status := map[string]any{}
		for k, v := range want {
			status[k] = v
		}
		status["conditions"] = conds
		patch, _ := json.Marshal(map[string]any{"status": status})
		res := strings.ToLower(str(od, "kind"))
		if g := strings.Split(str(od, "apiVersion"), "/"); len(g) == 2 {
			res += "." + g[0]
		}
		args := []string{res, str(od, "metadata", "name")}
		if ns := str(od, "metadata", "namespace"); ns != "" {
			args = append(args, "-n", ns)
		}
		if err := h.poll(hubWait, func() error {
			_, err := h.run(nil, append([]string{"get"}, args...)...)
			return err
		}); err != nil {
			t.Errorf("config-policy-controller: %s never created: %v", strings.Join(args, " "), err)
			continue
		}
		if _, err := h.run(nil, append(append([]string{"patch"}, args...), "--subresource=status", "--type=merge", "-p", string(patch))...); err != nil {
			t.Errorf("config-policy-controller: report the status of %s: %v", strings.Join(args, " "), err)
		}
	}
}

// assertConfigPolicies: config-policy-controller v0.17.0 (the first release whose templates have fromYaml,
// which the user-workload-monitoring policy uses; README), watching the spoke's cluster namespace, enforces
// every ConfigurationPolicy the spoke's replicated Policies carry: each becomes Compliant by creating its
// objects (the namespaces, the NADs, the HyperConverged CR, the NMState objects, the copied Secrets), which
// then exist; those that check an operator's status must be NonCompliant while the operator reports the
// opposite and Compliant once it reports what they ask (the test writes both, as HCO would). Each
// OperatorPolicy creates its Subscription (OLM's CRDs are installed; no OLM runs, so the CSV part is not
// expected to comply).
func assertConfigPolicies(t *testing.T, h *hubAPI, spoke string) {
	tmpls := syncTemplates(t, h, spoke)
	if len(tmpls) == 0 {
		t.Errorf("config-policy-controller: no policy-template in the replicated Policies of %s", spoke)
		return
	}
	// Negative control: inform-only, a namespace nobody made must leave a ConfigurationPolicy NonCompliant.
	h.apply([]byte(fmt.Sprintf(`apiVersion: policy.open-cluster-management.io/v1
kind: ConfigurationPolicy
metadata: {name: negative-control, namespace: %s}
spec:
  remediationAction: inform
  severity: low
  object-templates:
  - complianceType: musthave
    objectDefinition: {apiVersion: v1, kind: Namespace, metadata: {name: nobody-made-this}}
`, spoke)))
	tmpls = append(tmpls, map[string]any{"kind": "ConfigurationPolicy", "metadata": map[string]any{"name": "negative-control"},
		"negative": true})
	for _, tp := range tmpls {
		name := str(tp, "metadata", "name")
		switch str(tp, "kind") {
		case "ConfigurationPolicy":
			want := "Compliant"
			if checksStatus(tp) || tp["negative"] == true {
				want = "NonCompliant"
			}
			if checksStatus(tp) {
				// An object without any status yet was seen to compare as specified (v0.17.0), so the health
				// check is proven against a status: the opposite of what it asks first, which it must refuse.
				reportStatus(t, h, tp, true)
			}
			var got, msg string
			poll := func() error {
				out, err := h.run(nil, "get", "configurationpolicy.policy.open-cluster-management.io", "-n", spoke, name, "-o", "json")
				if err != nil {
					return err
				}
				var o map[string]any
				if err := yaml.Unmarshal(out, &o); err != nil {
					return err
				}
				got = str(o, "status", "compliant")
				msg = ""
				if cs, _ := field(o, "status", "compliancyDetails").([]any); len(cs) > 0 {
					for _, c := range cs {
						conds, _ := field(c, "conditions").([]any)
						for _, cd := range conds {
							msg += str(cd, "message") + "; "
						}
					}
				}
				if got != want {
					return fmt.Errorf("compliant %q, want %q (%s)", got, want, msg)
				}
				return nil
			}
			err := h.poll(hubWait, poll)
			if err != nil {
				t.Errorf("config-policy-controller: ConfigurationPolicy %s/%s: %v", spoke, name, err)
				continue
			}
			if checksStatus(tp) {
				t.Logf("config-policy-controller: ConfigurationPolicy %s/%s is NonCompliant while the operator reports the opposite: %s", spoke, name, msg)
				reportStatus(t, h, tp, false)
				want = "Compliant"
				if err := h.poll(hubWait, poll); err != nil {
					t.Errorf("config-policy-controller: ConfigurationPolicy %s/%s once the operator reports what it asks: %v", spoke, name, err)
				} else {
					t.Logf("config-policy-controller: ConfigurationPolicy %s/%s is Compliant once the operator reports what it asks", spoke, name)
				}
				continue
			}
			if tp["negative"] == true {
				t.Logf("negative control: ConfigurationPolicy %s/%s (inform, a namespace nobody made) is %s: caught", spoke, name, got)
				continue
			}
			if want == "Compliant" {
				ots, _ := field(tp, "spec", "object-templates").([]any)
				for _, ot := range ots {
					od := field(ot, "objectDefinition")
					kind, ons, oname := str(od, "kind"), str(od, "metadata", "namespace"), str(od, "metadata", "name")
					args := []string{"get", strings.ToLower(kind) + "." + strings.Split(str(od, "apiVersion")+"/", "/")[0], oname}
					if !strings.Contains(str(od, "apiVersion"), "/") {
						args = []string{"get", strings.ToLower(kind), oname}
					}
					if ons != "" {
						args = append(args, "-n", ons)
					}
					if _, err := h.run(nil, args...); err != nil && str(ot, "complianceType") != "mustnothave" {
						t.Errorf("config-policy-controller: %s is Compliant but its %s %s/%s does not exist: %v", name, kind, ons, oname, err)
					}
				}
			}
			t.Logf("config-policy-controller: ConfigurationPolicy %s/%s is %s: %s", spoke, name, got, msg)
		case "OperatorPolicy":
			ns, sub := str(tp, "spec", "subscription", "namespace"), str(tp, "spec", "subscription", "name")
			var o map[string]any
			err := h.poll(hubWait, func() error {
				out, err := h.run(nil, "get", "subscriptions.operators.coreos.com", "-n", ns, sub, "-o", "json")
				if err != nil {
					return err
				}
				return yaml.Unmarshal(out, &o)
			})
			if err != nil {
				st, _ := h.run(nil, "get", "operatorpolicy.policy.open-cluster-management.io", "-n", spoke, name, "-o", "jsonpath={.status}")
				t.Errorf("config-policy-controller: OperatorPolicy %s/%s made no Subscription %s/%s: %v\nstatus: %s", spoke, name, ns, sub, err, st)
				continue
			}
			for _, k := range []string{"channel", "source", "sourceNamespace"} {
				if w := str(tp, "spec", "subscription", k); w != "" && str(o, "spec", k) != w {
					t.Errorf("config-policy-controller: Subscription %s/%s: %s %q, the OperatorPolicy says %q", ns, sub, k, str(o, "spec", k), w)
				}
			}
			if str(o, "spec", "name") != sub {
				t.Errorf("config-policy-controller: Subscription %s/%s: package %q", ns, sub, str(o, "spec", "name"))
			}
			t.Logf("config-policy-controller: OperatorPolicy %s/%s made Subscription %s/%s (package %s, channel %s, source %s/%s, installPlanApproval %s)",
				spoke, name, ns, sub, str(o, "spec", "name"), str(o, "spec", "channel"), str(o, "spec", "sourceNamespace"), str(o, "spec", "source"), str(o, "spec", "installPlanApproval"))
		}
	}
}

func clusterServer(name string) string { return "https://api." + name + ".example:6443" }

// argoFixtures is what the hub's Argo CD holds before hub/ is applied: its settings (argocd-cm and
// argocd-secret, which the generators read), the fleet's gitops.project when hub/ does not emit it (it is
// then the hub's own; "default" is what every Argo CD has), and a cluster Secret per ManagedCluster,
// labelled with the ManagedCluster's labels as the GitOpsCluster controller labels those it makes. That
// controller (stolostron/multicloud-integrations) is not served by the module proxy, so the test writes the
// Secrets, for every ManagedCluster, strays included: the ApplicationSet must keep only the fleet's.
func argoFixtures(hub []hubObject, fl hubFleet, mcs []managedCluster, ns string) []byte {
	var out bytes.Buffer
	part := map[string]any{"app.kubernetes.io/part-of": "argocd"}
	docs := []any{
		map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "argocd-cm", "namespace": ns, "labels": part}},
		map[string]any{"apiVersion": "v1", "kind": "Secret", "metadata": map[string]any{"name": "argocd-secret", "namespace": ns, "labels": part}},
	}
	emitted := false
	for _, o := range hub {
		if o.kind == "AppProject" && o.name == fl.Spec.Gitops.Project {
			emitted = true
		}
	}
	if p := fl.Spec.Gitops.Project; p != "" && !emitted {
		docs = append(docs, map[string]any{"apiVersion": "argoproj.io/v1alpha1", "kind": "AppProject",
			"metadata": map[string]any{"name": p, "namespace": ns},
			"spec": map[string]any{"sourceRepos": []any{"*"}, "destinations": []any{map[string]any{"server": "*", "namespace": "*"}},
				"clusterResourceWhitelist": []any{map[string]any{"group": "*", "kind": "*"}}}})
	}
	for _, mc := range mcs {
		labels := map[string]any{"argocd.argoproj.io/secret-type": "cluster"}
		for k, v := range mc.labels {
			labels[k] = v
		}
		docs = append(docs, map[string]any{"apiVersion": "v1", "kind": "Secret",
			"metadata":   map[string]any{"name": mc.name + "-cluster-secret", "namespace": ns, "labels": labels},
			"stringData": map[string]any{"name": mc.name, "server": clusterServer(mc.name), "config": "{}"}})
	}
	for _, d := range docs {
		b, _ := yaml.Marshal(d)
		out.WriteString("---\n")
		out.Write(b)
	}
	return out.Bytes()
}

// appsOf lists the Applications whose controller is ApplicationSet ns/name.
func appsOf(h *hubAPI, ns, name string) ([]map[string]any, error) {
	items, err := h.list("applications.argoproj.io", ns)
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	for _, a := range items {
		refs, _ := field(a, "metadata", "ownerReferences").([]any)
		for _, r := range refs {
			if str(r, "kind") == "ApplicationSet" && str(r, "name") == name {
				out = append(out, a)
			}
		}
	}
	return out, nil
}

func jsonEq(a, b any) bool {
	x, _ := yaml.Marshal(a)
	y, _ := yaml.Marshal(b)
	return bytes.Equal(x, y)
}

// assertApplications: Argo CD v2.14.21's ApplicationSet controller makes, for every ApplicationSet of the
// hub stream, exactly one Application per fleet cluster, none for the strays, each to the cluster's server,
// from an overlay of the rendered tree for that cluster, with the template's syncPolicy and
// ignoreDifferences.
func assertApplications(t *testing.T, h *hubAPI, hub []hubObject, fl hubFleet, mcs []managedCluster, tree string) {
	n := 0
	for _, as := range hub {
		if as.kind != "ApplicationSet" {
			continue
		}
		n++
		tmpl := field(as.obj, "spec", "template", "spec")
		var apps []map[string]any
		err := h.poll(hubWait, func() error {
			var err error
			if apps, err = appsOf(h, as.ns, as.name); err != nil {
				return err
			}
			if len(apps) != len(fl.clusters()) {
				return fmt.Errorf("%d Applications, %d fleet clusters", len(apps), len(fl.clusters()))
			}
			return nil
		})
		if err != nil {
			out, _ := h.run(nil, "get", "applicationset.argoproj.io", "-n", as.ns, as.name, "-o", "jsonpath={.status.conditions}")
			t.Errorf("ApplicationSet controller: %s/%s: %v (conditions %s)", as.ns, as.name, err, out)
			continue
		}
		byServer := map[string]map[string]any{}
		for _, a := range apps {
			byServer[str(a, "spec", "destination", "server")] = a
		}
		for _, mc := range mcs {
			a, ok := byServer[clusterServer(mc.name)]
			switch {
			case !mc.fleet && ok:
				t.Errorf("ApplicationSet controller: %s/%s made %s for %s, which is not in the fleet", as.ns, as.name, str(a, "metadata", "name"), mc.name)
				continue
			case !mc.fleet:
				continue
			case !ok:
				t.Errorf("ApplicationSet controller: %s/%s made no Application for fleet cluster %s", as.ns, as.name, mc.name)
				continue
			}
			name := str(a, "metadata", "name")
			src := field(a, "spec", "source")
			p := str(src, "path")
			dir := p
			if env, _ := field(src, "plugin", "env").([]any); len(env) > 0 {
				for _, e := range env {
					if str(e, "name") == "CLUSTER" {
						if str(e, "value") != mc.name {
							t.Errorf("%s: the plugin's CLUSTER is %q, want %q", name, str(e, "value"), mc.name)
						}
						dir = p + "/overlays/" + str(e, "value")
					}
				}
			}
			if want := fl.Spec.Gitops.Path + "/overlays/" + mc.name; dir != want {
				t.Errorf("%s: source path %q (cluster folder %q), want the overlay %q", name, p, dir, want)
			} else if _, err := os.Stat(filepath.Join(tree, "overlays", mc.name, "kustomization.yaml")); err != nil {
				t.Errorf("%s: the rendered tree has no %s: %v", name, dir, err)
			}
			if !jsonEq(field(a, "spec", "syncPolicy"), field(tmpl, "syncPolicy")) {
				t.Errorf("%s: syncPolicy %v, template %v", name, field(a, "spec", "syncPolicy"), field(tmpl, "syncPolicy"))
			}
			if !jsonEq(field(a, "spec", "ignoreDifferences"), field(tmpl, "ignoreDifferences")) {
				t.Errorf("%s: ignoreDifferences %v, template %v", name, field(a, "spec", "ignoreDifferences"), field(tmpl, "ignoreDifferences"))
			}
			if str(a, "spec", "project") != str(tmpl, "project") {
				t.Errorf("%s: project %q, template %q", name, str(a, "spec", "project"), str(tmpl, "project"))
			}
			t.Logf("ApplicationSet controller: %s → %s path %s", mc.name, name, dir)
		}
		// Negative control: a copy whose generator takes every cluster Secret must make Applications for
		// the strays, and the test must see them.
		bad := map[string]any{"apiVersion": str(as.obj, "apiVersion"), "kind": "ApplicationSet",
			"metadata": map[string]any{"name": "too-wide", "namespace": as.ns}, "spec": field(as.obj, "spec")}
		spec := bad["spec"].(map[string]any)
		spec["generators"] = []any{map[string]any{"clusters": map[string]any{}}}
		meta := field(spec, "template", "metadata").(map[string]any)
		meta["name"] = "too-wide-{{name}}"
		// The rollout step is a value of the fleet's own generators: a clusters generator has none, and
		// an unresolved {{values.rolloutStep}} is no label value, so no Application would be made at all.
		if labels, ok := meta["labels"].(map[string]any); ok {
			delete(labels, "vmfleet.dev/rollout-step")
		}
		delete(spec, "strategy")
		b, _ := yaml.Marshal(bad)
		h.apply(b)
		err = h.poll(hubWait, func() error {
			apps, err := appsOf(h, as.ns, "too-wide")
			if err != nil {
				return err
			}
			for _, a := range apps {
				if str(a, "spec", "destination", "server") == clusterServer("stray-match") {
					return nil
				}
			}
			return fmt.Errorf("%d Applications, none for stray-match", len(apps))
		})
		if err != nil {
			t.Errorf("negative control: ApplicationSet %s/too-wide (every cluster) should make one for stray-match: %v", as.ns, err)
		} else {
			t.Logf("negative control: ApplicationSet %s/too-wide (every cluster) made an Application for stray-match: caught", as.ns)
		}
		if _, err := h.run(nil, "delete", "applicationset.argoproj.io", "-n", as.ns, "too-wide", "--wait=false"); err != nil {
			t.Error(err)
		}
	}
	if n == 0 {
		t.Error("the hub stream holds no ApplicationSet")
	}
}

// expectedReplicas maps each ManagedCluster to the root policies ("ns.name") the hub stream's
// PlacementBindings bind to it, directly or through a PolicySet, given the clusters each Placement is
// meant to select.
func expectedReplicas(hub []hubObject, fl hubFleet, mcs []managedCluster) map[string][]string {
	placements := map[string]hubObject{}
	sets := map[string][]string{}
	for _, o := range hub {
		switch o.kind {
		case "Placement":
			placements[o.ns+"/"+o.name] = o
		case "PolicySet":
			ps, _ := field(o.obj, "spec", "policies").([]any)
			for _, p := range ps {
				sets[o.ns+"/"+o.name] = append(sets[o.ns+"/"+o.name], fmt.Sprint(p))
			}
		}
	}
	want := map[string]map[string]bool{}
	for _, mc := range mcs {
		want[mc.name] = map[string]bool{}
	}
	for _, o := range hub {
		if o.kind != "PlacementBinding" {
			continue
		}
		p, ok := placements[o.ns+"/"+str(o.obj, "placementRef", "name")]
		if !ok {
			continue
		}
		var roots []string
		subjects, _ := field(o.obj, "subjects").([]any)
		for _, sub := range subjects {
			switch str(sub, "kind") {
			case "Policy":
				roots = append(roots, str(sub, "name"))
			case "PolicySet":
				roots = append(roots, sets[o.ns+"/"+str(sub, "name")]...)
			}
		}
		for _, c := range intendedClusters(p, fl) {
			for _, r := range roots {
				want[c][o.ns+"."+r] = true
			}
		}
	}
	out := map[string][]string{}
	for c, rs := range want {
		out[c] = sortedKeys(rs)
	}
	return out
}

// replicas lists the replicated Policies in a cluster namespace.
func replicas(h *hubAPI, ns string) ([]string, []map[string]any, error) {
	items, err := h.list("policies.policy.open-cluster-management.io", ns)
	if err != nil {
		return nil, nil, err
	}
	var names []string
	for _, p := range items {
		names = append(names, str(p, "metadata", "name"))
	}
	sort.Strings(names)
	return names, items, nil
}

// assertReplicated: governance-policy-propagator v0.17.0 replicates every root Policy into the namespace of
// every cluster its bindings' Placements decide (directly or as a PolicySet member), with the hub templates
// resolved, and into no other cluster's.
func assertReplicated(t *testing.T, h *hubAPI, hub []hubObject, fl hubFleet, mcs []managedCluster) {
	want := expectedReplicas(hub, fl, mcs)
	total := 0
	for _, mc := range mcs {
		w := want[mc.name]
		total += len(w)
		var got []string
		var items []map[string]any
		err := h.poll(hubWait, func() error {
			var err error
			if got, items, err = replicas(h, mc.name); err != nil {
				return err
			}
			if strings.Join(got, ",") != strings.Join(w, ",") {
				return fmt.Errorf("replicated %v, bound %v", got, w)
			}
			return nil
		})
		if err != nil {
			t.Errorf("policy propagator: namespace %s: %v", mc.name, err)
			continue
		}
		for _, p := range items {
			raw, _ := yaml.Marshal(field(p, "spec"))
			if bytes.Contains(raw, []byte("{{hub")) {
				t.Errorf("policy propagator: %s/%s keeps an unresolved hub template:\n%s", mc.name, str(p, "metadata", "name"), raw)
			}
		}
		if len(got) > 0 {
			t.Logf("policy propagator: namespace %s holds %v", mc.name, got)
		}
	}
	if total == 0 {
		t.Error("policy propagator: the hub stream binds no Policy to any cluster")
	}
	// Negative control: a copy of a root Policy bound to a Placement without predicates must reach
	// stray-match, and the test must see it there.
	for _, o := range hub {
		if o.kind != "Policy" {
			continue
		}
		cp := map[string]any{"apiVersion": str(o.obj, "apiVersion"), "kind": "Policy",
			"metadata": map[string]any{"name": "too-wide", "namespace": o.ns}, "spec": field(o.obj, "spec")}
		pl := map[string]any{"apiVersion": "cluster.open-cluster-management.io/v1beta1", "kind": "Placement",
			"metadata": map[string]any{"name": "too-wide", "namespace": o.ns},
			"spec":     map[string]any{"clusterSets": fl.sets()}}
		pb := map[string]any{"apiVersion": "policy.open-cluster-management.io/v1", "kind": "PlacementBinding",
			"metadata":     map[string]any{"name": "too-wide", "namespace": o.ns},
			"placementRef": map[string]any{"apiGroup": "cluster.open-cluster-management.io", "kind": "Placement", "name": "too-wide"},
			"subjects":     []any{map[string]any{"apiGroup": "policy.open-cluster-management.io", "kind": "Policy", "name": "too-wide"}}}
		for _, x := range []any{cp, pl, pb} {
			b, _ := yaml.Marshal(x)
			h.apply(b)
		}
		err := h.poll(hubWait, func() error {
			got, _, err := replicas(h, "stray-match")
			if err != nil {
				return err
			}
			if !contains(got, o.ns+".too-wide") {
				return fmt.Errorf("stray-match holds %v", got)
			}
			return nil
		})
		if err != nil {
			t.Errorf("negative control: Policy %s/too-wide bound to a Placement without predicates should reach stray-match: %v", o.ns, err)
		} else {
			t.Logf("negative control: Policy %s/too-wide bound to a Placement without predicates reached stray-match: caught", o.ns)
		}
		for _, k := range []string{"placementbinding.policy.open-cluster-management.io", "policy.policy.open-cluster-management.io", "placement.cluster.open-cluster-management.io"} {
			if _, err := h.run(nil, "delete", k, "-n", o.ns, "too-wide", "--wait=false"); err != nil {
				t.Error(err)
			}
		}
		break
	}
}

// intendedClusters: the fleet clusters a Placement names (`name In (...)`), else all of them, as the ocm
// checker reads it.
func intendedClusters(p hubObject, fl hubFleet) []string {
	var named []string
	preds, _ := field(p.obj, "spec", "predicates").([]any)
	for _, pr := range preds {
		exprs, _ := field(pr, "requiredClusterSelector", "labelSelector", "matchExpressions").([]any)
		for _, e := range exprs {
			if str(e, "key") == "name" && str(e, "operator") == "In" {
				vals, _ := field(e, "values").([]any)
				for _, v := range vals {
					named = append(named, fmt.Sprint(v))
				}
			}
		}
	}
	if len(named) == 0 {
		named = fl.clusters()
	}
	sort.Strings(named)
	return named
}

// decided lists the clusters in the PlacementDecisions of Placement ns/name.
func decided(h *hubAPI, ns, name string) ([]string, error) {
	items, err := h.list("placementdecisions.cluster.open-cluster-management.io", ns,
		"-l", "cluster.open-cluster-management.io/placement="+name)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("no PlacementDecision for Placement %s/%s yet", ns, name)
	}
	var out []string
	for _, pd := range items {
		ds, _ := field(pd, "status", "decisions").([]any)
		for _, d := range ds {
			out = append(out, str(d, "clusterName"))
		}
	}
	sort.Strings(out)
	return out, nil
}

// assertPlacements: OCM's placement controller (open-cluster-management.io/ocm v1.0.0 cmd/placement)
// writes, for every Placement of the hub stream, PlacementDecisions naming exactly its intended clusters:
// none of the strays, whatever their labels or set.
func assertPlacements(t *testing.T, h *hubAPI, hub []hubObject, fl hubFleet) {
	n := 0
	for _, p := range hub {
		if p.kind != "Placement" {
			continue
		}
		n++
		want := intendedClusters(p, fl)
		var got []string
		err := h.poll(hubWait, func() error {
			var err error
			if got, err = decided(h, p.ns, p.name); err != nil {
				return err
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				return fmt.Errorf("decisions %v, intended %v", got, want)
			}
			return nil
		})
		if err != nil {
			t.Errorf("placement controller: Placement %s/%s: %v", p.ns, p.name, err)
			continue
		}
		t.Logf("placement controller: Placement %s/%s decided %v", p.ns, p.name, got)
	}
	if n == 0 {
		t.Error("the hub stream holds no Placement")
		return
	}
	// Negative control: the first Placement without its predicates (a Placement too wide) must take in
	// stray-match, which has the fleet's labels and set, and the test must see it.
	for _, p := range hub {
		if p.kind != "Placement" {
			continue
		}
		broken := map[string]any{"apiVersion": str(p.obj, "apiVersion"), "kind": "Placement",
			"metadata": map[string]any{"name": "broken-" + p.name, "namespace": p.ns},
			"spec":     map[string]any{"clusterSets": field(p.obj, "spec", "clusterSets")}}
		b, _ := yaml.Marshal(broken)
		h.apply(b)
		want := strings.Join(intendedClusters(p, fl), ",")
		var got []string
		err := h.poll(hubWait, func() error {
			var err error
			if got, err = decided(h, p.ns, "broken-"+p.name); err != nil {
				return err
			}
			if strings.Join(got, ",") == want || !contains(got, "stray-match") {
				return fmt.Errorf("decisions %v", got)
			}
			return nil
		})
		if err != nil {
			t.Errorf("negative control: Placement %s/broken-%s (no predicates) should take in stray-match: %v", p.ns, p.name, err)
		} else {
			t.Logf("negative control: Placement %s/broken-%s (no predicates) decided %v: caught", p.ns, p.name, got)
		}
		if _, err := h.run(nil, "delete", "placement.cluster.open-cluster-management.io", "-n", p.ns, "broken-"+p.name); err != nil {
			t.Error(err)
		}
		break
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		lines[i] = prefix + lines[i]
	}
	return strings.Join(lines, "\n")
}

func mustRead(t *testing.T, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
