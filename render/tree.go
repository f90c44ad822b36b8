package render

import (
	"encoding/json"
	"fmt"
	"path"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"vmfleet.dev/vmfleet/api/v1alpha1"
	"vmfleet.dev/vmfleet/generators"
	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/internal/jsonpatch"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/plan"
)

// Tree folders. Cluster and VM names are DNS-1123 labels (validated), so
// the paths below never leave the output folder.
const (
	HubDir            = "hub"
	BaseDir           = "base"
	OverlaysDir       = "overlays"
	KustomizationFile = "kustomization.yaml"
	// NamespacesDir holds one folder per namespace the clusters use, shared
	// by every overlay: a namespace object, like a guest-metrics allowlist,
	// depends only on the fleet and the namespace, so one file serves every
	// cluster instead of one file per cluster (4 of 5 files of a 3,500-
	// cluster tree were namespace files).
	NamespacesDir = "namespaces"
	// GuestMetricsDir, under a namespace's folder, holds that namespace's
	// guest-metrics allowlist ConfigMap, for the clusters that scrape VMs
	// there.
	GuestMetricsDir = "guest-metrics"
)

// File is one file of the rendered tree; Path is slash-separated and
// relative to the output folder.
type File struct {
	Path   string
	Object objects.Object
}

// Tree lays the fleet out as the GitOps tree: hub/, base/<vm>/,
// namespaces/<namespace>/ and overlays/<cluster>/, each with its
// kustomization.yaml. Overlays are the
// JSON-patch difference between the base VM and that cluster's VM.
func (f *Fleet) Tree() ([]File, error) {
	p := f.Plan
	var files []File
	add := func(dir string, objs []objects.Object) []string {
		var names []string
		for _, o := range objs {
			name := FileName(dir, o)
			files = append(files, File{Path: path.Join(dir, name), Object: o})
			names = append(names, name)
		}
		sort.Strings(names)
		return names
	}

	// The hub's objects read the plan only, as the clusters' below do: they
	// are made on another CPU meanwhile (a third of a large tree's time).
	hubDone := make(chan []objects.Object, 1)
	go func() { hubDone <- f.Hub() }()

	base := map[string]map[string]any{} // VM name -> base VirtualMachine, as JSON values
	for _, vm := range p.VMs {
		if !vm.Present() {
			continue // absent everywhere: no base, Argo CD prunes the VM
		}
		in := p.Instance(vm, nil)
		objs := generators.InstanceObjects(p, in)
		m, err := emit.ToMap(objs[0])
		if err != nil {
			return nil, err
		}
		base[vm.Spec.Name] = m
		dir := path.Join(BaseDir, vm.Spec.Name)
		files = append(files, File{Path: path.Join(dir, KustomizationFile), Object: kustomization(add(dir, objs), nil)})
	}

	// Namespaces and allowlists are the same on every cluster that has them
	// (generators.Namespaces and generators.GuestMetricsAllowlists read the
	// fleet and the namespace, not the cluster): each lives once, in its
	// folder under namespaces/, which the overlays list as a resource.
	// shared checks that claim for every object it is handed.
	sharedObj := map[string]objects.Object{}
	shared := func(dir string, o objects.Object) (string, error) {
		if first, ok := sharedObj[dir]; ok {
			if !reflect.DeepEqual(first, o) {
				return "", fmt.Errorf("%s differs between clusters: it cannot be shared in %s", emit.ID(o), dir)
			}
		} else {
			sharedObj[dir] = o
			files = append(files, File{Path: path.Join(dir, KustomizationFile), Object: kustomization(add(dir, []objects.Object{o}), nil)})
		}
		return "../../" + dir, nil
	}

	// A patch depends only on the base and the cluster's VM, and across a
	// fleet most clusters share a few shapes (storage, node selector, mapped
	// networks, eviction): the cluster VM is generated and diffed once per
	// distinct instance settings, see variantKey.
	made := map[string]*Patch{}
	var sources sourceIDs
	var keyBuf []byte
	for _, c := range p.Clusters {
		dir := path.Join(OverlaysDir, c.Spec.Name)
		var resources []string
		for _, ns := range generators.Namespaces(p, c) {
			_, name := ns.Meta()
			ref, err := shared(path.Join(NamespacesDir, name), ns)
			if err != nil {
				return nil, err
			}
			resources = append(resources, ref)
		}
		for _, cm := range generators.GuestMetricsAllowlists(p, c) {
			ns, _ := cm.Meta()
			ref, err := shared(path.Join(NamespacesDir, ns, GuestMetricsDir), cm)
			if err != nil {
				return nil, err
			}
			resources = append(resources, ref)
		}
		// A VM's snapshot CronJob and its namespace's account stay with the
		// overlay: only the clusters that run the VM get them.
		resources = append(resources, add(dir, generators.Snapshots(p, c))...)
		var patches []Patch
		for _, in := range c.Instances {
			resources = append(resources, "../../"+BaseDir+"/"+in.VM.Spec.Name)
			keyBuf = variantKey(keyBuf, in, &sources)
			patch, ok := made[string(keyBuf)] // looked up without a copy
			if !ok {
				var err error
				if patch, err = vmPatch(base[in.VM.Spec.Name], generators.VirtualMachine(p, in)); err != nil {
					return nil, err
				}
				made[string(keyBuf)] = patch
			}
			if patch != nil {
				patches = append(patches, *patch)
			}
		}
		files = append(files, File{Path: path.Join(dir, KustomizationFile), Object: kustomization(resources, patches)})
	}
	hub := <-hubDone
	files = append(files, File{Path: path.Join(HubDir, KustomizationFile), Object: kustomization(add(HubDir, hub), nil)})
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// variantKey holds everything generators.VirtualMachine reads of an
// instance besides the fleet: the VM (by name, unique in the fleet) and the
// settings the plan resolved for the cluster (disks, eviction, node
// selector, networks, the VM's cluster overrides). Two instances with the same key have the same
// VirtualMachine. Field paths (Setting.From) only feed findings. The
// equivalence tests (kustomize build of each overlay against vmfleet build
// --cluster, which generates every VM afresh) would catch a generator that
// starts to read more of the cluster.
//
// The key is appended to buf[:0] (one buffer for a whole tree: 45,000
// instances at 3,500 clusters), and disk sources are numbered by sources.
func variantKey(buf []byte, in *plan.Instance, sources *sourceIDs) []byte {
	b := buf[:0]
	field := func(s string) {
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
	}
	num := func(n int) {
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, ';')
	}
	field(in.VM.Spec.Name)
	field(in.Eviction.Value)
	field(strconv.FormatBool(in.GuestMetrics))
	field(string(in.State))
	field(string(in.PowerOwner))
	field(in.Instancetype.Value)
	field(in.RunStrategy.Value)
	field(in.CloudInitSecret.Value)
	num(len(in.Disks))
	for _, d := range in.Disks {
		field(d.Name)
		field(d.Volume)
		field(d.Size)
		field(d.StorageClass)
		field(d.VolumeMode)
		field(d.AccessMode.Value)
		field(strconv.FormatBool(d.NodePull))
		num(sources.id(d.Source))
	}
	num(len(in.NodeSelector))
	keys := make([]string, 0, len(in.NodeSelector))
	for k := range in.NodeSelector {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		field(k)
		field(in.NodeSelector[k])
	}
	num(len(in.Networks))
	for _, a := range in.Networks {
		field(a.Name)
		field(a.NetworkName)
		field(a.Address)
		field(a.MAC)
	}
	field(in.PodMAC)
	return b
}

