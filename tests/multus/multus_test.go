// Package multus runs Multus's own code (gopkg.in/k8snetworkplumbingwg/multus-cni.v4, pkg/k8sclient and
// pkg/types) on what vmfleet renders: for every VM of every example, on every cluster it runs on, the
// network annotation KubeVirt puts on its virt-launcher pod is resolved against the NADs vmfleet delivers
// to that cluster, with OpenShift's Multus settings (namespaceIsolation and the globalNamespaces of
// openshift/cluster-network-operator bindata/network/multus/multus.yaml). A VM whose pod Multus would
// refuse does not start.
//
// Run with `make test-multus` (builds bin/vmfleet); it is a module of its own, outside `go test ./...`.
package multus

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	nadv1 "github.com/k8snetworkplumbingwg/network-attachment-definition-client/pkg/apis/k8s.cni.cncf.io/v1"
	netfake "github.com/k8snetworkplumbingwg/network-attachment-definition-client/pkg/client/clientset/versioned/fake"
	"gopkg.in/k8snetworkplumbingwg/multus-cni.v4/pkg/k8sclient"
	"gopkg.in/k8snetworkplumbingwg/multus-cni.v4/pkg/types"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kubefake "k8s.io/client-go/kubernetes/fake"
	"sigs.k8s.io/yaml"
)

// openShiftMultus is the part of OpenShift's Multus daemon config that decides which NADs a pod may use
// (openshift/cluster-network-operator bindata/network/multus/multus.yaml, daemon-config.json).
const openShiftMultus = `{"cniVersion": "0.3.1", "name": "multus-cni-network", "type": "multus",
  "clusterNetwork": "ovn-kubernetes", "namespaceIsolation": true,
  "globalNamespaces": "default,openshift-multus,openshift-sriov-network-operator,openshift-cnv"}`

func vmfleetBin(t *testing.T) string {
	if b := os.Getenv("VMFLEET_BIN"); b != "" {
		return b
	}
	t.Skip("VMFLEET_BIN is not set: run make test-multus")
	return ""
}

