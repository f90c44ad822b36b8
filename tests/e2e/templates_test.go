//go:build e2e

package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/yaml"
)

// hubtpl runs tools/hubtpl (the policy controllers' template library, go-template-utils v7.1.0) on obj
// against c, as the kubeconfig's user: -hub resolves {{hub … hub}} as the propagator does, restricted to
// lookupNS when it is set; otherwise {{ … }} as the config-policy-controller does on a managed cluster.
func hubtpl(t *testing.T, kubeconfig string, hub bool, lookupNS string, obj any) (map[string]any, string, error) {
	t.Helper()
	in, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"-kubeconfig", kubeconfig, "-lookup-namespace", lookupNS}
	if hub {
		args = append(args, "-hub")
	}
	cmd := exec.Command(filepath.Join(env.bin, "hubtpl"), args...)
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, stderr.String(), err
	}
	var out map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("hubtpl output is not JSON: %v\n%s", err, stdout.String())
	}
	return out, "", nil
}

// create makes a real object on c (or replaces it).
func create(t *testing.T, c *cluster, obj map[string]any) {
	t.Helper()
	o := newObject(obj, nil, "test")
	body, _ := json.Marshal(obj)
	res, ok, err := c.resourceFor(o.apiVersion, o.kind)
	if err != nil || !ok {
		t.Fatalf("no resource for %s %s: %v", o.apiVersion, o.kind, err)
	}
	if err := c.ensureNamespace(o.namespace); err != nil {
		t.Fatal(err)
	}
	if _, err := c.do("PATCH", objectPath(o.apiVersion, res, o.namespace, o.name)+"?fieldManager=e2e&force=true",
		"application/apply-patch+yaml", body); err != nil {
		t.Fatalf("create %s: %v", o.id(), err)
	}
}

func remove(c *cluster, apiPath string) { _, _ = c.do("DELETE", apiPath, "", nil) }

// configurationPolicies returns each ConfigurationPolicy of the Policies of a hub stream whose text holds sub.
func configurationPolicies(hub []object, sub string) map[string]object {
	out := map[string]object{}
	for _, p := range hub {
		if p.kind != "Policy" || !bytes.Contains(p.body, []byte(sub)) {
			continue
		}
		inner, _ := unwrap(p)
		for _, o := range inner {
			if o.kind == "ConfigurationPolicy" {
				o.namespace = p.namespace // the policy's namespace: what hub lookups are restricted to
				o.origin = p.name
				out[p.name] = o
			}
		}
	}
	return out
}

var secretData = map[string]any{"userdata": base64.StdEncoding.EncodeToString([]byte("#cloud-config\nhostname: vm\n")),
	"accessKeyId": base64.StdEncoding.EncodeToString([]byte("AKIAEXAMPLE"))}

