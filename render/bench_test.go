package render_test

// Benchmarks of vmfleet at fleet scale, on fleets from tests/scale/fixture.
// Not run by `go test ./...` (no -bench); see BENCHMARKS.md and `make bench`:
//
//	go test -run '^$' -bench . -benchmem -count 6 ./render/ | tee new.txt
//	benchstat old.txt new.txt
//
// Sizes: 10x10, 100x100, 350x20 and 3500x20 (clusters x VMs, with the
// fixture's mix of VMs on every cluster and on subsets). Besides ns/op,
// B/op and allocs/op each benchmark reports cpu-ns/op (user+system CPU time
// of the process per op: on a shared machine it moves much less than wall
// time), ns/cluster (wall time per fleet cluster: compare 350x20 with
// 3500x20 to see it stay flat as the fleet grows) and, where there is
// output, its size in bytes. BenchmarkRender writes under $TMPDIR.

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/internal/write"
	"vmfleet.dev/vmfleet/objects"
	"vmfleet.dev/vmfleet/render"
	"vmfleet.dev/vmfleet/tests/scale/cpuclock"
	"vmfleet.dev/vmfleet/tests/scale/fixture"
)

// 350x20 is 3500x20 with a tenth of the clusters: ns/cluster of the two
// shows how time per cluster holds as the fleet grows.
var sizes = []fixture.Options{
	{Clusters: 10, VMs: 10},
	{Clusters: 100, VMs: 100},
	{Clusters: 350, VMs: 20},
	{Clusters: 3500, VMs: 20},
}

var (
	fleetsMu sync.Mutex
	fleets   = map[fixture.Options][]byte{}
)

func fleetData(o fixture.Options) []byte {
	fleetsMu.Lock()
	defer fleetsMu.Unlock()
	if d, ok := fleets[o]; ok {
		return d
	}
	d := fixture.Generate(o)
	fleets[o] = d
	return d
}

func name(o fixture.Options) string { return fmt.Sprintf("%dx%d", o.Clusters, o.VMs) }

func load(b *testing.B, data []byte) *render.Fleet {
	fleet, findings := render.Load("fleet.yaml", data)
	if fleet == nil {
		b.Fatalf("fixture does not load:\n%s", findings.Error())
	}
	return fleet
}

// report adds cpu-ns/op and ns/cluster; cpu is the CPU time the ops used.
func report(b *testing.B, o fixture.Options, cpu time.Duration) {
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(o.Clusters), "ns/cluster")
}

// measure runs body as the benchmark loop and reports its figures.
func measure(b *testing.B, o fixture.Options, body func()) {
	b.ReportAllocs()
	cpu := cpuclock.Now()
	for b.Loop() {
		body()
	}
	report(b, o, cpuclock.Now()-cpu)
}

// BenchmarkLoad: decode + defaults + validate + plan (render.Load).
func BenchmarkLoad(b *testing.B) {
	for _, o := range sizes {
		data := fleetData(o)
		b.Run(name(o), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			measure(b, o, func() { load(b, data) })
		})
	}
}

// BenchmarkTree: the whole render, in memory: Load + Tree + every file
// serialized to YAML (what `vmfleet render` does before it writes).
func BenchmarkTree(b *testing.B) {
	for _, o := range sizes {
		data := fleetData(o)
		b.Run(name(o), func(b *testing.B) {
			var written int
			measure(b, o, func() {
				files, err := load(b, data).Tree()
				if err != nil {
					b.Fatal(err)
				}
				written = 0
				for _, f := range files {
					doc, err := emit.YAML(f.Object)
					if err != nil {
						b.Fatal(err)
					}
					written += len(doc)
				}
			})
			b.ReportMetric(float64(written), "out-bytes")
		})
	}
}

// BenchmarkRender: the whole render to disk, as `vmfleet render -o DIR`
// into a new folder: Load + Tree + emit.Documents + write.Tree. Removing the tree after
// each op is not timed (neither wall nor CPU).
func BenchmarkRender(b *testing.B) {
	for _, o := range sizes {
		data := fleetData(o)
		b.Run(name(o), func(b *testing.B) {
			b.ReportAllocs()
			tmp := b.TempDir()
			var cpu time.Duration
			i := 0
			for b.Loop() {
				start := cpuclock.Now()
				dir := filepath.Join(tmp, fmt.Sprint(i))
				i++
				files, err := load(b, data).Tree()
				if err != nil {
					b.Fatal(err)
				}
				objs := make([]objects.Object, len(files))
				for k, f := range files {
					objs[k] = f.Object
				}
				docs, err := emit.Documents(objs)
				if err != nil {
					b.Fatal(err)
				}
				tree := make([]write.File, len(files))
				for k, f := range files {
					tree[k] = write.File{Path: f.Path, Data: docs[k]}
				}
				if err := write.Tree(dir, tree, write.Options{Fleet: "bench"}); err != nil {
					b.Fatal(err)
				}
				cpu += cpuclock.Now() - start
				b.StopTimer()
				if err := os.RemoveAll(dir); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			report(b, o, cpu)
		})
	}
}

// BenchmarkBuildCluster: one cluster's build, as the Argo CD plugin runs it
// on every refresh (`vmfleet build --cluster C`): Load + Cluster + Stream.
// The cluster is spoke-0000, which runs the most VMs of the fixture.
func BenchmarkBuildCluster(b *testing.B) {
	for _, o := range sizes {
		data := fleetData(o)
		b.Run(name(o), func(b *testing.B) {
			var out []byte
			measure(b, o, func() {
				objs, err := load(b, data).Cluster(fixture.ClusterName(0))
				if err != nil {
					b.Fatal(err)
				}
				if out, err = emit.Stream(objs); err != nil {
					b.Fatal(err)
				}
			})
			b.ReportMetric(float64(len(out)), "out-bytes")
		})
	}
}

// BenchmarkBuildHub: the hub's objects, as `vmfleet build FLEET`: Load + Hub
// + Stream (placements and the ApplicationSet list every cluster).
func BenchmarkBuildHub(b *testing.B) {
	for _, o := range sizes {
		data := fleetData(o)
		b.Run(name(o), func(b *testing.B) {
			var out []byte
			measure(b, o, func() {
				var err error
				if out, err = emit.Stream(load(b, data).Hub()); err != nil {
					b.Fatal(err)
				}
			})
			b.ReportMetric(float64(len(out)), "out-bytes")
		})
	}
}
