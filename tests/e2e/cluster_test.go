//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

// paths says where the prepared tools and CRDs are (see hack/e2e-tools.sh).
type paths struct {
	root   string // repository root
	cache  string // .cache
	bin    string // .cache/e2e/bin: kube-apiserver, kubectl
	crds   string // .cache/crds: module CRDs + SOURCES
	hcoDir string // ../shared/crds: HyperConverged CRDs as data
	etcd   string // etcd binary
}

func findPaths() (paths, error) {
	wd, err := os.Getwd()
	if err != nil {
		return paths{}, err
	}
	p := paths{root: filepath.Clean(filepath.Join(wd, "..", ".."))}
	p.cache = envOr("E2E_CACHE", filepath.Join(p.root, ".cache"))
	p.bin = filepath.Join(p.cache, "e2e", "bin")
	p.crds = filepath.Join(p.cache, "crds")
	p.hcoDir = envOr("E2E_HCO_CRD_DIR", filepath.Join(p.root, "..", "shared", "crds"))
	if p.etcd, err = exec.LookPath("etcd"); err != nil {
		return p, fmt.Errorf("etcd not found in PATH (run `make e2e-tools`): %w", err)
	}
	for _, b := range []string{"kube-apiserver", "kubectl"} {
		if _, err := os.Stat(filepath.Join(p.bin, b)); err != nil {
			return p, fmt.Errorf("%s not built (run `make e2e-tools`): %w", b, err)
		}
	}
	if _, err := os.Stat(filepath.Join(p.crds, "SOURCES")); err != nil {
		return p, fmt.Errorf("CRDs not collected (run `make e2e-tools`): %w", err)
	}
	return p, nil
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// crdFile is one CRD document to install and where it came from.
type crdFile struct {
	path   string
	source string // module@version path, or a file
}

// crdInfo is what we learned about an installed CRD.
type crdInfo struct {
	name     string   // plural.group
	group    string   //
	kind     string   //
	versions []string // served versions
	source   string   // module@version path, or file
}

func (c crdInfo) String() string {
	return fmt.Sprintf("CRD %s %v from %s", c.name, c.versions, c.source)
}

// apiResource is one resource as discovery reports it.
type apiResource struct {
	name       string
	namespaced bool
}

// cluster is one etcd + kube-apiserver pair on 127.0.0.1.
type cluster struct {
	name       string // "main", "hco-v1.16.0"
	dir        string
	url        string
	token      string
	kubeconfig string
	client     *http.Client
	procs      []*proc

	mu         sync.Mutex
	crds       map[string]crdInfo                // group/Kind → CRD
	discovery  map[string]map[string]apiResource // apiVersion → Kind → resource
	namespaces map[string]bool                   // created so far
}

const e2eToken = "vmfleet-e2e-token"

// proc is a process this harness started; done closes when it exits.
type proc struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
	err  error
}

func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// startCluster starts etcd and kube-apiserver with their own temp dir and free ports, waits until the
// API server is ready, writes a kubeconfig and installs the CRDs.
func startCluster(p paths, name string, crds []crdFile) (*cluster, error) {
	dir, err := os.MkdirTemp("", "vmfleet-e2e-"+name+"-")
	if err != nil {
		return nil, err
	}
	c := &cluster{
		name: name, dir: dir, token: e2eToken,
		crds: map[string]crdInfo{}, discovery: map[string]map[string]apiResource{}, namespaces: map[string]bool{},
		client: &http.Client{
			Timeout: 3 * time.Minute, // generous: the machine may be busy
			// The API server serves a self-signed certificate it generated into its cert dir; this client
			// only ever talks to 127.0.0.1.
			Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
		},
	}
	start := time.Now()
	if err := c.start(p); err != nil {
		c.stop()
		return nil, fmt.Errorf("cluster %s: %w", name, err)
	}
	started := time.Since(start)
	if err := c.installCRDs(crds); err != nil {
		c.stop()
		return nil, fmt.Errorf("cluster %s: %w", name, err)
	}
	fmt.Printf("e2e: cluster %q: etcd + kube-apiserver ready in %.1fs, %d CRDs established in %.1fs (kubeconfig %s)\n",
		name, started.Seconds(), len(crds), (time.Since(start) - started).Seconds(), c.kubeconfig)
	return c, nil
}

