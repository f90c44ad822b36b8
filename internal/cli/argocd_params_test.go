package cli_test

import (
	"bytes"
	"strings"
	"testing"

	"vmfleet.dev/vmfleet/internal/cli"
)

func runEnv(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = cli.Run(cli.IO{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Env: func(k string) string { return env[k] }}, args)
	return code, out.String(), errb.String()
}

// The plugin's cluster and fleet file come from plugin env or, as Argo CD
// passes spec.source.plugin.parameters, from ARGOCD_APP_PARAMETERS.
func TestArgoCDParameters(t *testing.T) {
	t.Chdir("../../examples/argocd")
	_, want, _ := runEnv(t, nil, "build", "fleet.yaml", "--cluster", "spoke-dc-v7")
	if !strings.Contains(want, "kind: VirtualMachine") {
		t.Fatalf("build --cluster spoke-dc-v7 gives no VM:\n%s", want)
	}
	for _, tc := range []struct {
		name   string
		env    map[string]string
		code   int
		stderr string // substring
	}{
		{"env", map[string]string{"ARGOCD_ENV_CLUSTER": "spoke-dc-v7"}, 0, ""},
		{"parameters", map[string]string{"ARGOCD_APP_PARAMETERS": `[{"name":"cluster","string":"spoke-dc-v7"},{"name":"fleet","string":"fleet.yaml"}]`}, 0, ""},
		{"env and an equal parameter", map[string]string{"ARGOCD_ENV_CLUSTER": "spoke-dc-v7", "ARGOCD_APP_PARAMETERS": `[{"name":"cluster","string":"spoke-dc-v7"}]`}, 0, ""},
		{"env and a different parameter", map[string]string{"ARGOCD_ENV_CLUSTER": "spoke-dc-v7", "ARGOCD_APP_PARAMETERS": `[{"name":"cluster","string":"spoke-dc-v6"}]`}, 1,
			`vmfleet argocd: ARGOCD_ENV_CLUSTER is "spoke-dc-v7" but plugin parameter "cluster" is "spoke-dc-v6": set one of them`},
		{"a fleet parameter naming a missing file", map[string]string{"ARGOCD_APP_PARAMETERS": `[{"name":"cluster","string":"spoke-dc-v7"},{"name":"fleet","string":"other.yaml"}]`}, 1,
			`vmfleet argocd: no fleet file other.yaml (plugin parameter fleet) in the Application's source path`},
		{"not JSON", map[string]string{"ARGOCD_APP_PARAMETERS": `cluster=spoke-dc-v7`}, 1,
			`vmfleet argocd: ARGOCD_APP_PARAMETERS is not a JSON list of parameters: invalid character`},
		{"an array where a string belongs", map[string]string{"ARGOCD_APP_PARAMETERS": `[{"name":"cluster","array":["spoke-dc-v7"]}]`}, 1,
			`vmfleet argocd: plugin parameter "cluster" must be a string (ARGOCD_APP_PARAMETERS)`},
		{"neither", nil, 1, `or spec.source.plugin.parameters: [{name: cluster, string: '{{name}}'}]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runEnv(t, tc.env, "argocd")
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstderr: %s", code, tc.code, stderr)
			}
			if code == 0 && stdout != want {
				t.Errorf("stdout is not 'vmfleet build fleet.yaml --cluster spoke-dc-v7'")
			}
			if code != 0 && (stdout != "" || !strings.Contains(stderr, tc.stderr)) {
				t.Errorf("stdout %q, stderr %q, want it to hold %q", stdout, stderr, tc.stderr)
			}
		})
	}
}

// More than one fleet argument is a usage error.
func TestArgoCDTwoFleets(t *testing.T) {
	code, stdout, stderr := runEnv(t, map[string]string{"ARGOCD_ENV_CLUSTER": "spoke-dc-v7"}, "argocd", "a.yaml", "b.yaml")
	if want := "vmfleet argocd: expected at most one fleet file, got 2 arguments: a.yaml b.yaml\n"; code != 2 || stdout != "" || stderr != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, stdout, stderr, want)
	}
}
