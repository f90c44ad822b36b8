package modes

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

const argoFleet = "examples/argocd/fleet.yaml"

// argoApp is one Application of the example's ApplicationSet, as the
// ApplicationSet controller would make it for a cluster.
type argoApp struct {
	name, namespace, project string
	source                   appSource
	cluster                  string
}

func argoApps(t *testing.T) []argoApp {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repo, "examples/argocd/applicationset.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var appset map[string]any
	if err := yaml.Unmarshal(data, &appset); err != nil {
		t.Fatal(err)
	}
	src := appSetSource(t, appset)
	tmpl := appset["spec"].(map[string]any)["template"].(map[string]any)
	tspec := tmpl["spec"].(map[string]any)
	var apps []argoApp
	for _, c := range clusters {
		app := argoApp{
			name:      strings.ReplaceAll(str(tmpl, "metadata", "name"), "{{name}}", c),
			namespace: str(tspec, "destination", "namespace"),
			project:   str(tspec, "project"),
			source:    src,
			cluster:   c,
		}
		app.source.Plugin.Env = nil
		for _, e := range src.Plugin.Env {
			e.Value = strings.ReplaceAll(e.Value, "{{name}}", c)
			app.source.Plugin.Env = append(app.source.Plugin.Env, e)
		}
		apps = append(apps, app)
	}
	return apps
}

// argoEnv is the environment argocd-cmp-server gives the generate command:
// its own (the sidecar's PATH) plus the build environment of the
// Application and its plugin env as ARGOCD_ENV_<NAME> (empty values dropped,
// as cmpserver/plugin.environ does).
func argoEnv(app argoApp, pathEnv string) []string {
	const revision = "f913b6cbf58aa5ae5ca1f8a2b149477aebcbd9d8"
	entries := [][2]string{
		{"ARGOCD_APP_NAME", app.name},
		{"ARGOCD_APP_NAMESPACE", app.namespace},
		{"ARGOCD_APP_PROJECT_NAME", app.project},
		{"ARGOCD_APP_REVISION", revision},
		{"ARGOCD_APP_REVISION_SHORT", revision[:7]},
		{"ARGOCD_APP_REVISION_SHORT_8", revision[:8]},
		{"ARGOCD_APP_SOURCE_REPO_URL", app.source.RepoURL},
		{"ARGOCD_APP_SOURCE_PATH", app.source.Path},
		{"ARGOCD_APP_SOURCE_TARGET_REVISION", app.source.TargetRevision},
		{"KUBE_VERSION", "1.34.1"},
		{"KUBE_API_VERSIONS", "v1,apps/v1,kubevirt.io/v1,argoproj.io/v1alpha1"},
	}
	for _, e := range app.source.Plugin.Env {
		entries = append(entries, [2]string{"ARGOCD_ENV_" + e.Name, e.Value})
	}
	env := []string{"PATH=" + pathEnv, "HOME=/home/argocd"}
	for _, e := range entries {
		if e[0] != "" && e[1] != "" {
			env = append(env, e[0]+"="+e[1])
		}
	}
	return env
}

// lookPath finds a command as exec.Command would with PATH=pathEnv.
func lookPath(t *testing.T, name, pathEnv string) string {
	t.Helper()
	if strings.Contains(name, "/") {
		return name
	}
	for _, d := range filepath.SplitList(pathEnv) {
		if st, err := os.Stat(filepath.Join(d, name)); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return filepath.Join(d, name)
		}
	}
	t.Fatalf("%s is not on the plugin's PATH %s", name, pathEnv)
	return ""
}

// generate runs plugin.yaml's generate as argocd-cmp-server does
// (cmpserver/plugin.runCommand): command[0] with command[1:] and args, no
// shell unless the command is one, in the Application's source path.
func generate(t *testing.T, p pluginConfig, appDir string, env []string, pathEnv string) result {
	t.Helper()
	argv := append(append([]string(nil), p.Spec.Generate.Command...), p.Spec.Generate.Args...)
	cmd := exec.Command(lookPath(t, argv[0], pathEnv), argv[1:]...)
	cmd.Args[0] = argv[0]
	cmd.Dir = appDir
	cmd.Env = env
	return runCmd(t, cmd)
}

// sourceRepo lays out a checkout as the repo server would: the fleet's
// folder (examples/argocd) at the Application's source path.
func sourceRepo(t *testing.T, app argoApp) string {
	t.Helper()
	root := t.TempDir()
	appDir := filepath.Join(root, filepath.FromSlash(app.source.Path))
	copyDir(t, filepath.Join(repo, "examples/argocd"), appDir)
	return appDir
}

