// Package fn runs vmfleet as a KRM function: a ResourceList on stdin, a
// ResourceList on stdout (kustomize generators, kpt fn render / eval).
//
// Where the fleet comes from decides the mode:
//
//   - functionConfig is a VMFleet: generator mode (a kustomize `generators:`
//     entry). The output is the input items plus the hub objects, or one
//     cluster's objects when the fleet carries the annotation
//     vmfleet.dev/cluster: NAME — exactly what `vmfleet build [--cluster]`
//     prints. The copy of the fleet kustomize passes in items is returned with
//     the annotation vmfleet.dev/generated, which a kustomize replacement can
//     require, so a build that skipped the function fails instead of
//     producing nothing.
//   - no functionConfig: package mode (kpt fn render / kpt fn eval). Every
//     VMFleet item is rendered into the tree `vmfleet render` writes, next to
//     its file: fleet at DIR/fleet.yaml gives DIR/hub/, DIR/base/<vm>/ and
//     DIR/overlays/<cluster>/, each item annotated with its path, the
//     kustomization.yaml files marked local-config. An inventory,
//     DIR/.vmfleet-tree.yaml (kind VMFleetTree, local-config), lists the files
//     vmfleet generated there; the next run drops exactly those and
//     regenerates, so a second render changes nothing and the files of a VM
//     that left the fleet disappear. Generated objects carry no mark of their
//     own: they are the same objects `vmfleet render` writes.
//
// Findings become results (severity, the fleet as resourceRef, the field
// path, the fleet's file) and, because kustomize never shows results, plain
// lines on stderr. Any error finding fails the function (exit 1) and leaves
// the items as they came in.
package fn

import (
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	sdk "github.com/GoogleContainerTools/kpt-functions-sdk/go/fn"

	"vmfleet.dev/vmfleet/internal/cli"
	"vmfleet.dev/vmfleet/internal/diag"
	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/internal/objects"
	"vmfleet.dev/vmfleet/render"
)

// Annotations and names of the function's protocol.
const (
	// ClusterAnnotation on the VMFleet used as a generator's functionConfig
	// selects one cluster's objects instead of the hub's.
	ClusterAnnotation = "vmfleet.dev/cluster"
	// GeneratedAnnotation is set on the functionConfig's copy among the items
	// (kustomize passes one) once the objects are generated: "hub" or
	// "cluster/NAME". It never reaches kustomize's output (the copy is
	// local-config); examples/kustomize requires it with a replacement.
	GeneratedAnnotation = "vmfleet.dev/generated"
	// InventoryFile is the inventory's file name, next to the fleet.
	InventoryFile = ".vmfleet-tree.yaml"
	// InventoryKind is the inventory's kind, in group vmfleet.dev.
	InventoryKind = "VMFleetTree"

	fleetKind  = "VMFleet"
	group      = "vmfleet.dev"
	apiVersion = group + "/v1alpha1"

	localConfig     = "config.kubernetes.io/local-config"
	pathAnnotation  = "internal.config.kubernetes.io/path"
	indexAnnotation = "internal.config.kubernetes.io/index"
	legacyPath      = "config.kubernetes.io/path"
	legacyIndex     = "config.kubernetes.io/index"
)

// Run is vmfleet's KRM function entry point (cli.KRM): it reads a
// ResourceList from stdin, writes the resulting ResourceList to stdout and
// the findings to stderr, and returns the exit code.
func Run(io cli.IO) int {
	in, err := readAll(io.Stdin)
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet: %v\n", err)
		return cli.ExitInvalid
	}
	rl, err := sdk.ParseResourceList(in)
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet: stdin is not a KRM ResourceList: %v\n(with no arguments vmfleet is a KRM function; run 'vmfleet help' for the command line)\n", err)
		return cli.ExitInvalid
	}
	before := len(rl.Results)
	ok, err := Process(rl)
	if err != nil {
		rl.Results = append(rl.Results, sdk.ErrorResult(err))
		ok = false
	}
	for _, r := range rl.Results[before:] {
		if r.Severity == sdk.Error || r.Severity == sdk.Warning {
			fmt.Fprintln(io.Stderr, "vmfleet: "+Line(r))
		}
	}
	out, err := rl.ToYAML()
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet: write the ResourceList: %v\n", err)
		return cli.ExitInvalid
	}
	_, _ = io.Stdout.Write(out)
	if !ok {
		fmt.Fprintf(io.Stderr, "vmfleet: failed: %s; nothing was generated\n", count(rl.Results[before:]))
		return cli.ExitInvalid
	}
	return cli.ExitOK
}

