//go:build controllers

package controllers

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"vmfleet.dev/vmfleet/tests/internal/testutil"
)

// hubAPI is one etcd + kube-apiserver v1.34.1 pair on 127.0.0.1, started as tests/e2e starts its clusters
// (tests/e2e/cluster_test.go), with the hub controllers as processes beside it. It plays the hub and the
// self-managed spoke at once.
type hubAPI struct {
	t          *testing.T
	dir        string
	kubectl    string
	kubeconfig string
	procs      []*hubProc
}

type hubProc struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
}

const hubToken = "vmfleet-hub-token"

func hubFreePorts(t *testing.T, n int) []int {
	t.Helper()
	ports, err := testutil.FreePorts(n)
	if err != nil {
		t.Fatal(err)
	}
	return ports
}

// startHubAPI starts etcd (Debian's etcd-server) and kube-apiserver from binDir; the processes stop when the
// test ends, and their logs are printed when it failed.
func startHubAPI(t *testing.T, binDir string) *hubAPI {
	t.Helper()
	etcd, err := exec.LookPath("etcd")
	if err != nil {
		t.Fatalf("etcd: %v (make e2e-tools installs Debian's etcd-server)", err)
	}
	h := &hubAPI{t: t, dir: t.TempDir(), kubectl: filepath.Join(binDir, "kubectl")}
	t.Cleanup(h.stop)
	ports := hubFreePorts(t, 3)
	etcdClient := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	etcdPeer := fmt.Sprintf("http://127.0.0.1:%d", ports[1])
	h.spawn("etcd", nil, etcd,
		"--name=hub", "--data-dir="+filepath.Join(h.dir, "etcd"),
		"--listen-client-urls="+etcdClient, "--advertise-client-urls="+etcdClient,
		"--listen-peer-urls="+etcdPeer, "--initial-advertise-peer-urls="+etcdPeer,
		"--initial-cluster=hub="+etcdPeer,
		"--max-request-bytes=10485760", // Argo CD's ApplicationSet CRD is ~1 MB of YAML
		"--logger=zap", "--log-level=warn")
	h.waitFor("etcd to be healthy", 30*time.Second, func() error {
		resp, err := http.Get(etcdClient + "/health")
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if !bytes.Contains(b, []byte(`"true"`)) {
			return fmt.Errorf("%s", b)
		}
		return nil
	})

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	saKey, saPub, tokens := filepath.Join(h.dir, "sa.key"), filepath.Join(h.dir, "sa.pub"), filepath.Join(h.dir, "tokens.csv")
	for f, b := range map[string][]byte{
		saKey:  pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}),
		saPub:  pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}),
		tokens: []byte(hubToken + `,vmfleet-hub,vmfleet-hub,"system:masters"` + "\n"),
	} {
		if err := os.WriteFile(f, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	url := fmt.Sprintf("https://127.0.0.1:%d", ports[2])
	h.spawn("kube-apiserver", nil, filepath.Join(binDir, "kube-apiserver"),
		"--etcd-servers="+etcdClient,
		"--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", fmt.Sprintf("--secure-port=%d", ports[2]),
		"--cert-dir="+filepath.Join(h.dir, "certs"),
		"--token-auth-file="+tokens,
		"--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file="+saPub,
		"--service-account-signing-key-file="+saKey,
		"--service-cluster-ip-range=10.96.0.0/16",
		"--enable-priority-and-fairness=false")
	client := &http.Client{Timeout: 10 * time.Second,
		// the API server's self-signed certificate, on 127.0.0.1 only
		Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	h.waitFor("kube-apiserver to be ready", 3*time.Minute, func() error {
		req, _ := http.NewRequest(http.MethodGet, url+"/readyz", nil)
		req.Header.Set("Authorization", "Bearer "+hubToken)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b, _ := io.ReadAll(resp.Body)
			return fmt.Errorf("readyz %d: %s", resp.StatusCode, b)
		}
		return nil
	})
	h.kubeconfig = filepath.Join(h.dir, "kubeconfig")
	kc := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: hub
  cluster:
    server: %s
    insecure-skip-tls-verify: true
users:
- name: hub
  user:
    token: %s
contexts:
- name: hub
  context: {cluster: hub, user: hub}
current-context: hub
`, url, hubToken)
	if err := os.WriteFile(h.kubeconfig, []byte(kc), 0o600); err != nil {
		t.Fatal(err)
	}
	return h
}

// spawn starts a process with its output in DIR/NAME.log.
func (h *hubAPI) spawn(name string, env []string, bin string, args ...string) {
	h.t.Helper()
	logFile := filepath.Join(h.dir, name+".log")
	f, err := os.Create(logFile)
	if err != nil {
		h.t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = h.dir
	cmd.Stdout, cmd.Stderr = f, f
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		f.Close()
		h.t.Fatalf("start %s: %v", name, err)
	}
	p := &hubProc{name: name, cmd: cmd, log: logFile, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); f.Close(); close(p.done) }()
	h.procs = append(h.procs, p)
}

// alive fails the test when a process it started has exited.
func (h *hubAPI) alive() error {
	for _, p := range h.procs {
		select {
		case <-p.done:
			return fmt.Errorf("%s exited (%v):\n%s", p.name, p.cmd.ProcessState, tail(p.log, 40))
		default:
		}
	}
	return nil
}

// stop ends every process: SIGTERM to all at once, SIGKILL to what is left after 5 s.
func (h *hubAPI) stop() {
	for _, p := range h.procs {
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGTERM)
	}
	deadline := time.After(5 * time.Second)
	for _, p := range h.procs {
		select {
		case <-p.done:
		case <-deadline:
			_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
			<-p.done
		}
	}
	if h.t.Failed() {
		for _, p := range h.procs {
			h.t.Logf("---- %s log (last lines) ----\n%s", p.name, tail(p.log, 30))
		}
	}
	h.procs = nil
}

func tail(file string, n int) string {
	b, _ := os.ReadFile(file)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// waitFor polls f until it returns nil; the test fails with f's last error after timeout, or at once when
// a process has exited.
func (h *hubAPI) waitFor(what string, timeout time.Duration, f func() error) {
	h.t.Helper()
	if err := h.poll(timeout, f); err != nil {
		h.t.Fatalf("waiting for %s: %v", what, err)
	}
}

func (h *hubAPI) poll(timeout time.Duration, f func() error) error {
	deadline := time.Now().Add(timeout)
	for {
		err := f()
		if err == nil {
			return nil
		}
		if perr := h.alive(); perr != nil {
			return perr
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(time.Second)
	}
}

// run runs kubectl against the API server.
func (h *hubAPI) run(stdin []byte, args ...string) ([]byte, error) {
	cmd := exec.Command(h.kubectl, append([]string{"--kubeconfig", h.kubeconfig}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("kubectl %s: %w\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes(), nil
}

// apply server-side-applies YAML (one or more documents).
func (h *hubAPI) apply(yaml []byte) {
	h.t.Helper()
	if _, err := h.run(yaml, "apply", "--server-side", "--force-conflicts", "--field-manager=vmfleet-test", "-f", "-"); err != nil {
		h.t.Fatal(err)
	}
}

// applyCRDs applies CRD files, then waits for every CRD among them to be established.
func (h *hubAPI) applyCRDs(files []string) {
	h.t.Helper()
	args := []string{"apply", "--server-side", "--force-conflicts", "--field-manager=vmfleet-test"}
	for _, f := range files {
		args = append(args, "-f", f)
	}
	if _, err := h.run(nil, args...); err != nil {
		h.t.Fatal(err)
	}
	// kubectl wait fails at once on a CRD whose status has no conditions yet: wait again until it holds.
	h.waitFor("the CRDs to be established", hubWait, func() error {
		_, err := h.run(nil, "wait", "--for=condition=Established", "--timeout=60s", "crd", "--all")
		return err
	})
}

// list returns the items of `kubectl get KIND` (-A unless ns is given).
func (h *hubAPI) list(kind, ns string, extra ...string) ([]map[string]any, error) {
	args := []string{"get", kind, "-o", "json"}
	if ns == "" {
		args = append(args, "-A")
	} else {
		args = append(args, "-n", ns)
	}
	out, err := h.run(nil, append(args, extra...)...)
	if err != nil {
		return nil, err
	}
	var l struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(out, &l); err != nil {
		return nil, err
	}
	return l.Items, nil
}

// moduleDir is where the Go module cache holds MODULE@VERSION (downloaded if missing).
func moduleDir(t *testing.T, modVer string) string {
	t.Helper()
	cmd := exec.Command("go", "mod", "download", "-json", modVer)
	// The checksum database does not know config-policy-controller v0.17.0 (404); tools/config-policy-controller
	// pins it with its go.sum.
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GONOSUMDB=open-cluster-management.io/config-policy-controller")
	cmd.Dir = t.TempDir()
	out, err := cmd.Output()
	var m struct{ Dir, Error string }
	_ = json.Unmarshal(out, &m)
	if err != nil || m.Dir == "" {
		t.Fatalf("go mod download %s: %v %s", modVer, err, m.Error)
	}
	return m.Dir
}

// str digs a string out of decoded JSON: str(obj, "metadata", "name").
func str(o any, path ...string) string {
	for _, p := range path {
		m, ok := o.(map[string]any)
		if !ok {
			return ""
		}
		o = m[p]
	}
	s, _ := o.(string)
	return s
}

func field(o any, path ...string) any {
	for _, p := range path {
		m, ok := o.(map[string]any)
		if !ok {
			return nil
		}
		o = m[p]
	}
	return o
}