func TestArgoCDPlugin(t *testing.T) {
	tl := need(t)
	p := readPlugin(t)
	// The sidecar's PATH holds the two programs (and here nothing else).
	binDir := t.TempDir()
	mustLink(t, tl.vmfleet, filepath.Join(binDir, "vmfleet"))
	mustLink(t, tl.cached, filepath.Join(binDir, "vmfleet-cached"))

	for _, app := range argoApps(t) {
		t.Run(app.cluster, func(t *testing.T) {
			appDir := sourceRepo(t, app)
			if p.Spec.Discover.FileName != "" {
				if m, _ := filepath.Glob(filepath.Join(appDir, p.Spec.Discover.FileName)); len(m) == 0 {
					t.Errorf("discover.fileName %q matches nothing in the source path", p.Spec.Discover.FileName)
				}
			}
			r := generate(t, p, appDir, argoEnv(app, binDir), binDir)
			if r.err != nil {
				t.Fatalf("generate: %s", r)
			}
			want := vmfleet(t, tl, "build", filepath.Join(repo, argoFleet), "--cluster", app.cluster)
			if r.stdout != string(want) {
				t.Errorf("generate's stdout is not `vmfleet build --cluster %s`, byte for byte:\n%s", app.cluster, r)
			}
			if strings.Contains(r.stderr, "error") {
				t.Errorf("generate printed errors: %s", r.stderr)
			}
		})
	}

	t.Run("cache hit without the full program", func(t *testing.T) { cacheHit(t, tl, p) })

	app := argoApps(t)[1]
	t.Run("invalid fleet", func(t *testing.T) {
		appDir := sourceRepo(t, app)
		edit(t, filepath.Join(appDir, "fleet.yaml"), "      accessMode: ReadWriteOnce\n", "      accessMode: ReadWriteOnce\n      bogus: 1\n")
		r := generate(t, p, appDir, argoEnv(app, binDir), binDir)
		if r.err == nil || r.stdout != "" || !strings.Contains(r.stderr, `fleet.yaml:`) || !strings.Contains(r.stderr, `error: spec.clusters[1].bogus: unknown field "bogus"`) {
			t.Errorf("an invalid fleet must fail with the finding on stderr and nothing on stdout: %s", r)
		}
	})
	t.Run("cluster not in the fleet", func(t *testing.T) {
		other := app
		other.source.Plugin.Env = append(other.source.Plugin.Env[:0:0], other.source.Plugin.Env...)
		other.source.Plugin.Env[0].Value = "spoke-dc-v9"
		r := generate(t, p, sourceRepo(t, other), argoEnv(other, binDir), binDir)
		if r.err == nil || r.stdout != "" || !strings.Contains(r.stderr, `cluster "spoke-dc-v9" is not in fleet "payments" (clusters: [spoke-dc-v6 spoke-dc-v7])`) {
			t.Errorf("an unknown cluster must fail clearly: %s", r)
		}
	})
	t.Run("no cluster", func(t *testing.T) {
		none := app
		none.source.Plugin.Env = nil
		r := generate(t, p, sourceRepo(t, none), argoEnv(none, binDir), binDir)
		if r.err == nil || r.stdout != "" || !strings.Contains(r.stderr, "ARGOCD_ENV_CLUSTER is not set") {
			t.Errorf("an Application without plugin env CLUSTER must fail clearly: %s", r)
		}
	})
}