// Process is the function as an SDK ResourceListProcessorFunc. It returns
// false (with the reasons in rl.Results and rl.Items unchanged) when any
// finding is an error.
var Process sdk.ResourceListProcessorFunc = process

func process(rl *sdk.ResourceList) (bool, error) {
	var (
		items   sdk.KubeObjects
		results sdk.Results
		err     error
	)
	fc := rl.FunctionConfig
	switch {
	case noConfig(fc):
		items, results, err = packageMode(rl.Items)
	case isFleet(fc):
		if f := pathed(rl.Items); f != nil {
			return fail(rl, sdk.Results{resultAt(f, sdk.Error, "", fmt.Sprintf(
				"both the functionConfig and the package hold a VMFleet: in a kpt package vmfleet reads the fleet from its file (%s); remove the function's configPath / --fn-config", pathOf(f)))})
		}
		items, results, err = generatorMode(fc, rl.Items)
	default:
		return fail(rl, sdk.Results{{Severity: sdk.Error, Message: fmt.Sprintf(
			"unsupported functionConfig %s %q: as a kustomize generator vmfleet's functionConfig is the VMFleet itself; in a kpt package it takes none (the fleet is a file of the package)",
			fc.GetKind(), fc.GetName())}})
	}
	if err != nil {
		return false, err
	}
	if hasErrors(results) {
		return fail(rl, results)
	}
	rl.Items = items
	rl.Results = append(rl.Results, results...)
	return true, nil
}

func fail(rl *sdk.ResourceList, results sdk.Results) (bool, error) {
	rl.Results = append(rl.Results, results...)
	return false, nil
}

// generatorMode returns items plus the hub's (or one cluster's) objects.
func generatorMode(fc *sdk.KubeObject, items sdk.KubeObjects) (sdk.KubeObjects, sdk.Results, error) {
	fleet, results, err := load(fc)
	if err != nil || fleet == nil {
		return nil, results, err
	}
	var objs []objects.Object
	generated := "hub"
	if c := fc.GetAnnotation(ClusterAnnotation); c != "" {
		if objs, err = fleet.Cluster(c); err != nil {
			return nil, append(results, resultAt(fc, sdk.Error, "metadata.annotations["+ClusterAnnotation+"]", err.Error())), nil
		}
		generated = "cluster/" + c
	} else {
		objs = fleet.Hub()
	}
	emit.Sort(objs)
	out := make(sdk.KubeObjects, 0, len(items)+len(objs))
	for _, it := range items {
		if isFleet(it) && it.GetName() == fc.GetName() && pathOf(it) == "" {
			// kustomize's copy of the generator config: mark it done.
			if it, err = clone(it); err != nil {
				return nil, nil, err
			}
			if err := it.SetAnnotation(GeneratedAnnotation, generated); err != nil {
				return nil, nil, err
			}
		}
		out = append(out, it)
	}
	for _, o := range objs {
		ko, err := kubeObject(o, nil)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, ko)
	}
	return out, results, nil
}

