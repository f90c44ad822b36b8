//go:build e2e

package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

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

// hasKind says whether this cluster has a CRD (or a built-in type) for group/kind.
func (c *cluster) hasCRD(group, kind string) (crdInfo, bool) {
	info, ok := c.crds[group+"/"+kind]
	return info, ok
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