// TestHubTemplatesCopyDependencies resolves every dependency policy of every example with the propagator's
// template library against a real API server holding the source Secrets and ConfigMaps: each copy must
// resolve to the source's data map, and the resolved objects must pass the strict dry-run. A policy reading
// its own namespace needs nothing; one reading another namespace must fail so restricted, and succeed as
// the ServiceAccount the fleet names, once the fleet's Role and RoleBinding are applied, and not before.
func TestHubTemplatesCopyDependencies(t *testing.T) {
	resolved := 0
	for _, fleet := range examples(t) {
		hub, _ := fleetStreams(t, fleet)
		for name, cp := range configurationPolicies(hub, "{{hub copy") {
			var saName string
			for _, p := range hub {
				if p.kind == "Policy" && p.name == name {
					saName = str(p.u, "spec", "hubTemplateOptions", "serviceAccountName")
				}
			}
			// The sources, on the hub.
			for _, ot := range list(cp.u, "spec", "object-templates") {
				od, _ := get(ot, "objectDefinition").(map[string]any)
				data, _ := od["data"].(string)
				m := hubCopyArgs.FindStringSubmatch(data)
				if m == nil {
					continue
				}
				src := map[string]any{"apiVersion": "v1", "kind": str(od, "kind"),
					"metadata": map[string]any{"name": m[3], "namespace": m[2]}, "data": secretData}
				if m[1] == "copyConfigMapData" {
					src["data"] = map[string]any{"ca.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"}
				}
				create(t, ck.main, src)
			}
			kubeconfig := ck.main.kubeconfig
			lookup := cp.namespace
			if saName != "" {
				// Restricted to the policy's namespace, the lookup in another one must fail…
				if _, stderr, err := hubtpl(t, kubeconfig, true, lookup, cp.u); err == nil || !strings.Contains(stderr, "restricted") {
					t.Errorf("%s: reading another namespace without the service account must be refused; got %v %s", name, err, stderr)
				}
				// …and, as the ServiceAccount, succeed only once the fleet's RBAC is there.
				kubeconfig, lookup = saKubeconfig(t, ck.main, cp.namespace, saName), ""
				if _, _, err := hubtpl(t, kubeconfig, true, lookup, cp.u); err == nil {
					t.Errorf("%s: the service account reads the hub namespace before its Role is applied", name)
				}
				for _, o := range hub {
					if (o.kind == "Role" || o.kind == "RoleBinding") && o.name == saName {
						create(t, ck.main, o.u)
					}
				}
			}
			var out map[string]any
			var stderr string
			// A Role just applied reaches the API server's RBAC authorizer a moment later.
			err := waitFor(20*time.Second, func() (err error) {
				out, stderr, err = hubtpl(t, kubeconfig, true, lookup, cp.u)
				return err
			})
			if err != nil {
				t.Errorf("%s (%s): the propagator's resolver fails: %v\n%s", name, filepath.Base(filepath.Dir(fleet)), err, stderr)
				continue
			}
			resolved++
			for j, ot := range list(out, "spec", "object-templates") {
				od, _ := get(ot, "objectDefinition").(map[string]any)
				kind := str(od, "kind")
				if kind != "Secret" && kind != "ConfigMap" {
					continue
				}
				want := any(secretData)
				if kind == "ConfigMap" {
					want = map[string]any{"ca.pem": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"}
				}
				if !reflect.DeepEqual(od["data"], want) {
					t.Errorf("%s object-templates[%d] %s: resolved data %v, want the source's %v", name, j, kind, od["data"], want)
				}
				b, _ := json.Marshal(od)
				o := newObject(od, b, fmt.Sprintf("%s object-templates[%d], resolved", name, j))
				if _, fails, _ := ck.check([]object{o}, dryRun); len(fails) > 0 {
					t.Errorf("%s", fails[0])
				}
			}
		}
	}
	if resolved == 0 {
		t.Fatal("no example has a dependency policy: nothing was resolved")
	}
	t.Logf("%d dependency policies resolved by go-template-utils v7.1.0 against the API server", resolved)
}

// saKubeconfig writes a kubeconfig that authenticates as namespace/name (a TokenRequest).
func saKubeconfig(t *testing.T, c *cluster, namespace, name string) string {
	t.Helper()
	create(t, c, map[string]any{"apiVersion": "v1", "kind": "ServiceAccount", "metadata": map[string]any{"name": name, "namespace": namespace}})
	r, err := c.do("POST", "/api/v1/namespaces/"+namespace+"/serviceaccounts/"+name+"/token", "application/json",
		[]byte(`{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{}}`))
	if err != nil {
		t.Fatalf("token for %s/%s: %v", namespace, name, err)
	}
	var tr struct {
		Status struct{ Token string } `json:"status"`
	}
	if err := json.Unmarshal(r.body, &tr); err != nil || tr.Status.Token == "" {
		t.Fatalf("token for %s/%s: %v %s", namespace, name, err, r.body)
	}
	kc := fmt.Sprintf("apiVersion: v1\nkind: Config\nclusters:\n- name: e2e\n  cluster:\n    server: %s\n    insecure-skip-tls-verify: true\n"+
		"users:\n- name: sa\n  user:\n    token: %s\ncontexts:\n- name: sa\n  context: {cluster: e2e, user: sa}\ncurrent-context: sa\n", c.url, tr.Status.Token)
	f := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(f, []byte(kc), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestUserWorkloadMonitoringTemplate resolves the user-workload monitoring policy's cluster-monitoring-config
// with the config-policy-controller's template library against a real API server standing in for a managed
// cluster: no ConfigMap yet, one with other settings (kept), one that turns user workloads off (an error
// with its message).
func TestUserWorkloadMonitoringTemplate(t *testing.T) {
	hub, _ := fleetStreams(t, filepath.Join(env.root, "examples", "argocd", "fleet.yaml"))
	cps := configurationPolicies(hub, "cluster-monitoring-config")
	cp, ok := cps["user-workload-monitoring"]
	if !ok {
		t.Fatalf("examples/argocd has no user-workload-monitoring policy (found %v)", cps)
	}
	var cm map[string]any
	for _, ot := range list(cp.u, "spec", "object-templates") {
		if od, _ := get(ot, "objectDefinition").(map[string]any); str(od, "kind") == "ConfigMap" {
			cm = od
		}
	}
	const cmPath = "/api/v1/namespaces/openshift-monitoring/configmaps/cluster-monitoring-config"
	config := func(existing string) (map[string]any, string, error) {
		remove(ck.main, cmPath)
		if existing != "" {
			create(t, ck.main, map[string]any{"apiVersion": "v1", "kind": "ConfigMap",
				"metadata": map[string]any{"name": "cluster-monitoring-config", "namespace": "openshift-monitoring"},
				"data":     map[string]any{"config.yaml": existing}})
		} else if err := ck.main.ensureNamespace("openshift-monitoring"); err != nil {
			t.Fatal(err)
		}
		out, stderr, err := hubtpl(t, ck.main.kubeconfig, false, "", cm)
		if err != nil {
			return nil, stderr, err
		}
		var cfg map[string]any
		if err := yaml.Unmarshal([]byte(str(out, "data", "config.yaml")), &cfg); err != nil {
			t.Fatalf("resolved config.yaml is not YAML: %v\n%s", err, str(out, "data", "config.yaml"))
		}
		return cfg, "", nil
	}
	defer remove(ck.main, cmPath)
	for _, tc := range []struct {
		name, existing string
		want           map[string]any
	}{
		{"no ConfigMap yet", "", map[string]any{"enableUserWorkload": true}},
		{"other settings are kept", "prometheusK8s:\n  retention: 7d\nalertmanagerMain:\n  enableUserAlertmanagerConfig: true\n",
			map[string]any{"enableUserWorkload": true, "prometheusK8s": map[string]any{"retention": "7d"},
				"alertmanagerMain": map[string]any{"enableUserAlertmanagerConfig": true}}},
		{"already on", "enableUserWorkload: true\n", map[string]any{"enableUserWorkload": true}},
	} {
		got, stderr, err := config(tc.existing)
		if err != nil {
			t.Errorf("%s: %v\n%s", tc.name, err, stderr)
		} else if !reflect.DeepEqual(tc.want, got) {
			t.Errorf("%s: config.yaml resolves to %v, want %v", tc.name, got, tc.want)
		}
	}
	_, stderr, err := config("enableUserWorkload: false\nprometheusK8s: {retention: 7d}\n")
	if err == nil || !strings.Contains(stderr, "sets enableUserWorkload: false; VM guest metrics need user-workload monitoring") {
		t.Errorf("an explicit enableUserWorkload: false must fail with its message; got %v %s", err, stderr)
	} else {
		msg := stderr
		if i := strings.Index(msg, "error calling fail: "); i >= 0 {
			msg = strings.SplitN(msg[i:], "\n", 2)[0]
		}
		t.Logf("explicit false refused: %s", msg)
	}
}