// packageMode drops what vmfleet generated before (as listed by the
// inventories) and renders every VMFleet item into the tree next to it.
func packageMode(items sdk.KubeObjects) (sdk.KubeObjects, sdk.Results, error) {
	previous := map[string]bool{}
	for _, it := range items {
		if !isInventory(it) {
			continue
		}
		files, _, err := it.NestedStringSlice("files")
		if err != nil {
			return nil, nil, fmt.Errorf("inventory %s: files: %w", pathOf(it), err)
		}
		dir := path.Dir(pathOf(it))
		for _, f := range files {
			previous[path.Join(dir, f)] = true
		}
	}
	var (
		kept    sdk.KubeObjects
		fleets  sdk.KubeObjects
		results sdk.Results
	)
	foreign := map[string]*sdk.KubeObject{} // path -> an item vmfleet did not generate
	for _, it := range items {
		p := pathOf(it)
		if isInventory(it) || (p != "" && previous[path.Clean(p)]) {
			continue
		}
		kept = append(kept, it)
		if p != "" {
			foreign[path.Clean(p)] = it
		}
		if isFleet(it) {
			fleets = append(fleets, it)
		}
	}

	type file struct {
		path  string
		fleet *sdk.KubeObject
		obj   *sdk.KubeObject
	}
	var generated []file
	owner := map[string]*sdk.KubeObject{} // path -> the fleet generating it
	for _, f := range fleets {
		fleet, found, err := load(f)
		results = append(results, found...)
		if err != nil {
			return nil, nil, err
		}
		if fleet == nil {
			continue
		}
		tree, err := fleet.Tree()
		if err != nil {
			results = append(results, resultAt(f, sdk.Error, "", err.Error()))
			continue
		}
		dir := path.Dir(pathOf(f))
		results = append(results, previousFindings(f, fleet, dir, items, previous)...)
		var listed []string
		for _, tf := range tree {
			p := path.Join(dir, tf.Path)
			anns := fileAnnotations(p)
			if path.Base(tf.Path) == render.KustomizationFile {
				anns[localConfig] = "true"
			}
			ko, err := kubeObject(tf.Object, anns)
			if err != nil {
				return nil, nil, err
			}
			generated = append(generated, file{p, f, ko})
			listed = append(listed, tf.Path)
		}
		sort.Strings(listed)
		invPath := path.Join(dir, InventoryFile)
		inv, err := inventory(fleet.Name(), listed, fileAnnotations(invPath))
		if err != nil {
			return nil, nil, err
		}
		generated = append(generated, file{invPath, f, inv})
	}
	// Collisions: reported per fleet, the first few by name.
	const shown = 3
	clashes := map[*sdk.KubeObject]int{}
	clash := func(f *sdk.KubeObject, msg string) {
		if clashes[f]++; clashes[f] <= shown {
			results = append(results, resultAt(f, sdk.Error, "", msg))
		}
	}
	for _, g := range generated {
		if other, dup := owner[g.path]; dup && other != g.fleet {
			clash(g.fleet, fmt.Sprintf("%s would be written by two fleets, %s (%s) and %s (%s): give each fleet a folder of its own",
				g.path, other.GetName(), pathOf(other), g.fleet.GetName(), pathOf(g.fleet)))
			continue
		}
		owner[g.path] = g.fleet
		if it, ok := foreign[g.path]; ok {
			clash(g.fleet, fmt.Sprintf("refusing to overwrite %s (%s %q): vmfleet did not generate it; move it away or remove it",
				g.path, it.GetKind(), it.GetName()))
		}
	}
	for _, f := range fleets {
		if n := clashes[f]; n > shown {
			results = append(results, resultAt(f, sdk.Error, "", fmt.Sprintf("… and %d more files of this fleet clash the same way", n-shown)))
		}
	}
	if hasErrors(results) {
		return nil, results, nil
	}
	out := append(sdk.KubeObjects(nil), kept...)
	for _, g := range generated {
		out = append(out, g.obj)
	}
	return out, results, nil
}

