//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

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
