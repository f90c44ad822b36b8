//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

var (
	env      paths
	ck       *checker
	freshHub *cluster
)

// hcoVersions are the HyperConverged CRDs every HyperConverged object is checked against. The newest
// is installed in the main cluster; each other one gets a cluster of its own holding only that CRD.
var hcoVersions = []string{"v1.18.1", "v1.16.0"}

// noCRD lists kinds vmfleet emits for which no served module ships a CRD: objects of these kinds are
// reported as NOT CHECKED (never silently passed).
var noCRD = map[string]string{}

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	var err error
	if env, err = findPaths(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	mods, err := moduleCRDs(env)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	ck = &checker{skip: map[string]string{}, ledger: newLedger()}
	for k, v := range noCRD {
		ck.skip[k] = v
	}

	// One cluster set per HCO version; the main one holds every CRD.
	type spec struct {
		name string
		crds []crdFile
	}
	type hcoCRD struct {
		version string
		file    crdFile
	}
	var hco []hcoCRD
	for _, v := range hcoVersions {
		f := filepath.Join(env.hcoDir, "hyperconverged-hco-"+v+".crd.yaml")
		if _, err := os.Stat(f); err != nil {
			fmt.Printf("e2e: WARNING: %s is absent: HyperConverged is NOT checked against HCO %s\n", f, v)
			continue
		}
		hco = append(hco, hcoCRD{v, crdFile{path: f, source: "file " + f + " (HCO " + v + ")"}})
	}
	specs := []spec{{"main", append([]crdFile{}, mods...)}}
	if len(hco) == 0 {
		ck.skip["hco.kubevirt.io/HyperConverged"] = "no CRD available: no hyperconverged-hco-*.crd.yaml in " + env.hcoDir
	} else {
		specs[0].crds = append(specs[0].crds, hco[0].file)
		for _, h := range hco[1:] {
			specs = append(specs, spec{"hco-" + h.version, []crdFile{h.file}})
		}
	}
	// A hub with every CRD and no namespace at all, for the fresh-hub apply (freshhub_test.go).
	specs = append(specs, spec{"fresh-hub", specs[0].crds})

	clusters := make([]*cluster, len(specs))
	errs := make([]error, len(specs))
	var wg sync.WaitGroup
	for i, s := range specs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			clusters[i], errs[i] = startCluster(env, s.name, s.crds)
			// freePorts closes its listeners before the servers bind: with several clusters starting at
			// once (and other processes on the machine) a port can be taken in between. Once more, on new ports.
			if errs[i] != nil && strings.Contains(errs[i].Error(), "address already in use") {
				clusters[i], errs[i] = startCluster(env, s.name, s.crds)
			}
		}()
	}
	wg.Wait()
	defer func() {
		for _, c := range clusters {
			if c != nil {
				c.stop()
			}
		}
	}()
	for _, err := range errs {
		if err != nil {
			fmt.Fprintln(os.Stderr, "e2e:", err)
			return 1
		}
	}
	ck.main, ck.variants = clusters[0], clusters[1:len(clusters)-1]
	freshHub = clusters[len(clusters)-1]

	fmt.Println("e2e: CRD sources:")
	for _, c := range clusters {
		var lines []string
		for _, info := range c.crds {
			lines = append(lines, fmt.Sprintf("  [%s] %s", c.name, info))
		}
		sort.Strings(lines)
		fmt.Println(strings.Join(lines, "\n"))
	}
	for k, why := range ck.skip {
		fmt.Printf("e2e: NOTE: %s: %s\n", k, why)
	}

	code := m.Run()
	fmt.Printf("\ne2e: objects checked (server-side apply, fieldValidation=Strict):\n%s", ck.ledger.report())
	return code
}