// fileAnnotations place an item in a file of its own: kpt v1 reads the
// internal.config.kubernetes.io ones, older orchestrators the others.
func fileAnnotations(p string) map[string]string {
	return map[string]string{pathAnnotation: p, legacyPath: p, indexAnnotation: "0", legacyIndex: "0"}
}

// inventory lists the files vmfleet generated next to a fleet (paths
// relative to the fleet's folder).
func inventory(fleet string, files []string, annotations map[string]string) (*sdk.KubeObject, error) {
	type meta struct {
		Name        string            `json:"name"`
		Annotations map[string]string `json:"annotations"`
	}
	inv := struct {
		APIVersion string   `json:"apiVersion"`
		Kind       string   `json:"kind"`
		Metadata   meta     `json:"metadata"`
		Files      []string `json:"files"`
	}{apiVersion, InventoryKind, meta{fleet, annotations}, files}
	annotations[localConfig] = "true"
	annotations["vmfleet.dev/description"] = "the files vmfleet generated from the fleet in this folder; " +
		"the next render replaces them all (edit the fleet, not these files)"
	data, err := emit.MapYAML(inv)
	if err != nil {
		return nil, err
	}
	return sdk.ParseKubeObject(data)
}

// load decodes, validates and plans the fleet held by a KubeObject. A nil
// fleet means its findings hold an error.
func load(o *sdk.KubeObject) (*render.Fleet, sdk.Results, error) {
	c, err := clone(o)
	if err != nil {
		return nil, nil, err
	}
	// Drop the orchestrators' bookkeeping, so the fleet decodes exactly as
	// its file does.
	for k := range c.GetAnnotations() {
		if isToolAnnotation(k) {
			if _, err := c.RemoveNestedField("metadata", "annotations", k); err != nil {
				return nil, nil, err
			}
		}
	}
	if err := c.RemoveAnnotationsIfEmpty(); err != nil {
		return nil, nil, err
	}
	fleet, findings := render.Load(pathOf(o), []byte(c.String()))
	var results sdk.Results
	for _, f := range findings {
		results = append(results, finding(o, f))
	}
	return fleet, results, nil
}

