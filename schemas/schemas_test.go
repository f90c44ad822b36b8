package schemas_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"sigs.k8s.io/yaml"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/schemas"
)

// exampleFleet is the fleet of the brief: every check below starts from it.
const exampleFleet = `
apiVersion: vmfleet.dev/v1alpha1
kind: VMFleet
metadata:
  name: tenant-app-vm
spec:
  gitops:
    repoURL: https://gitlab.lab/platform/platform-gitops
    path: tenants/app-team/vms
  clusterSelector:
    matchLabels: {virt: enabled, tenant: app-team}
  virtualization:
    operator: {channel: stable, upgradeApproval: Automatic}
    hyperconverged:
      commonBootImageImport: true
      liveMigration: {parallelMigrationsPerCluster: 5, parallelOutboundMigrationsPerNode: 2, bandwidthPerMigration: 1Gi}
  networks:
    - {name: payments-vlan, namespace: tenant-payments, bridge: br-payments, vlan: 142, ipam: {type: whereabouts, range: 10.42.0.0/24}}
  observability:
    guestMetrics: {nodeExporter: true}
  clusters:
    - name: spoke-dc-v6
      storageClass: ocs-storagecluster-ceph-rbd
      accessMode: ReadWriteMany
  vms:
    - name: rhel9-app
      namespace: tenant-app
      cpu: {cores: 4}
      memory: 8Gi
      disk:
        size: 40Gi
        source: {dataSource: {name: rhel9, namespace: openshift-virtualization-os-images}}
      cloudInit: {secretRef: rhel9-app-cloudinit}
      networks: [payments-vlan]
`

func compileJSONSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemas.JSONSchema()))
	if err != nil {
		t.Fatalf("JSONSchema() is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	if err := c.AddResource(schemas.JSONSchemaID, doc); err != nil {
		t.Fatal(err)
	}
	// Compile also checks the schema against the draft-07 meta-schema.
	sch, err := c.Compile(schemas.JSONSchemaID)
	if err != nil {
		t.Fatalf("JSONSchema() does not compile as draft-07: %v", err)
	}
	return sch
}

// fleet returns the example fleet as a JSON value, after edit.
func fleet(t *testing.T, edit func(f map[string]any)) any {
	t.Helper()
	var f map[string]any
	if err := yaml.Unmarshal([]byte(exampleFleet), &f); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(f)
	}
	j, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// at walks a path such as "spec.vms.0.disk" of a decoded YAML document.
func at(t *testing.T, v any, path string) map[string]any {
	t.Helper()
	for _, p := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			var i int
			if _, err := fmt.Sscan(p, &i); err != nil || i >= len(x) {
				t.Fatalf("bad index %q in %s", p, path)
			}
			v = x[i]
		default:
			t.Fatalf("%s: cannot walk into %T at %q", path, v, p)
		}
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s is a %T, not an object", path, v)
	}
	return m
}

func TestJSONSchemaAcceptsExampleFleet(t *testing.T) {
	sch := compileJSONSchema(t)
	if err := sch.Validate(fleet(t, nil)); err != nil {
		t.Fatalf("the example fleet is rejected:\n%v", err)
	}
}

func TestJSONSchemaAcceptsOtherValidShapes(t *testing.T) {
	sch := compileJSONSchema(t)
	for name, edit := range map[string]func(map[string]any){
		"instancetype instead of cpu/memory, registry source, data disks": func(f map[string]any) {
			vm := at(t, f, "spec.vms.0")
			delete(vm, "cpu")
			delete(vm, "memory")
			vm["instancetype"] = "u1.large"
			vm["preference"] = "rhel.9"
			vm["disk"] = map[string]any{"size": "30Gi", "source": map[string]any{"registry": map[string]any{"url": "docker://quay.io/containerdisks/fedora:41"}}}
			vm["dataDisks"] = []any{map[string]any{"name": "data", "size": "100Gi", "source": map[string]any{"blank": map[string]any{}}}}
		},
		"defaults, annotations and no optional sections": func(f map[string]any) {
			s := at(t, f, "spec")
			for _, k := range []string{"clusterSelector", "virtualization", "networks", "observability"} {
				delete(s, k)
			}
			s["defaults"] = map[string]any{"runStrategy": "Halted", "accessMode": "ReadWriteOnce", "volumeMode": "Block"}
			at(t, f, "metadata")["annotations"] = map[string]any{"config.kubernetes.io/local-config": "true"}
		},
	} {
		t.Run(name, func(t *testing.T) {
			if err := sch.Validate(fleet(t, edit)); err != nil {
				t.Fatalf("rejected:\n%v", err)
			}
		})
	}
}

