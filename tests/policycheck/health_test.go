// Package policycheck runs vmfleet's rendered ConfigurationPolicies through the config-policy-controller's
// own evaluation (open-cluster-management.io/config-policy-controller v0.16.0 pkg/dryrun, the controller's
// reconcile run offline against given cluster objects). It is a module of its own; run it with
// `make test-policies`.
package policycheck

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"open-cluster-management.io/config-policy-controller/pkg/dryrun"
)

// mappings tell the dry run how the kinds in play are served (the default set has no HyperConverged).
const mappings = `- {group: "", version: v1, kind: Namespace, singular: namespace, plural: namespaces, scope: cluster}
- {group: hco.kubevirt.io, version: v1beta1, kind: HyperConverged, singular: hyperconverged, plural: hyperconvergeds, scope: namespace}
`

const namespace = `apiVersion: v1
kind: Namespace
metadata: {name: openshift-cnv}
`

// hco is a HyperConverged as HCO reports it, with the given conditions.
func hco(conditions string) string {
	return `apiVersion: hco.kubevirt.io/v1beta1
kind: HyperConverged
metadata: {name: kubevirt-hyperconverged, namespace: openshift-cnv}
spec: {enableCommonBootImageImport: true}
status:
  conditions:
` + conditions
}

// dryRun evaluates policy against the cluster objects; it returns whether the policy is Compliant and
// the controller's output.
func dryRun(t *testing.T, policy string, objects ...string) (bool, string) {
	t.Helper()
	dir := t.TempDir()
	write := func(name, data string) string {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return f
	}
	var args []string
	for i, o := range objects {
		args = append(args, write("input_"+string(rune('a'+i))+".yaml", o))
	}
	d := dryrun.DryRunner{}
	cmd := d.GetCmd()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	for flag, value := range map[string]string{"policy": policy, "mappings-file": write("mappings.yaml", mappings), "no-colors": "true"} {
		if err := cmd.Flags().Set(flag, value); err != nil {
			t.Fatal(err)
		}
	}
	err := cmd.Execute()
	if err != nil && !errors.Is(err, dryrun.ErrNonCompliant) {
		t.Fatalf("dry run of %s: %v\n%s", policy, err, out.String())
	}
	return err == nil, out.String()
}

// TestHealthPolicy: the inform policy vmfleet renders (examples/lab) is Compliant exactly when the
// HyperConverged reports Available True, whatever other conditions it carries.
func TestHealthPolicy(t *testing.T) {
	policy := "../../examples/lab/expected/hub/policies-virt/policy_cnv-health.yaml"
	available := "  - {type: ReconcileComplete, status: \"True\", reason: ReconcileCompleted, message: done}\n" +
		"  - {type: Available, status: \"True\", reason: ReconcileCompleted, message: ready}\n" +
		"  - {type: Progressing, status: \"False\", reason: ReconcileCompleted, message: done}\n" +
		"  - {type: Degraded, status: \"False\", reason: ReconcileCompleted, message: done}\n"
	for _, tc := range []struct {
		name    string
		objects []string
		want    bool
	}{
		{"available", []string{namespace, hco(available)}, true},
		{"still coming up", []string{namespace, hco(strings.ReplaceAll(strings.Replace(available,
			`{type: Available, status: "True"`, `{type: Available, status: "False"`, 1), "ready", "not ready"))}, false},
		{"no conditions yet", []string{namespace, hco("  - {type: ReconcileComplete, status: \"Unknown\", reason: Init, message: init}\n")}, false},
		{"no HyperConverged at all", []string{namespace}, false},
	} {
		compliant, out := dryRun(t, policy, tc.objects...)
		if compliant != tc.want {
			t.Errorf("%s: Compliant %v, want %v\n%s", tc.name, compliant, tc.want, out)
		} else {
			t.Logf("%s: Compliant %v", tc.name, compliant)
		}
	}
}