func isToolAnnotation(k string) bool {
	for _, p := range []string{"config.kubernetes.io/", "internal.config.kubernetes.io/", "config.k8s.io/", "kustomize.config.k8s.io/", "internal.kpt.dev/"} {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

// finding turns a diag finding into a result on the fleet. Lines are not
// kept: they count lines of the ResourceList's copy of the fleet, not of
// its file (orchestrators drop blank lines and add annotations).
func finding(o *sdk.KubeObject, f diag.Finding) *sdk.Result {
	r := resultAt(o, severity(f.Severity), f.Path.String(), f.Message)
	if f.Rule != "" {
		r.Tags = map[string]string{"rule": string(f.Rule)}
	}
	return r
}

func resultAt(o *sdk.KubeObject, sev sdk.Severity, field, msg string) *sdk.Result {
	r := &sdk.Result{Severity: sev, Message: msg, ResourceRef: &sdk.ResourceRef{
		APIVersion: o.GetAPIVersion(), Kind: o.GetKind(), Name: o.GetName(), Namespace: o.GetNamespace(),
	}}
	if field != "" {
		r.Field = &sdk.Field{Path: field}
	}
	if p := pathOf(o); p != "" {
		r.File = &sdk.File{Path: p, Index: index(o)}
	}
	return r
}

func severity(s diag.Severity) sdk.Severity {
	switch s {
	case diag.Error:
		return sdk.Error
	case diag.Warning:
		return sdk.Warning
	}
	return sdk.Info
}

// Line renders a result as one plain line, as vmfleet prints findings:
// "file: severity: field: message" (or "Kind/name: …" without a file).
func Line(r *sdk.Result) string {
	var b strings.Builder
	switch {
	case r.File != nil && r.File.Path != "":
		b.WriteString(r.File.Path + ": ")
	case r.ResourceRef != nil && r.ResourceRef.Name != "":
		b.WriteString(r.ResourceRef.Kind + "/" + r.ResourceRef.Name + ": ")
	}
	sev := r.Severity
	if sev == "" {
		sev = sdk.Error
	}
	b.WriteString(string(sev) + ": ")
	if r.Field != nil && r.Field.Path != "" {
		b.WriteString(r.Field.Path + ": ")
	}
	b.WriteString(r.Message)
	return b.String()
}

func hasErrors(rs sdk.Results) bool {
	for _, r := range rs {
		if r.Severity == sdk.Error || r.Severity == "" {
			return true
		}
	}
	return false
}

func count(rs sdk.Results) string {
	n := 0
	for _, r := range rs {
		if r.Severity == sdk.Error || r.Severity == "" {
			n++
		}
	}
	if n == 1 {
		return "1 error"
	}
	return fmt.Sprintf("%d errors", n)
}

// noConfig: no functionConfig, or the empty ConfigMap `kpt fn eval` passes
// when given none.
func noConfig(fc *sdk.KubeObject) bool {
	if fc == nil || fc.IsEmpty() {
		return true
	}
	if fc.GetKind() != "ConfigMap" || fc.GetAPIVersion() != "v1" {
		return false
	}
	data, _, _ := fc.NestedStringMap("data")
	return len(data) == 0
}

func isFleet(o *sdk.KubeObject) bool {
	return o.GetKind() == fleetKind && apiGroup(o.GetAPIVersion()) == group
}

func isInventory(o *sdk.KubeObject) bool {
	return o.GetKind() == InventoryKind && apiGroup(o.GetAPIVersion()) == group
}

func apiGroup(apiVersion string) string {
	g, _, _ := strings.Cut(apiVersion, "/")
	return g
}

// pathed returns the first VMFleet item read from a package file.
func pathed(items sdk.KubeObjects) *sdk.KubeObject {
	for _, it := range items {
		if isFleet(it) && pathOf(it) != "" {
			return it
		}
	}
	return nil
}

// pathOf is the item's file in the package (kpt v1 sets both annotations;
// older orchestrators only the legacy one), or "".
func pathOf(o *sdk.KubeObject) string {
	if p := o.GetAnnotation(pathAnnotation); p != "" {
		return p
	}
	return o.GetAnnotation(legacyPath)
}

func index(o *sdk.KubeObject) int {
	i := o.IndexAnnotation()
	if i < 0 {
		i = 0
	}
	return i
}

// kubeObject turns an object into a KubeObject, adding annotations.
func kubeObject(o objects.Object, annotations map[string]string) (*sdk.KubeObject, error) {
	m, err := emit.ToMap(o)
	if err != nil {
		return nil, err
	}
	if len(annotations) > 0 {
		meta, _ := m["metadata"].(map[string]any)
		if meta == nil {
			meta = map[string]any{}
			m["metadata"] = meta
		}
		anns, _ := meta["annotations"].(map[string]any)
		if anns == nil {
			anns = map[string]any{}
			meta["annotations"] = anns
		}
		for k, v := range annotations {
			anns[k] = v
		}
	}
	data, err := emit.MapYAML(m)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", emit.ID(o), err)
	}
	ko, err := sdk.ParseKubeObject(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", emit.ID(o), err)
	}
	return ko, nil
}

func clone(o *sdk.KubeObject) (*sdk.KubeObject, error) {
	return sdk.ParseKubeObject([]byte(o.String()))
}

func readAll(r io.Reader) ([]byte, error) {
	if r == nil {
		return nil, fmt.Errorf("no ResourceList on stdin")
	}
	data, err := io.ReadAll(io.LimitReader(r, cli.MaxInput+1))
	if err != nil {
		return nil, fmt.Errorf("read stdin: %w", err)
	}
	if len(data) > cli.MaxInput {
		return nil, fmt.Errorf("read stdin: the ResourceList is larger than %d MiB", cli.MaxInput>>20)
	}
	return data, nil
}