func TestJSONSchemaRejects(t *testing.T) {
	sch := compileJSONSchema(t)
	for _, tc := range []struct {
		name string
		edit func(f map[string]any)
		// where: the JSON pointer of the instance the error must name.
		where string
	}{
		{"unknown field spec.vms[0].disk.storgeClass", func(f map[string]any) {
			at(t, f, "spec.vms.0.disk")["storgeClass"] = "fast"
		}, "/spec/vms/0/disk"},
		{"accessMode ReadWriteSometimes", func(f map[string]any) {
			at(t, f, "spec.clusters.0")["accessMode"] = "ReadWriteSometimes"
		}, "/spec/clusters/0/accessMode"},
		{"missing spec.gitops.repoURL", func(f map[string]any) {
			delete(at(t, f, "spec.gitops"), "repoURL")
		}, "/spec/gitops"},
		{"vlan 5000", func(f map[string]any) {
			at(t, f, "spec.networks.0")["vlan"] = 5000
		}, "/spec/networks/0/vlan"},
		{"vlan as a string", func(f map[string]any) {
			at(t, f, "spec.networks.0")["vlan"] = "142"
		}, "/spec/networks/0/vlan"},
		{"wrong apiVersion", func(f map[string]any) {
			f["apiVersion"] = "vmfleet.dev/v1"
		}, "/apiVersion"},
		{"wrong kind", func(f map[string]any) {
			f["kind"] = "VMFleets"
		}, "/kind"},
		{"missing metadata.name", func(f map[string]any) {
			delete(at(t, f, "metadata"), "name")
		}, "/metadata"},
		{"metadata.name not DNS-1123", func(f map[string]any) {
			at(t, f, "metadata")["name"] = "Tenant_App"
		}, "/metadata/name"},
		{"unknown metadata field", func(f map[string]any) {
			at(t, f, "metadata")["lables"] = map[string]any{"a": "b"}
		}, "/metadata"},
		{"unknown top-level field", func(f map[string]any) {
			f["status"] = map[string]any{}
		}, ""},
		{"missing spec.clusters", func(f map[string]any) {
			delete(at(t, f, "spec"), "clusters")
		}, "/spec"},
		{"empty spec.clusters", func(f map[string]any) {
			at(t, f, "spec")["clusters"] = []any{}
		}, "/spec/clusters"},
		{"cpu.cores 0", func(f map[string]any) {
			at(t, f, "spec.vms.0.cpu")["cores"] = 0
		}, "/spec/vms/0/cpu/cores"},
		{"runStrategy running", func(f map[string]any) {
			at(t, f, "spec.vms.0")["runStrategy"] = "Running"
		}, "/spec/vms/0/runStrategy"},
		{"settings on a blank disk", func(f map[string]any) {
			at(t, f, "spec.vms.0.disk")["source"] = map[string]any{"blank": map[string]any{"size": "1Gi"}}
		}, "/spec/vms/0/disk/source/blank"},
		{"vm name over 63 characters", func(f map[string]any) {
			at(t, f, "spec.vms.0")["name"] = strings.Repeat("a", 64)
		}, "/spec/vms/0/name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := sch.Validate(fleet(t, tc.edit))
			if err == nil {
				t.Fatal("accepted")
			}
			var ve *jsonschema.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("not a validation error: %v", err)
			}
			if !namesLocation(ve, tc.where) {
				t.Errorf("the error does not point at %q:\n%v", tc.where, err)
			}
		})
	}
}

// namesLocation reports whether the error or one of its causes is at the
// instance location where (a JSON pointer).
func namesLocation(ve *jsonschema.ValidationError, where string) bool {
	loc := ""
	if len(ve.InstanceLocation) > 0 {
		loc = "/" + strings.Join(ve.InstanceLocation, "/")
	}
	if loc == where {
		return true
	}
	for _, c := range ve.Causes {
		if namesLocation(c, where) {
			return true
		}
	}
	return false
}

func TestJSONSchemaHeader(t *testing.T) {
	var js map[string]any
	if err := json.Unmarshal(schemas.JSONSchema(), &js); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]any{
		"$schema": "http://json-schema.org/draft-07/schema#",
		"$id":     schemas.JSONSchemaID,
		"title":   "VMFleet",
		"type":    "object",
	} {
		if js[k] != want {
			t.Errorf("%s = %v, want %v", k, js[k], want)
		}
	}
	props := js["properties"].(map[string]any)
	if c := props["apiVersion"].(map[string]any)["const"]; c != v1alpha1.APIVersion {
		t.Errorf("apiVersion const = %v, want %s", c, v1alpha1.APIVersion)
	}
	if c := props["kind"].(map[string]any)["const"]; c != v1alpha1.Kind {
		t.Errorf("kind const = %v, want %s", c, v1alpha1.Kind)
	}
	b := schemas.JSONSchema()
	if !bytes.HasSuffix(b, []byte("}\n")) || bytes.HasSuffix(b, []byte("\n\n")) {
		t.Error("JSONSchema() does not end in exactly one newline")
	}
	if bytes.Contains(b, []byte("x-kubernetes-")) {
		t.Error("JSONSchema() carries x-kubernetes-* keys")
	}
}

// TestJSONSchemaMetadataMatchesObjectMeta: metadata lists exactly the fields
// of api/v1alpha1.ObjectMeta, and those the Go type requires.
func TestJSONSchemaMetadataMatchesObjectMeta(t *testing.T) {
	var js map[string]any
	if err := json.Unmarshal(schemas.JSONSchema(), &js); err != nil {
		t.Fatal(err)
	}
	meta := js["properties"].(map[string]any)["metadata"].(map[string]any)
	var got []string
	for k := range meta["properties"].(map[string]any) {
		got = append(got, k)
	}
	sort.Strings(got)
	var want, required []string
	typ := reflect.TypeOf(v1alpha1.ObjectMeta{})
	for i := range typ.NumField() {
		name, opts, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		want = append(want, name)
		if !strings.Contains(opts, "omitempty") {
			required = append(required, name)
		}
	}
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("metadata properties = %v, ObjectMeta has %v", got, want)
	}
	if !reflect.DeepEqual(strs(meta["required"]), required) {
		t.Errorf("metadata required = %v, want %v", meta["required"], required)
	}
	if meta["additionalProperties"] != false {
		t.Error("metadata allows unknown fields")
	}
}

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}
