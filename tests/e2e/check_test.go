//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"

	"sigs.k8s.io/yaml"
)

// ---- YAML -------------------------------------------------------------------------------------------

// splitYAML splits a YAML stream into its documents; empty and comment-only documents are dropped.
// A document separator is a line "---" (or "--- ...") at column 0; block scalars are always indented,
// so they cannot hold one.
func splitYAML(data []byte) ([][]byte, error) {
	var docs [][]byte
	var cur bytes.Buffer
	flush := func() {
		doc := cur.Bytes()
		cur = bytes.Buffer{}
		for _, l := range strings.Split(string(doc), "\n") {
			if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
				docs = append(docs, doc)
				return
			}
		}
	}
	for _, line := range strings.SplitAfter(string(data), "\n") {
		t := strings.TrimRight(line, "\r\n")
		if t == "---" || strings.HasPrefix(t, "--- ") || t == "..." {
			flush()
			continue
		}
		cur.WriteString(line)
	}
	flush()
	return docs, nil
}

// decodeYAML decodes one document the way the API server does (sigs.k8s.io/yaml), keeping integers
// as json.Number so that re-encoding does not turn them into floats.
func decodeYAML(doc []byte) (map[string]any, error) {
	j, err := yaml.YAMLToJSON(doc)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(j))
	dec.UseNumber()
	var u map[string]any
	if err := dec.Decode(&u); err != nil {
		return nil, err
	}
	return u, nil
}

func get(u any, path ...string) any {
	for _, p := range path {
		m, ok := u.(map[string]any)
		if !ok {
			return nil
		}
		u = m[p]
	}
	return u
}

func str(u any, path ...string) string {
	s, _ := get(u, path...).(string)
	return s
}

func list(u any, path ...string) []any {
	l, _ := get(u, path...).([]any)
	return l
}

// ---- objects ----------------------------------------------------------------------------------------

// object is one Kubernetes object to check: a document of a stream, or an object unwrapped from an
// OCM Policy.
type object struct {
	u          map[string]any
	body       []byte // what is sent as the apply patch
	apiVersion string
	kind       string
	name       string
	namespace  string
	origin     string // where it came from: stream and document, or Policy and template index
	unwrapped  bool   // came out of a Policy (checked only, never really applied)
	defaultNS  string // namespace to use if the kind is namespaced and the object has none ("" = "default")
	nsGiven    string // namespace the harness gave it because it had none
}

func (o object) group() string {
	if g, _, ok := strings.Cut(o.apiVersion, "/"); ok {
		return g
	}
	return "" // core
}

func (o object) id() string {
	if o.namespace != "" {
		return fmt.Sprintf("%s/%s/%s", o.kind, o.namespace, o.name)
	}
	return fmt.Sprintf("%s/%s", o.kind, o.name)
}

func (o object) describe() string {
	s := fmt.Sprintf("%s (%s) [%s]", o.id(), o.apiVersion, o.origin)
	if o.nsGiven != "" {
		s += fmt.Sprintf(" (had no namespace; checked in %q)", o.nsGiven)
	}
	return s
}

func newObject(u map[string]any, body []byte, origin string) object {
	return object{
		u: u, body: body, origin: origin,
		apiVersion: str(u, "apiVersion"), kind: str(u, "kind"),
		name: str(u, "metadata", "name"), namespace: str(u, "metadata", "namespace"),
	}
}

// parseStream turns a YAML stream into objects (a kind: List is expanded).
func parseStream(data []byte, origin string) ([]object, error) {
	docs, err := splitYAML(data)
	if err != nil {
		return nil, err
	}
	var objs []object
	for i, doc := range docs {
		u, err := decodeYAML(doc)
		if err != nil {
			return nil, fmt.Errorf("%s: document %d: %w", origin, i, err)
		}
		if u == nil {
			continue
		}
		where := fmt.Sprintf("%s, document %d", origin, i)
		if str(u, "kind") == "List" || strings.HasSuffix(str(u, "kind"), "List") && get(u, "items") != nil {
			for j, it := range list(u, "items") {
				m, ok := it.(map[string]any)
				if !ok {
					return nil, fmt.Errorf("%s: items[%d] is not an object", where, j)
				}
				b, _ := json.Marshal(m)
				objs = append(objs, newObject(m, b, fmt.Sprintf("%s items[%d]", where, j)))
			}
			continue
		}
		objs = append(objs, newObject(u, doc, where))
	}
	return objs, nil
}