// sourceIDs numbers disk sources by their JSON, so a key holds a number
// instead of the source. A source is a few pointers into the VM's spec,
// shared by its instances: a comparable map key, marshalled once.
type sourceIDs struct {
	bySource map[v1alpha1.DiskSource]int
	byJSON   map[string]int
}

func (s *sourceIDs) id(src v1alpha1.DiskSource) int {
	if id, ok := s.bySource[src]; ok {
		return id
	}
	if s.bySource == nil {
		s.bySource, s.byJSON = map[v1alpha1.DiskSource]int{}, map[string]int{}
	}
	b, _ := json.Marshal(src) // a few small pointers: cannot fail
	id, ok := s.byJSON[string(b)]
	if !ok {
		id = len(s.byJSON)
		s.byJSON[string(b)] = id
	}
	s.bySource[src] = id
	return id
}

// FileName is <kind>_<name>.yaml, with the namespace as a sub-folder on the
// hub where one name can live in several namespaces.
func FileName(dir string, o objects.Object) string {
	_, kind := o.GVK()
	ns, name := o.Meta()
	file := strings.ToLower(kind) + "_" + name + ".yaml"
	if dir == HubDir && ns != "" {
		return ns + "/" + file
	}
	return file
}

func vmPatch(from map[string]any, cluster objects.Object) (*Patch, error) {
	to, err := emit.ToMap(cluster)
	if err != nil {
		return nil, err
	}
	ops := jsonpatch.Diff(from, to)
	if len(ops) == 0 {
		return nil, nil
	}
	// The ops as JSON values (what Op.MarshalJSON writes), so MapYAML
	// marshals them directly instead of through JSON.
	generic := make([]any, len(ops))
	for i, op := range ops {
		if op.Op == "remove" {
			generic[i] = map[string]any{"op": op.Op, "path": op.Path}
		} else {
			generic[i] = map[string]any{"op": op.Op, "path": op.Path, "value": op.Value}
		}
	}
	text, err := emit.MapYAML(generic)
	if err != nil {
		return nil, fmt.Errorf("patch for %s: %w", emit.ID(cluster), err)
	}
	apiVersion, kind := cluster.GVK()
	group, version, _ := strings.Cut(apiVersion, "/")
	ns, name := cluster.Meta()
	return &Patch{Target: Target{Group: group, Version: version, Kind: kind, Namespace: ns, Name: name}, Patch: string(text)}, nil
}
