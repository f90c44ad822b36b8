package modes

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"
)

// sidecar is the part of a container the install patches set.
type sidecar struct {
	Name    string   `json:"name"`
	Image   string   `json:"image"`
	Command []string `json:"command"`
	Env     []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"env"`
	SecurityContext securityContext `json:"securityContext"`
	VolumeMounts    []struct {
		Name      string `json:"name"`
		MountPath string `json:"mountPath"`
		SubPath   string `json:"subPath,omitempty"`
	} `json:"volumeMounts"`
}

type securityContext struct {
	RunAsUser                *int64 `json:"runAsUser,omitempty"`
	RunAsNonRoot             *bool  `json:"runAsNonRoot,omitempty"`
	Privileged               *bool  `json:"privileged,omitempty"`
	AllowPrivilegeEscalation *bool  `json:"allowPrivilegeEscalation,omitempty"`
	ReadOnlyRootFilesystem   *bool  `json:"readOnlyRootFilesystem,omitempty"`
	Capabilities             struct {
		Add  []string `json:"add,omitempty"`
		Drop []string `json:"drop,omitempty"`
	} `json:"capabilities"`
	SeccompProfile *struct {
		Type string `json:"type"`
	} `json:"seccompProfile,omitempty"`
}

// restrictedV2 restates what OpenShift's restricted-v2 SCC admits for a
// container of a pod in a namespace whose openshift.io/sa.scc.uid-range is
// [uidStart, uidStart+uidSize): runAsUser MustRunAsRange, no privileged
// container, allowPrivilegeEscalation false, only NET_BIND_SERVICE may be
// added (ALL is dropped), seccomp runtime/default (the SCC's
// kubernetes.io/description: "requires pods to be run with a UID, and SELinux
// context that are allocated to the namespace ... requires to drop ALL
// capabilities and does not allow privilege escalation binaries ... default
// the seccomp profile to runtime/default if unset, otherwise this seccomp
// profile is required"). It returns why a container is refused, or "".
func restrictedV2(sc securityContext, uidStart, uidSize int64) string {
	switch {
	case sc.RunAsUser != nil && (*sc.RunAsUser < uidStart || *sc.RunAsUser >= uidStart+uidSize):
		return "runAsUser must be in the namespace's uid range"
	case sc.Privileged != nil && *sc.Privileged:
		return "privileged containers are not allowed"
	case sc.AllowPrivilegeEscalation != nil && *sc.AllowPrivilegeEscalation:
		return "allowPrivilegeEscalation must be false"
	case sc.SeccompProfile != nil && sc.SeccompProfile.Type != "RuntimeDefault":
		return "the seccomp profile must be runtime/default"
	}
	for _, c := range sc.Capabilities.Add {
		if c != "NET_BIND_SERVICE" {
			return "capability " + c + " may not be added"
		}
	}
	return ""
}

func readYAML(t *testing.T, file string, into any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repo, file))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, into); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// The two install patches add the same sidecar; the OpenShift GitOps one
// (the ArgoCD CR) leaves the uid to the SCC, which admits it, while the
// plain Argo CD one (uid 999) would be refused there.
func TestArgoCDSidecarsAgree(t *testing.T) {
	var dep struct {
		Spec struct {
			Template struct {
				Spec struct {
					Containers []sidecar `json:"containers"`
				} `json:"spec"`
			} `json:"template"`
		} `json:"spec"`
	}
	var cr struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Spec       struct {
			Repo struct {
				SidecarContainers []sidecar `json:"sidecarContainers"`
				Volumes           []struct {
					Name      string `json:"name"`
					ConfigMap *struct {
						Name string `json:"name"`
					} `json:"configMap"`
				} `json:"volumes"`
			} `json:"repo"`
		} `json:"spec"`
	}
	readYAML(t, "examples/argocd/install/repo-server-sidecar.yaml", &dep)
	readYAML(t, "examples/argocd/install/argocd-cr-sidecar.yaml", &cr)
	if cr.APIVersion != "argoproj.io/v1beta1" || cr.Kind != "ArgoCD" {
		t.Errorf("the OpenShift GitOps patch is a %s %s, want argoproj.io/v1beta1 ArgoCD", cr.APIVersion, cr.Kind)
	}
	if len(dep.Spec.Template.Spec.Containers) != 1 || len(cr.Spec.Repo.SidecarContainers) != 1 {
		t.Fatalf("want one sidecar in each patch")
	}
	plain, ocp := dep.Spec.Template.Spec.Containers[0], cr.Spec.Repo.SidecarContainers[0]
	if ocp.SecurityContext.RunAsUser != nil {
		t.Errorf("the ArgoCD CR sidecar fixes runAsUser %d: restricted-v2 assigns the uid", *ocp.SecurityContext.RunAsUser)
	}
	if why := restrictedV2(ocp.SecurityContext, 1000650000, 10000); why != "" {
		t.Errorf("restricted-v2 refuses the ArgoCD CR sidecar: %s", why)
	}
	if why := restrictedV2(plain.SecurityContext, 1000650000, 10000); why == "" {
		t.Errorf("restricted-v2 admits the plain sidecar's uid %v: the check cannot fail", plain.SecurityContext.RunAsUser)
	}
	yes := true
	for _, bad := range []securityContext{{AllowPrivilegeEscalation: &yes}, {Privileged: &yes}} {
		if restrictedV2(bad, 1000650000, 10000) == "" {
			t.Errorf("restricted-v2 admits %+v", bad)
		}
	}
	plain.SecurityContext.RunAsUser = nil
	if d := cmp.Diff(plain, ocp); d != "" {
		t.Errorf("the sidecars differ beyond the uid (-Deployment +ArgoCD CR):\n%s", d)
	}
	volumes := map[string]bool{"var-files": true, "plugins": true} // the repo server's own
	for _, v := range cr.Spec.Repo.Volumes {
		volumes[v.Name] = true
	}
	for _, m := range ocp.VolumeMounts {
		if !volumes[m.Name] {
			t.Errorf("the ArgoCD CR sidecar mounts %s, which neither the CR nor the repo server has", m.Name)
		}
	}
}

// The install component on an OpenShift GitOps ArgoCD CR, with the real
// kustomize: the CR gets the sidecar and the generated plugin ConfigMap by
// its generated name, and no Deployment patch leaks out.
func TestArgoCDInstallOpenShift(t *testing.T) {
	tl := need(t)
	ws, path := workspace(t, tl)
	dir := filepath.Join(ws, "openshift-gitops")
	writeFile(t, filepath.Join(dir, "argocd.yaml"), "apiVersion: argoproj.io/v1beta1\nkind: ArgoCD\nmetadata:\n  name: openshift-gitops\nspec:\n  server:\n    route:\n      enabled: true\n", 0o644)
	writeFile(t, filepath.Join(dir, "kustomization.yaml"), "namespace: openshift-gitops\nresources:\n- argocd.yaml\ncomponents:\n- ../examples/argocd/install\n", 0o644)
	r := tool(t, ws, path, ws, nil, "kustomize", "build", dir)
	if r.err != nil {
		t.Fatalf("kustomize build: %s", r)
	}
	objs := keyed(t, parseStream(t, []byte(r.stdout)))
	if len(objs) != 2 {
		t.Errorf("want the ArgoCD CR and the plugin ConfigMap, got %d objects:\n%s", len(objs), r.stdout)
	}
	argocd := objs["argoproj.io/v1beta1 ArgoCD openshift-gitops/openshift-gitops"]
	if argocd == nil {
		t.Fatalf("no ArgoCD CR in:\n%s", r.stdout)
	}
	raw, _ := yaml.Marshal(argocd)
	if !strings.Contains(string(raw), "route:") {
		t.Errorf("the CR lost its own fields:\n%s", raw)
	}
	if !strings.Contains(string(raw), "sidecarContainers") || strings.Contains(string(raw), "runAsUser") {
		t.Errorf("the CR has no sidecar, or a fixed uid:\n%s", raw)
	}
	var cmName string
	for k := range objs {
		if name, ok := strings.CutPrefix(k, "v1 ConfigMap openshift-gitops/"); ok {
			cmName = name
		}
	}
	if cmName == "" || !strings.Contains(string(raw), "name: "+cmName) {
		t.Errorf("the CR's volumes do not name the generated ConfigMap %q:\n%s", cmName, raw)
	}
}

// plugin.yaml announces the parameters `vmfleet argocd` reads from
// ARGOCD_APP_PARAMETERS, no more and no fewer.
func TestPluginParameters(t *testing.T) {
	var names []string
	for _, p := range readPlugin(t).Spec.Parameters.Static {
		names = append(names, p.Name)
	}
	if d := cmp.Diff([]string{"cluster", "fleet"}, names); d != "" {
		t.Errorf("announced parameters (-read by vmfleet argocd +announced):\n%s", d)
	}
}