// unwrap returns the objects a Policy carries, to be checked as objects of their own: each
// spec.policy-templates[i].objectDefinition (OperatorPolicy, ConfigurationPolicy, …; created in the
// Policy's namespace) and, for a ConfigurationPolicy, each spec.object-templates[j].objectDefinition.
// Namespaced objects without a namespace get the Policy's namespace (resolved at check time). Templates
// that cannot be checked (object-templates-raw) are reported as notes.
func unwrap(p object) (objs []object, notes []string) {
	if p.kind != "Policy" || p.group() != "policy.open-cluster-management.io" {
		return nil, nil
	}
	pid := fmt.Sprintf("Policy %s/%s", p.namespace, p.name)
	for i, t := range list(p.u, "spec", "policy-templates") {
		def, ok := get(t, "objectDefinition").(map[string]any)
		if !ok {
			notes = append(notes, fmt.Sprintf("%s policy-templates[%d] has no objectDefinition object", pid, i))
			continue
		}
		b, _ := json.Marshal(def)
		tmpl := newObject(def, b, fmt.Sprintf("%s spec.policy-templates[%d].objectDefinition; %s", pid, i, p.origin))
		tmpl.unwrapped, tmpl.defaultNS = true, p.namespace
		objs = append(objs, tmpl)
		if tmpl.kind != "ConfigurationPolicy" {
			continue
		}
		if raw := str(def, "spec", "object-templates-raw"); raw != "" {
			notes = append(notes, fmt.Sprintf("%s policy-templates[%d]: object-templates-raw is a template string and cannot be checked", pid, i))
		}
		for j, ot := range list(def, "spec", "object-templates") {
			od, ok := get(ot, "objectDefinition").(map[string]any)
			if !ok {
				notes = append(notes, fmt.Sprintf("%s policy-templates[%d] object-templates[%d] has no objectDefinition object", pid, i, j))
				continue
			}
			od = deepCopy(od) // the stand-in must not change the Policy it came from
			if note := standInHubTemplate(od); note != "" {
				notes = append(notes, fmt.Sprintf("%s policy-templates[%d] object-templates[%d]: %s", pid, i, j, note))
			}
			b, _ := json.Marshal(od)
			o := newObject(od, b, fmt.Sprintf("%s spec.policy-templates[%d].objectDefinition (ConfigurationPolicy %s) spec.object-templates[%d].objectDefinition; %s",
				pid, i, tmpl.name, j, p.origin))
			o.unwrapped, o.defaultNS = true, p.namespace
			objs = append(objs, o)
		}
	}
	return objs, notes
}

// hubCopy is a whole-object copy hub template: the propagator's template resolver strips the quotes
// around it and puts the source's data map in its place (stolostron/go-template-utils
// pkg/templates/templates.go), encrypted for a Secret.
var hubCopy = hubCopyArgs

// hubCopyArgs captures a copy hub template's function, namespace and name.
var hubCopyArgs = regexp.MustCompile(`^\{\{hub (copySecretData|copyConfigMapData) "([a-z0-9.-]+)" "([a-z0-9.-]+)" hub\}\}$`)

// standInHubTemplate puts, in place of a Secret's or ConfigMap's data given as a copy hub template,
// the kind of value the resolver puts there (a map of one key), so that the rest of the object is
// checked against the API server as it will be on the managed cluster. It returns a note saying so.
func standInHubTemplate(od map[string]any) string {
	data, ok := od["data"].(string)
	if !ok {
		return ""
	}
	m := hubCopy.FindStringSubmatch(data)
	switch {
	case m == nil:
		return ""
	case m[1] == "copySecretData" && str(od, "kind") == "Secret":
		od["data"] = map[string]any{"userdata": "I2Nsb3VkLWNvbmZpZwo="}
	case m[1] == "copyConfigMapData" && str(od, "kind") == "ConfigMap":
		od["data"] = map[string]any{"ca.pem": "-----BEGIN CERTIFICATE-----"}
	default:
		return ""
	}
	return fmt.Sprintf("data is the hub template %s; checked with a one-key data map in its place", data)
}