func (c *cluster) start(p paths) error {
	ports, err := freePorts(3)
	if err != nil {
		return err
	}
	etcdClient := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	etcdPeer := fmt.Sprintf("http://127.0.0.1:%d", ports[1])
	if err := c.spawn("etcd", p.etcd,
		"--name=e2e", "--data-dir="+filepath.Join(c.dir, "etcd"),
		"--listen-client-urls="+etcdClient, "--advertise-client-urls="+etcdClient,
		"--listen-peer-urls="+etcdPeer, "--initial-advertise-peer-urls="+etcdPeer,
		"--initial-cluster=e2e="+etcdPeer,
		"--max-request-bytes=10485760", // Argo CD's ApplicationSet CRD is ~1 MB of YAML
		"--logger=zap", "--log-level=warn",
	); err != nil {
		return err
	}
	if err := waitFor(30*time.Second, func() error {
		resp, err := http.Get(etcdClient + "/health")
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || !bytes.Contains(b, []byte(`"true"`)) {
			return fmt.Errorf("etcd health: %d %s", resp.StatusCode, b)
		}
		return nil
	}); err != nil {
		return fmt.Errorf("etcd did not become healthy: %w\n%s", err, c.logTail("etcd"))
	}

	// Service-account keys: kube-apiserver 1.34 refuses to start without an issuer and signing key.
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return err
	}
	saKey := filepath.Join(c.dir, "sa.key")
	saPub := filepath.Join(c.dir, "sa.pub")
	tokens := filepath.Join(c.dir, "tokens.csv")
	for f, b := range map[string][]byte{
		saKey:  pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}),
		saPub:  pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}),
		tokens: []byte(c.token + `,vmfleet-e2e,vmfleet-e2e,"system:masters"` + "\n"),
	} {
		if err := os.WriteFile(f, b, 0o600); err != nil {
			return err
		}
	}
	c.url = fmt.Sprintf("https://127.0.0.1:%d", ports[2])
	if err := c.spawn("kube-apiserver", filepath.Join(p.bin, "kube-apiserver"),
		"--etcd-servers="+etcdClient,
		"--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", fmt.Sprintf("--secure-port=%d", ports[2]),
		"--cert-dir="+filepath.Join(c.dir, "certs"), // self-signed serving cert generated here
		"--token-auth-file="+tokens,
		"--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file="+saPub,
		"--service-account-signing-key-file="+saKey,
		"--service-cluster-ip-range=10.96.0.0/16",
		"--enable-priority-and-fairness=false",
	); err != nil {
		return err
	}
	if err := waitFor(3*time.Minute, func() error {
		if err := c.checkProcs(); err != nil {
			return backoffStop{err}
		}
		_, err := c.do("GET", "/readyz", "", nil)
		return err
	}); err != nil {
		return fmt.Errorf("kube-apiserver did not become ready: %w\n%s", err, c.logTail("kube-apiserver"))
	}
	c.kubeconfig = filepath.Join(c.dir, "kubeconfig")
	kc := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    server: %s
    insecure-skip-tls-verify: true
users:
- name: e2e
  user:
    token: %s
contexts:
- name: e2e
  context: {cluster: e2e, user: e2e}
