package validate_test

import (
	"fmt"
	"strings"
	"testing"

	"vmfleet.dev/vmfleet/diag"
	"vmfleet.dev/vmfleet/render"
)

// Findings of the validator echo clipped values and come capped, as the
// decoder's do: huge names where no schema limits their length (map keys,
// URLs), and many of them, give a few short lines.
func TestHugeValuesClipped(t *testing.T) {
	huge := strings.Repeat("n", 200_000)
	var keys strings.Builder
	for i := range 300 { // yaml keys are at most 1024 characters
		fmt.Fprintf(&keys, "        %s-%d: nad\n", huge[:1000], i)
	}
	f := fleet(vlan, `  clusters:
    - name: east
      accessMode: ReadWriteMany
      networks:
`+keys.String(), vm(""))
	f = strings.Replace(f, "          blank: {}\n", "          http: {url: \"https://example.com/"+huge+" x\"}\n", 1)
	_, findings := render.Load("f.yaml", []byte(f))
	if n := len(findings); n != diag.MaxFindings+1 {
		t.Fatalf("%d findings, want %d (capped) and one \"… and N more\": %.300v", n, diag.MaxFindings+1, findings)
	}
	for _, x := range findings {
		if s := x.String(); len(s) > diag.MaxPath+diag.MaxMessage+64 {
			t.Errorf("a finding of %d bytes: %.200s…", len(s), s)
		}
	}
	last := findings[len(findings)-1]
	if last.Rule != diag.RuleTooMany || last.Severity != diag.Error || !strings.HasPrefix(last.Message, "… and ") {
		t.Errorf("last finding: %v", last)
	}
	total := findings.Errors().Count()
	if total != 301 {
		t.Errorf("Errors().Count() = %d, want 301 (300 unknown networks and the url)", total)
	}
	// The path is clipped after it is located: the line is the key's.
	n := strings.Repeat("n", diag.MaxValue)
	want := `f.yaml:19: error: spec.clusters[0].networks.` + strings.Repeat("n", diag.MaxPath-len("spec.clusters[0].networks.")) +
		`…: network "` + n + `…" is not defined in spec.networks (defined: "vlan10")`
	if got := findings[0].String(); got != want {
		t.Errorf("first finding:\n%s\nwant\n%s", got, want)
	}
}

// KubeVirt refuses a VM whose memory request is below 1M (decimal); the
// request is the guest memory vmfleet sets.
func TestGuestMemory(t *testing.T) {
	sized := func(mem string) string {
		return fleet(oneCluster, strings.Replace(vm(""), "      instancetype: u1.small\n", "      cpu: {cores: 1}\n      memory: "+mem+"\n", 1))
	}
	for _, mem := range []string{"512Ki", `"999999"`, "0.5M", "1k"} {
		wantFindings(t, sized(mem), []string{`f.yaml:17: error: spec.vms[0].memory: "` + strings.Trim(mem, `"`) + `" is below 1M (1,000,000 bytes), the least memory KubeVirt starts a VM with: give the guest its real size, e.g. 2Gi`})
	}
	for _, mem := range []string{"1M", `"1000000"`, "1Mi", "2Gi"} {
		wantFindings(t, sized(mem), nil)
	}
}