// expand returns the objects of a stream plus everything unwrapped from its Policies.
func expand(objs []object) (all []object, notes []string) {
	for _, o := range objs {
		all = append(all, o)
		inner, n := unwrap(o)
		all = append(all, inner...)
		notes = append(notes, n...)
	}
	return all, notes
}

// ---- checking ---------------------------------------------------------------------------------------

// checker checks objects against a set of clusters: the main one (every CRD) and variants holding other
// versions of some CRDs (HyperConverged of HCO v1.16.0), which check only the kinds they carry.
type checker struct {
	main     *cluster
	variants []*cluster
	skip     map[string]string // group/Kind → why there is no CRD for it
	ledger   *ledger
}

// failure is one object the API server refused.
type failure struct {
	obj     object
	cluster string
	against string
	err     error
}

func (f failure) String() string {
	return fmt.Sprintf("%s\n    rejected by %s (cluster %q):\n    %s", f.obj.describe(), f.against, f.cluster,
		strings.ReplaceAll(f.err.Error(), "\n", "\n    "))
}

// against names the schema that checks group/kind on c.
func against(c *cluster, group, kind string) string {
	if info, ok := c.hasCRD(group, kind); ok {
		return info.String()
	}
	return "built-in type of kube-apiserver v1.34.1"
}

type mode int

const (
	dryRun mode = iota
	realApply
)

// result of applying one object on one cluster.
type result struct {
	obj             object
	resourceVersion string
	warnings        []string
}

// check sends every object as a server-side apply (dry-run or real, strict field validation) to every
// cluster that has its kind. Namespaces objects need are created first.
func (ck *checker) check(objs []object, m mode) (results []result, fails []failure, notes []string) {
	for _, c := range append([]*cluster{ck.main}, ck.variants...) {
		for _, o := range objs {
			if c != ck.main {
				if _, ok := c.hasCRD(o.group(), o.kind); !ok {
					continue
				}
			}
			if why, ok := ck.skip[o.group()+"/"+o.kind]; ok {
				if c == ck.main {
					notes = append(notes, fmt.Sprintf("NOT CHECKED %s: %s", o.describe(), why))
					ck.ledger.skipped(o.kind, why)
				}
				continue
			}
			r, err := ck.one(c, &o, m)
			if err != nil {
				fails = append(fails, failure{obj: o, cluster: c.name, against: against(c, o.group(), o.kind), err: err})
				ck.ledger.reject(o.kind, against(c, o.group(), o.kind))
				continue
			}
			ck.ledger.count(o.kind, against(c, o.group(), o.kind), m)
			for _, w := range r.warnings {
				notes = append(notes, fmt.Sprintf("WARNING from API server for %s (cluster %q): %s", o.describe(), c.name, w))
			}
			if c == ck.main {
				results = append(results, r)
			}
		}
	}
	return results, fails, notes
}