current-context: e2e
`, c.url, c.token)
	return os.WriteFile(c.kubeconfig, []byte(kc), 0o600)
}

func (c *cluster) spawn(name, bin string, args ...string) error {
	logf, err := os.Create(filepath.Join(c.dir, name+".log"))
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("start %s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, done: make(chan struct{})}
	c.procs = append(c.procs, p)
	go func() { p.err = cmd.Wait(); logf.Close(); close(p.done) }()
	return nil
}

func (c *cluster) checkProcs() error {
	for _, p := range c.procs {
		select {
		case <-p.done:
			return fmt.Errorf("%s exited: %w", p.name, p.err)
		default:
		}
	}
	return nil
}

func (c *cluster) logTail(name string) string {
	b, _ := os.ReadFile(filepath.Join(c.dir, name+".log"))
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > 30 {
		lines = lines[len(lines)-30:]
	}
	return "--- last lines of " + name + ".log:\n" + strings.Join(lines, "\n")
}

// stop ends the processes this cluster started (by their own pids, newest first) and removes its dir
// unless E2E_KEEP is set.
func (c *cluster) stop() {
	for i := len(c.procs) - 1; i >= 0; i-- {
		p := c.procs[i]
		select {
		case <-p.done:
			continue
		default:
		}
		_ = p.cmd.Process.Signal(syscall.SIGTERM) // it may have exited since
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	}
	if os.Getenv("E2E_KEEP") != "" {
		fmt.Printf("e2e: kept %s\n", c.dir)
		return
	}
	os.RemoveAll(c.dir)
}

type backoffStop struct{ error }

func waitFor(d time.Duration, f func() error) error {
	deadline := time.Now().Add(d)
	var err error
	for time.Now().Before(deadline) {
		if err = f(); err == nil {
			return nil
		}
		var stop backoffStop
		if errors.As(err, &stop) {
			return stop.error
		}
		time.Sleep(100 * time.Millisecond)
	}
	return err
}

// apiError is a non-2xx answer from the API server, with its Status decoded.
type apiError struct {
	code   int
	status struct {
		Message string `json:"message"`
		Reason  string `json:"reason"`
		Details struct {
			Causes []struct {
				Reason  string `json:"reason"`
				Message string `json:"message"`
				Field   string `json:"field"`
			} `json:"causes"`
		} `json:"details"`
	}
	body string
}

func (e *apiError) Error() string {
	if e.status.Message == "" {
		return fmt.Sprintf("HTTP %d: %s", e.code, strings.TrimSpace(e.body))
	}
	msg := fmt.Sprintf("HTTP %d %s: %s", e.code, e.status.Reason, e.status.Message)
	for _, cause := range e.status.Details.Causes {
		if cause.Field != "" && !strings.Contains(e.status.Message, cause.Field) {
			msg += fmt.Sprintf("\n    field %s: %s", cause.Field, cause.Message)
		}
	}
	return msg
}

func (e *apiError) notFound() bool { return e.code == http.StatusNotFound }
func (e *apiError) conflict() bool { return e.code == http.StatusConflict }

// response is a 2xx answer.
type response struct {
	body     []byte
	warnings []string
}

func (c *cluster) do(method, path, contentType string, body []byte) (*response, error) {
	req, err := http.NewRequestWithContext(context.Background(), method, c.url+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		e := &apiError{code: resp.StatusCode, body: string(b)}
		_ = json.Unmarshal(b, &e.status)
		return nil, e
	}
	r := &response{body: b}
	for _, w := range resp.Header.Values("Warning") {
		// RFC 7234 warning: 299 - "text"
		if i := strings.Index(w, `"`); i >= 0 {
			w = strings.TrimSuffix(w[i+1:], `"`)
		}
		r.warnings = append(r.warnings, w)
	}
	return r, nil
}

// installCRDs applies every CRD server-side and waits until each is Established.
func (c *cluster) installCRDs(files []crdFile) error {
	type job struct {
		doc []byte
		src crdFile
	}
	var jobs []job
	for _, f := range files {
		data, err := os.ReadFile(f.path)
		if err != nil {
			return err
		}
		docs, err := splitYAML(data)
		if err != nil {
			return fmt.Errorf("%s: %w", f.path, err)
		}
		for _, doc := range docs {
			jobs = append(jobs, job{doc, f})
		}
	}
	// Decoding and applying the big ones (Argo CD's ApplicationSet is ~1 MB) takes a while: in parallel.
	infos := make([]*crdInfo, len(jobs))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u, err := decodeYAML(j.doc)
			if err != nil {
				errs[i] = fmt.Errorf("%s: %w", j.src.path, err)
				return
			}
			if str(u, "kind") != "CustomResourceDefinition" {
				return
			}
			info := crdInfo{name: str(u, "metadata", "name"), group: str(u, "spec", "group"),
				kind: str(u, "spec", "names", "kind"), source: j.src.source}
			for _, v := range list(u, "spec", "versions") {
				if vm, ok := v.(map[string]any); ok && vm["served"] == true {
					info.versions = append(info.versions, fmt.Sprint(vm["name"]))
				}
			}
			q := url.Values{"fieldManager": {"vmfleet-e2e"}, "force": {"true"}}
			if _, err := c.do("PATCH", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/"+info.name+"?"+q.Encode(),
				"application/apply-patch+yaml", j.doc); err != nil {
				errs[i] = fmt.Errorf("install %s (%s): %w", info.name, j.src.source, err)
				return
			}
			infos[i] = &info
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	var names []string
	for _, info := range infos {
		if info != nil {
			c.crds[info.group+"/"+info.kind] = *info
			names = append(names, info.name)
		}
	}
	for _, n := range names {
		if err := waitFor(3*time.Minute, func() error {
			r, err := c.do("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/"+n, "", nil)
			if err != nil {
				return err
			}
			var crd struct {
				Status struct {
					Conditions []struct{ Type, Status, Message string }
				}
			}
			if err := json.Unmarshal(r.body, &crd); err != nil {
				return err
			}
			for _, cond := range crd.Status.Conditions {
				if cond.Type == "NonStructuralSchema" && cond.Status == "True" {
					return backoffStop{fmt.Errorf("CRD %s: non-structural schema: %s", n, cond.Message)}
				}
				if cond.Type == "Established" && cond.Status == "True" {
					return nil
				}
			}
			return fmt.Errorf("CRD %s not Established yet", n)
		}); err != nil {
			return err
		}
	}
	return nil
}

