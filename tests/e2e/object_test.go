//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

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
			where := fmt.Sprintf("%s spec.policy-templates[%d].objectDefinition (ConfigurationPolicy %s) spec.object-templates[%d].objectDefinition; %s",
				pid, i, tmpl.name, j, p.origin)
			variants, cases := perClusterVariants(od)
			if variants == nil {
				variants, cases = []map[string]any{od}, []string{""}
			}
			for k, v := range variants {
				w := where
				if cases[k] != "" {
					w += "; per-cluster hub templates resolved for " + cases[k]
				}
				b, _ := json.Marshal(v)
				o := newObject(v, b, w)
				o.unwrapped, o.defaultNS = true, p.namespace
				objs = append(objs, o)
			}
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
		snaps, n := snapshotsOf(o)
		all = append(all, snaps...)
		notes = append(notes, n...)
	}
	return all, notes
}