func (ck *checker) one(c *cluster, o *object, m mode) (result, error) {
	if o.apiVersion == "" || o.kind == "" {
		return result{}, errors.New("object has no apiVersion or kind")
	}
	if o.name == "" {
		return result{}, errors.New("object has no metadata.name")
	}
	res, ok, err := c.resourceFor(o.apiVersion, o.kind)
	if err != nil {
		return result{}, err
	}
	if !ok {
		return result{}, fmt.Errorf("the API server serves no %s %s: no CRD installed for this group/version/kind (add its upstream CRD to hack/e2e-tools.sh, or fix apiVersion)", o.apiVersion, o.kind)
	}
	ns := o.namespace
	if res.namespaced {
		if ns == "" {
			ns = o.defaultNS
			if ns == "" {
				ns = "default"
			}
			o.nsGiven = ns
		}
		if err := c.ensureNamespace(ns); err != nil {
			return result{}, err
		}
	} else if ns != "" {
		return result{}, fmt.Errorf("%s is cluster-scoped but has metadata.namespace %q", o.kind, ns)
	}
	body := o.body
	if o.nsGiven != "" {
		// The namespace goes into the path; the body must agree with it.
		u := deepCopy(o.u)
		md, _ := u["metadata"].(map[string]any)
		md["namespace"] = ns
		body, _ = json.Marshal(u)
	}
	q := url.Values{"fieldManager": {"vmfleet"}, "fieldValidation": {"Strict"}}
	if m == dryRun {
		q.Set("dryRun", "All")
	}
	r, err := c.do("PATCH", objectPath(o.apiVersion, res, ns, o.name)+"?"+q.Encode(), "application/apply-patch+yaml", body)
	if err != nil {
		return result{}, err
	}
	var got struct {
		Metadata struct {
			ResourceVersion string `json:"resourceVersion"`
		} `json:"metadata"`
	}
	_ = json.Unmarshal(r.body, &got)
	o.namespace = ns
	return result{obj: *o, resourceVersion: got.Metadata.ResourceVersion, warnings: r.warnings}, nil
}

func deepCopy(u map[string]any) map[string]any {
	b, _ := json.Marshal(u)
	var out map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	_ = dec.Decode(&out)
	return out
}

// ---- ledger -----------------------------------------------------------------------------------------

// ledger counts the objects checked, per kind and per schema that checked them.
type ledger struct {
	mu      sync.Mutex
	checked map[[2]string]int // {kind, against} → dry-runs
	applied map[[2]string]int // {kind, against} → real applies
	refused map[[2]string]int // {kind, against} → rejections (expected ones included)
	skips   map[[2]string]int // {kind, why}
}

func newLedger() *ledger {
	return &ledger{checked: map[[2]string]int{}, applied: map[[2]string]int{}, refused: map[[2]string]int{}, skips: map[[2]string]int{}}
}

func (l *ledger) count(kind, against string, m mode) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if m == dryRun {
		l.checked[[2]string{kind, against}]++
	} else {
		l.applied[[2]string{kind, against}]++
	}
}

func (l *ledger) reject(kind, against string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.refused[[2]string{kind, against}]++
}

func (l *ledger) skipped(kind, why string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.skips[[2]string{kind, why}]++
}

func (l *ledger) report() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	keys := map[[2]string]bool{}
	for k := range l.checked {
		keys[k] = true
	}
	for k := range l.applied {
		keys[k] = true
	}
	for k := range l.refused {
		keys[k] = true
	}
	var ks [][2]string
	for k := range keys {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		if ks[i][0] != ks[j][0] {
			return ks[i][0] < ks[j][0]
		}
		return ks[i][1] < ks[j][1]
	})
	total, totalApplied, totalRefused := 0, 0, 0
	fmt.Fprintf(&b, "%-28s %8s %8s %8s  %s\n", "KIND", "ACCEPTED", "REJECTED", "APPLIES", "CHECKED AGAINST")
	for _, k := range ks {
		fmt.Fprintf(&b, "%-28s %8d %8d %8d  %s\n", k[0], l.checked[k], l.refused[k], l.applied[k], k[1])
		total += l.checked[k]
		totalApplied += l.applied[k]
		totalRefused += l.refused[k]
	}
	fmt.Fprintf(&b, "%-28s %8d %8d %8d\n", "TOTAL", total, totalRefused, totalApplied)
	b.WriteString("(ACCEPTED/REJECTED: dry-runs, one per object per API server holding its CRD; REJECTED includes the\n" +
		"self-test's deliberate errors; APPLIES: real applies, two rounds)\n")
	for k, n := range l.skips {
		fmt.Fprintf(&b, "NOT CHECKED: %d × %s: %s\n", n, k[0], k[1])
	}
	return b.String()
}
