// Package render is vmfleet's pure core: it decodes a fleet, validates it,
// plans it and generates objects, with no I/O and no time or map-order
// dependence. Every way of running vmfleet (CLI, KRM function, Argo CD
// plugin) goes through here.
package render

import (
	"fmt"

	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/internal/decode"
	"vmfleet.dev/vmfleet/internal/validate"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// Fleet is a decoded, validated and planned fleet.
type Fleet struct {
	// Plan is the fleet with every default and override resolved; its
	// Fleet field is the defaulted VMFleet.
	Plan *plan.Plan
	src  *decode.Source
}

// Load runs decode, defaults, validate and plan. It returns every finding
// (warnings too); the fleet is nil when any finding is an error.
func Load(file string, data []byte) (*Fleet, diag.List) {
	src, findings := decode.Fleet(file, data)
	if findings.HasErrors() || src == nil {
		findings.Sort()
		return nil, findings
	}
	src.Fleet.Default()
	more := validate.Spec(src.Fleet)
	var p *plan.Plan
	if !more.HasErrors() {
		// Resolving trusts the references Spec checked, so it runs only on
		// a clean fleet; the per-cluster rules read the resolved instances.
		p = plan.Build(src.Fleet)
		more = append(more, validate.Plan(p)...)
	}
	src.Locate(more)
	// Capped keeps an error among the findings whenever one is dropped.
	findings = append(findings, more...).Capped(diag.MaxFindings)
	if findings.HasErrors() || p == nil {
		return nil, findings
	}
	return &Fleet{src: src, Plan: p}, findings
}

// File is the name the fleet was loaded under (Load's file argument).
func (f *Fleet) File() string { return f.src.File }

// Name is the fleet's name.
func (f *Fleet) Name() string { return f.Plan.Fleet.Metadata.Name }

// Hub returns the objects applied on the ACM hub.
func (f *Fleet) Hub() []objects.Object { return generators.HubObjects(f.Plan) }

// Cluster returns everything Argo CD applies to the named cluster.
func (f *Fleet) Cluster(name string) ([]objects.Object, error) {
	c := f.Plan.Cluster(name)
	if c == nil {
		return nil, fmt.Errorf("cluster %q is not in fleet %q (clusters: %v)", name, f.Name(), f.Plan.SortedClusterNames())
	}
	return generators.ClusterObjects(f.Plan, c), nil
}

// ClusterNames lists the fleet's clusters, sorted.
func (f *Fleet) ClusterNames() []string { return f.Plan.SortedClusterNames() }