func run(t *testing.T, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(vmfleetBin(t), args...)
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("vmfleet %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

type obj map[string]any

func docs(t *testing.T, stream []byte) []obj {
	var out []obj
	for _, d := range bytes.Split(stream, []byte("\n---\n")) {
		var o obj
		if err := yaml.Unmarshal(d, &o); err != nil {
			t.Fatal(err)
		}
		if o != nil {
			out = append(out, o)
		}
	}
	return out
}

func (o obj) get(path ...string) any {
	var v any = map[string]any(o)
	for _, p := range path {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	return v
}

func (o obj) str(path ...string) string { s, _ := o.get(path...).(string); return s }

func list(v any) []obj {
	items, _ := v.([]any)
	var out []obj
	for _, i := range items {
		if m, ok := i.(map[string]any); ok {
			out = append(out, obj(m))
		}
	}
	return out
}

// delivered returns, per cluster, the NADs the hub's policies deliver there.
func delivered(t *testing.T, hub []obj) map[string][]*nadv1.NetworkAttachmentDefinition {
	placed := map[string][]string{} // placement → clusters
	policies := map[string]obj{}
	var sets []obj
	for _, o := range hub {
		switch o.str("kind") {
		case "Placement":
			for _, p := range list(o.get("spec", "predicates")) {
				for _, e := range list(p.get("requiredClusterSelector", "labelSelector", "matchExpressions")) {
					for _, v := range e.get("values").([]any) {
						placed[o.str("metadata", "name")] = append(placed[o.str("metadata", "name")], v.(string))
					}
				}
			}
		case "Policy":
			policies[o.str("metadata", "name")] = o
		case "PolicySet":
			sets = append(sets, o)
		}
	}
	clustersOf := map[string][]string{} // policy → clusters (own placement, or its set's)
	for name := range policies {
		clustersOf[name] = placed[name]
	}
	for _, s := range sets {
		for _, p := range s.get("spec", "policies").([]any) {
			clustersOf[p.(string)] = placed[s.str("metadata", "name")]
		}
	}
	out := map[string][]*nadv1.NetworkAttachmentDefinition{}
	for name, pol := range policies {
		for _, tpl := range list(pol.get("spec", "policy-templates")) {
			for _, ot := range list(tpl.get("objectDefinition", "spec", "object-templates")) {
				def := obj(ot.get("objectDefinition").(map[string]any))
				if def.str("kind") != "NetworkAttachmentDefinition" {
					continue
				}
				b, _ := json.Marshal(def)
				nad := &nadv1.NetworkAttachmentDefinition{}
				if err := json.Unmarshal(b, nad); err != nil {
					t.Fatal(err)
				}
				for _, c := range clustersOf[name] {
					out[c] = append(out[c], nad)
				}
			}
		}
	}
	return out
}

// launcherPod is the virt-launcher pod of a VM as far as Multus reads it: KubeVirt turns each multus
// network into an entry of k8s.v1.cni.cncf.io/networks, splitting networkName into namespace and name and
// taking the VM's namespace when it names none.
func launcherPod(vm obj) *corev1.Pod {
	ns := vm.str("metadata", "namespace")
	var sel []map[string]string
	for _, n := range list(vm.get("spec", "template", "spec", "networks")) {
		name := n.str("multus", "networkName")
		if name == "" {
			continue
		}
		netNS, netName, found := strings.Cut(name, "/")
		if !found {
			netNS, netName = ns, name
		}
		sel = append(sel, map[string]string{"name": netName, "namespace": netNS})
	}
	if len(sel) == 0 {
		return nil
	}
	b, _ := json.Marshal(sel)
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "virt-launcher-" + vm.str("metadata", "name"), Namespace: ns,
		Annotations: map[string]string{"k8s.v1.cni.cncf.io/networks": string(b)}}}
}

// stubs stand in for the NADs a cluster has already (clusters[].existingNetworks) that the pod names.
func stubs(pod *corev1.Pod, existing map[string]bool) []*nadv1.NetworkAttachmentDefinition {
	var sel []map[string]string
	_ = json.Unmarshal([]byte(pod.Annotations["k8s.v1.cni.cncf.io/networks"]), &sel)
	var out []*nadv1.NetworkAttachmentDefinition
	for _, e := range sel {
		if existing[e["name"]] || existing[e["namespace"]+"/"+e["name"]] {
			out = append(out, &nadv1.NetworkAttachmentDefinition{ObjectMeta: metav1.ObjectMeta{Name: e["name"], Namespace: e["namespace"]},
				Spec: nadv1.NetworkAttachmentDefinitionSpec{Config: `{"cniVersion":"0.3.1","name":"` + e["name"] + `","type":"bridge","bridge":"br0"}`}})
		}
	}
	return out
}

// attach is what Multus does with the pod's networks before any CNI plugin runs.
func attach(pod *corev1.Pod, nads []*nadv1.NetworkAttachmentDefinition) error {
	conf, err := types.LoadNetConf([]byte(openShiftMultus))
	if err != nil {
		return err
	}
	client := &k8sclient.ClientInfo{Client: kubefake.NewSimpleClientset(pod), NetClient: netfake.NewSimpleClientset()}
	for _, n := range nads {
		// Through the client: the fake's tracker would guess the resource as networkattachmentdefinitions,
		// not the CRD's plural network-attachment-definitions that Get asks for.
		if _, err := client.AddNetAttachDef(n.DeepCopy()); err != nil {
			return err
		}
	}
	networks, err := k8sclient.GetPodNetwork(pod)
	if err != nil {
		return err
	}
	// A non-nil resource map: the kubelet's device lookup is not ours to check.
	_, err = k8sclient.GetNetworkDelegates(client, pod, networks, conf, map[string]*types.ResourceInfo{})
	return err
}

func TestEveryVMsNetworksResolve(t *testing.T) {
	fleets, _ := filepath.Glob("../../examples/*/fleet.yaml")
	if len(fleets) == 0 {
		t.Fatal("no examples")
	}
	checked := 0
	for _, fleet := range fleets {
		rel := strings.TrimPrefix(fleet, "../../")
		t.Run(filepath.Base(filepath.Dir(fleet)), func(t *testing.T) {
			nads := delivered(t, docs(t, run(t, "build", rel)))
			src, err := os.ReadFile(fleet)
			if err != nil {
				t.Fatal(err)
			}
			var f obj
			if err := yaml.Unmarshal(src, &f); err != nil {
				t.Fatal(err)
			}
			var clusters []string
			existing := map[string]map[string]bool{} // cluster → NADs it has already ([namespace/]name)
			for _, c := range list(f.get("spec", "clusters")) {
				clusters = append(clusters, c.str("name"))
				existing[c.str("name")] = map[string]bool{}
				if m, ok := c.get("existingNetworks").(map[string]any); ok {
					for _, v := range m {
						existing[c.str("name")][v.(string)] = true
					}
				}
			}
			sort.Strings(clusters)
			for _, c := range clusters {
				for _, o := range docs(t, run(t, "build", "--cluster", c, rel)) {
					if o.str("kind") != "VirtualMachine" {
						continue
					}
					pod := launcherPod(o)
					if pod == nil {
						continue // no secondary network: nothing for Multus to resolve
					}
					if err := attach(pod, append(stubs(pod, existing[c]), nads[c]...)); err != nil {
						t.Errorf("cluster %s, vm %s/%s: Multus refuses the pod: %v", c, pod.Namespace, o.str("metadata", "name"), err)
					}
					checked++
				}
			}
		})
	}
	t.Logf("%d VM instances attached by Multus", checked)
}

// Negative controls: what vmfleet used to emit for the lab, and a NAD that was never delivered.
func TestMultusRefuses(t *testing.T) {
	nad := &nadv1.NetworkAttachmentDefinition{ObjectMeta: metav1.ObjectMeta{Name: "payments-vlan", Namespace: "tenant-payments"},
		Spec: nadv1.NetworkAttachmentDefinitionSpec{Config: `{"cniVersion":"0.3.1","name":"payments-vlan","type":"bridge","bridge":"br-payments"}`}}
	vm := func(networkName string) obj {
		return obj{"metadata": map[string]any{"name": "rhel9-app", "namespace": "tenant-app"},
			"spec": map[string]any{"template": map[string]any{"spec": map[string]any{"networks": []any{
				map[string]any{"name": "payments-vlan", "multus": map[string]any{"networkName": networkName}}}}}}}
	}
	for _, tc := range []struct{ name, networkName, want string }{
		{"a NAD of another namespace", "tenant-payments/payments-vlan", "namespace isolation enabled"},
		{"a NAD that is not there", "payments-vlan", "cannot find a network-attachment-definition"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := attach(launcherPod(vm(tc.networkName)), []*nadv1.NetworkAttachmentDefinition{nad})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("want an error containing %q, got %v", tc.want, err)
			}
		})
	}
}
