//go:build e2e

package e2e

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"vmfleet.dev/vmfleet/tests/internal/testutil"
)

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
	ports, err := testutil.FreePorts(3)
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
