package generators_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

func readNames(t *testing.T, file string) map[string]bool {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			out[l] = true
		}
	}
	return out
}

// The platform list ships only what ACM's default list lacks, and only
// series KubeVirt has (both lists are upstream data in testdata/).
func TestPlatformMetrics(t *testing.T) {
	acm := readNames(t, "testdata/acm-default-kubevirt-series.txt")
	kubevirt := readNames(t, "testdata/kubevirt-v1.6.0-metrics.txt")
	if len(acm) < 30 || len(kubevirt) < 100 {
		t.Fatalf("testdata too small: %d ACM, %d KubeVirt names", len(acm), len(kubevirt))
	}
	for _, m := range generators.PlatformMetrics {
		if acm[m] {
			t.Errorf("%s is already in ACM's default allowlist", m)
		}
		if !kubevirt[m] {
			t.Errorf("%s is not a KubeVirt v1.6.0 metric", m)
		}
	}
}

func TestObservabilityAllowlist(t *testing.T) {
	f := base()
	cm := generators.ObservabilityAllowlist(plan.Build(f))[0].(*objects.ConfigMap)
	if strings.Contains(cm.Data["metrics_list.yaml"], "matches") {
		t.Errorf("the blanket kubevirt_ match is opt-in:\n%s", cm.Data["metrics_list.yaml"])
	}
	f.Spec.Observability.AllKubevirtSeries = true
	cm = generators.ObservabilityAllowlist(plan.Build(f))[0].(*objects.ConfigMap)
	if !strings.Contains(cm.Data["metrics_list.yaml"], "matches:\n  - '__name__=~\"kubevirt_.*\"'\n") {
		t.Errorf("opted in, the match is a regex:\n%s", cm.Data["metrics_list.yaml"])
	}
	f.Spec.Virtualization.ManagedBy = "platform"
	if objs := generators.ObservabilityAllowlist(plan.Build(f)); len(objs) != 0 {
		t.Errorf("the hub allowlist belongs to the baseline owner")
	}
}