// resourceFor finds the REST resource for apiVersion/kind through discovery (cached; retried briefly
// because discovery of a just-established CRD can lag).
func (c *cluster) resourceFor(apiVersion, kind string) (apiResource, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if rs, ok := c.discovery[apiVersion]; ok {
		r, ok := rs[kind]
		return r, ok, nil
	}
	path := "/apis/" + apiVersion
	if apiVersion == "v1" {
		path = "/api/v1"
	}
	var list struct {
		Resources []struct {
			Name       string `json:"name"`
			Kind       string `json:"kind"`
			Namespaced bool   `json:"namespaced"`
		} `json:"resources"`
	}
	// Retry briefly only for a group/version one of our CRDs serves: its discovery can lag.
	wait := 100 * time.Millisecond
	for _, info := range c.crds {
		for _, v := range info.versions {
			if info.group+"/"+v == apiVersion {
				wait = 5 * time.Second
			}
		}
	}
	err := waitFor(wait, func() error {
		r, err := c.do("GET", path, "", nil)
		if err != nil {
			return err
		}
		return json.Unmarshal(r.body, &list)
	})
	rs := map[string]apiResource{}
	if err != nil {
		var ae *apiError
		if !errors.As(err, &ae) || !ae.notFound() {
			return apiResource{}, false, fmt.Errorf("discovery of %s: %w", apiVersion, err)
		}
	}
	for _, r := range list.Resources {
		if !strings.Contains(r.Name, "/") {
			rs[r.Kind] = apiResource{name: r.Name, namespaced: r.Namespaced}
		}
	}
	c.discovery[apiVersion] = rs
	r, ok := rs[kind]
	return r, ok, nil
}

// hasKind says whether this cluster has a CRD (or a built-in type) for group/kind.
func (c *cluster) hasCRD(group, kind string) (crdInfo, bool) {
	info, ok := c.crds[group+"/"+kind]
	return info, ok
}

func objectPath(apiVersion string, r apiResource, namespace, name string) string {
	p := "/apis/" + apiVersion
	if apiVersion == "v1" {
		p = "/api/v1"
	}
	if r.namespaced {
		p += "/namespaces/" + url.PathEscape(namespace)
	}
	return p + "/" + r.name + "/" + url.PathEscape(name)
}

// ensureNamespace creates a namespace (once) so that namespaced objects can be checked in it.
func (c *cluster) ensureNamespace(ns string) error {
	c.mu.Lock()
	done := c.namespaces[ns]
	c.mu.Unlock()
	if done || ns == "" {
		return nil
	}
	body := fmt.Sprintf(`{"apiVersion":"v1","kind":"Namespace","metadata":{"name":%q}}`, ns)
	if _, err := c.do("POST", "/api/v1/namespaces?fieldManager=vmfleet-e2e", "application/json", []byte(body)); err != nil {
		var ae *apiError
		if !errors.As(err, &ae) || !ae.conflict() {
			return fmt.Errorf("create namespace %s: %w", ns, err)
		}
	}
	c.mu.Lock()
	c.namespaces[ns] = true
	c.mu.Unlock()
	return nil
}

// kubectl runs the kubectl built alongside kube-apiserver against this cluster.
func (c *cluster) kubectl(p paths, stdin []byte, args ...string) (string, int, error) {
	cmd := exec.Command(filepath.Join(p.bin, "kubectl"), append([]string{"--kubeconfig", c.kubeconfig}, args...)...)
	cmd.Stdin = bytes.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return out.String(), ee.ExitCode(), nil
	}
	return out.String(), 0, err
}

// moduleCRDs lists the CRDs hack/e2e-tools.sh collected, from its SOURCES file.
func moduleCRDs(p paths) ([]crdFile, error) {
	b, err := os.ReadFile(filepath.Join(p.crds, "SOURCES"))
	if err != nil {
		return nil, err
	}
	var files []crdFile
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		file, src, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("SOURCES: bad line %q", line)
		}
		files = append(files, crdFile{path: filepath.Join(p.crds, file), source: src})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].path < files[j].path })
	return files, nil
}