// The generate command fills the build cache on the first Application of a
// commit (vmfleet-cached execs vmfleet, which builds the fleet's pack), and
// serves the others from it without running vmfleet: after the fill the
// full program is made unexecutable (chmod, which its cache identity does
// not include), and every Application still gets `vmfleet build`'s bytes;
// a miss (a changed fleet) then fails to run it, which proves the hits
// never did.
func cacheHit(t *testing.T, tl tools, p pluginConfig) {
	binDir := t.TempDir() // copies: the chmod must not touch bin/vmfleet
	for src, name := range map[string]string{tl.vmfleet: "vmfleet", tl.cached: "vmfleet-cached"} {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(binDir, name), string(data), 0o755)
	}
	cache := filepath.Join(t.TempDir(), "cache")
	apps := argoApps(t)
	appDir := sourceRepo(t, apps[0])
	env := func(app argoApp) []string {
		return append(argoEnv(app, binDir), "VMFLEET_CACHE_DIR="+cache)
	}
	want := map[string]string{}
	for _, app := range apps {
		want[app.cluster] = string(vmfleet(t, tl, "build", filepath.Join(repo, argoFleet), "--cluster", app.cluster))
	}
	if r := generate(t, p, appDir, env(apps[0]), binDir); r.err != nil || r.stdout != want[apps[0].cluster] {
		t.Fatalf("the first generate (fills the cache) is not `vmfleet build --cluster %s`: %s", apps[0].cluster, r)
	}
	if m, _ := filepath.Glob(filepath.Join(cache, "*.pack")); len(m) != 1 {
		t.Fatalf("the first generate left %d packs, want 1", len(m))
	}
	if err := os.Chmod(filepath.Join(binDir, "vmfleet"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, app := range apps {
		r := generate(t, p, appDir, env(app), binDir)
		if r.err != nil || r.stdout != want[app.cluster] || r.stderr != "" {
			t.Errorf("a cache hit for %s is not `vmfleet build --cluster %s` without running vmfleet: %s", app.cluster, app.cluster, r)
		}
	}
	// A hit into a closed pipe fails as vmfleet does: SIGPIPE ignored, the
	// write's EPIPE reported, exit 4.
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	pr.Close()
	var stderr strings.Builder
	cmd := exec.Command(filepath.Join(binDir, "vmfleet-cached"), "argocd")
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = appDir, env(apps[0]), pw, &stderr
	err = cmd.Run()
	pw.Close()
	if code := exitCode(err); code != 4 || !strings.Contains(stderr.String(), "vmfleet: write stdout: ") || !strings.Contains(stderr.String(), "broken pipe") {
		t.Errorf("a hit into a closed pipe: exit %d, stderr %q; want exit 4 and vmfleet's message", code, stderr.String())
	}

	edit(t, filepath.Join(appDir, "fleet.yaml"), "      accessMode: ReadWriteOnce\n", "      accessMode: ReadWriteOnce # edited\n")
	r := generate(t, p, appDir, env(apps[0]), binDir)
	if code := exitCode(r.err); code != 4 || r.stdout != "" || !strings.Contains(r.stderr, "vmfleet-cached: run "+filepath.Join(binDir, "vmfleet")+": permission denied") {
		t.Errorf("a miss must run vmfleet, which cannot run here (exit 4): exit %d, %s", code, r)
	}
}

func exitCode(err error) int {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// The README's recipe prints the same bytes.
func TestArgoCDReadme(t *testing.T) {
	tl := need(t)
	ws, path := workspace(t, tl)
	r := runBlock(t, ws, path, readmeBlocks(t)["argocd-generate"])
	if r.err != nil {
		t.Fatalf("README argocd-generate: %s", r)
	}
	if want := vmfleet(t, tl, "build", filepath.Join(repo, argoFleet), "--cluster", "spoke-dc-v7"); r.stdout != string(want) {
		t.Errorf("README argocd-generate is not `vmfleet build --cluster spoke-dc-v7`:\n%s", r)
	}
}

// The install component patches a repo server (a stand-in for Argo CD's
// argocd-repo-server Deployment, with its volumes) with the real kustomize.
func TestArgoCDInstall(t *testing.T) {
	tl := need(t)
	ws, path := workspace(t, tl)
	dir := filepath.Join(ws, "argocd-install")
	writeFile(t, filepath.Join(dir, "repo-server.yaml"), `apiVersion: apps/v1
kind: Deployment
metadata:
  name: argocd-repo-server
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: argocd-repo-server}
  template:
    metadata:
      labels: {app.kubernetes.io/name: argocd-repo-server}
    spec:
      containers:
        - name: argocd-repo-server
          image: quay.io/argoproj/argocd:v2.14.21
      volumes:
        - {name: var-files, emptyDir: {}}
        - {name: plugins, emptyDir: {}}
`, 0o644)
	writeFile(t, filepath.Join(dir, "kustomization.yaml"), "namespace: argocd\nresources:\n- repo-server.yaml\ncomponents:\n- ../examples/argocd/install\n", 0o644)
	r := tool(t, ws, path, ws, nil, "kustomize", "build", dir)
	if r.err != nil {
		t.Fatalf("kustomize build: %s", r)
	}
	objs := keyed(t, parseStream(t, []byte(r.stdout)))
	dep := objs["apps/v1 Deployment argocd/argocd-repo-server"]
	if dep == nil {
		t.Fatalf("no repo server in:\n%s", r.stdout)
	}
	raw, _ := yaml.Marshal(dep)
	var d struct {
		Spec struct {
			Template struct {
				Spec struct {
					Containers []struct {
						Name, Image     string
						Command         []string
						Env             []struct{ Name, Value string }
						SecurityContext struct {
							RunAsUser    int64 `json:"runAsUser"`
							RunAsNonRoot bool  `json:"runAsNonRoot"`
						} `json:"securityContext"`
						VolumeMounts []struct {
							Name      string
							MountPath string `json:"mountPath"`
							SubPath   string `json:"subPath"`
						} `json:"volumeMounts"`
					}
					Volumes []struct {
						Name      string
						ConfigMap *struct{ Name string } `json:"configMap"`
					}
				}
			}
		}
	}
	if err := yaml.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	spec := d.Spec.Template.Spec
	if len(spec.Containers) != 2 {
		t.Fatalf("want the repo server and the sidecar, got %d containers", len(spec.Containers))
	}
	side := spec.Containers[0]
	if side.Name == "argocd-repo-server" {
		side = spec.Containers[1]
	}
	if len(side.Command) != 1 || side.Command[0] != "/var/run/argocd/argocd-cmp-server" {
		t.Errorf("the sidecar runs %v, want /var/run/argocd/argocd-cmp-server", side.Command)
	}
	if side.SecurityContext.RunAsUser != 999 || !side.SecurityContext.RunAsNonRoot {
		t.Errorf("the sidecar runs as %+v, want uid 999, non-root", side.SecurityContext)
	}
	mounts := map[string]string{}
	for _, m := range side.VolumeMounts {
		mounts[m.MountPath] = m.Name + "/" + m.SubPath
	}
	volumes := map[string]string{}
	for _, v := range spec.Volumes {
		volumes[v.Name] = ""
		if v.ConfigMap != nil {
			volumes[v.Name] = v.ConfigMap.Name
		}
	}
	for _, want := range []string{"/var/run/argocd", "/home/argocd/cmp-server/plugins", "/home/argocd/cmp-server/config/plugin.yaml", "/tmp"} {
		name, ok := mounts[want]
		if !ok {
			t.Errorf("the sidecar does not mount %s", want)
			continue
		}
		if _, ok := volumes[strings.Split(name, "/")[0]]; !ok {
			t.Errorf("%s mounts volume %s, which the pod lacks", want, name)
		}
	}
	cmName := volumes[strings.Split(mounts["/home/argocd/cmp-server/config/plugin.yaml"], "/")[0]]
	cm := objs["v1 ConfigMap argocd/"+cmName]
	plugin, _ := os.ReadFile(filepath.Join(repo, "examples/argocd/install/plugin.yaml"))
	if cm == nil || str(cm, "data", "plugin.yaml") != string(plugin) {
		t.Errorf("the plugin ConfigMap %q does not hold plugin.yaml", cmName)
	}
	if strings.Split(mounts["/home/argocd/cmp-server/config/plugin.yaml"], "/")[1] != "plugin.yaml" {
		t.Errorf("plugin.yaml is not mounted by subPath plugin.yaml")
	}

	// The generate command must be found on the sidecar's PATH, in the image
	// the Dockerfile builds.
	var pathEnv string
	for _, e := range side.Env {
		if e.Name == "PATH" {
			pathEnv = e.Value
		}
	}
	dockerfile, _ := os.ReadFile(filepath.Join(repo, "Dockerfile"))
	p := readPlugin(t)
	m := regexp.MustCompile(`(?m)^COPY\s+\S*/` + regexp.QuoteMeta(p.Spec.Generate.Command[0]) + `\s+(\S+)\s*$`).FindStringSubmatch(string(dockerfile))
	if m == nil {
		t.Fatalf("the Dockerfile copies no %s binary", p.Spec.Generate.Command[0])
	}
	// The front finds the full program beside itself.
	if !regexp.MustCompile(`(?m)^COPY\s+\S*/vmfleet\s+` + regexp.QuoteMeta(filepath.Join(filepath.Dir(m[1]), "vmfleet")) + `\s*$`).MatchString(string(dockerfile)) {
		t.Errorf("the Dockerfile does not put vmfleet beside %s", m[1])
	}
	found := false
	for _, d := range filepath.SplitList(pathEnv) {
		if filepath.Join(d, p.Spec.Generate.Command[0]) == filepath.Clean(m[1]) {
			found = true
		}
	}
	if !found {
		t.Errorf("the sidecar's PATH %q does not find %s at %s, where the image has it", pathEnv, p.Spec.Generate.Command[0], m[1])
	}
}
