package cli

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"vmfleet.dev/vmfleet/internal/buildcache"
	"vmfleet.dev/vmfleet/internal/emit"
	"vmfleet.dev/vmfleet/render"
)

// lockWait is how long a build waits for another process building the same
// fleet's pack before it builds on its own: above a 3,500-cluster fleet's
// pack build, below Argo CD's default 90 s timeout for a plugin.
const lockWait = 60 * time.Second

// runBuildCluster prints one cluster's objects. The Argo CD plugin runs it
// for every Application of every commit, so its cost must follow the
// cluster, not the fleet; yet a fleet invalid anywhere must build nowhere,
// and validating a fleet means reading all of it. So the first build of a
// fleet's bytes validates the fleet once and generates every cluster's
// output into the build cache (see package buildcache); the other clusters'
// builds then only hash the fleet and read their entry. The cache holds
// only what a successful build printed, keyed by the exact bytes: an
// invalid fleet is validated (and refused) every time. The Argo CD plugin
// runs the front program vmfleet-cached (internal/front), which serves
// those hits without starting this program and runs it for the rest.
func runBuildCluster(io IO, file, cluster string) int {
	data, err := readInput(io, file)
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet: %v\n", err)
		return ExitInvalid
	}
	return buildCluster(io, displayName(file), data, cluster)
}

// buildCluster prints cluster's objects of the fleet data read from name.
func buildCluster(io IO, name string, data []byte, cluster string) int {
	cache := openCache(io)
	var key buildcache.Key
	if cache != nil {
		key = buildcache.KeyOf(identity(), name, data)
		if serveCached(io, cache, key, cluster) {
			return ExitOK
		}
		if unlock, ok := cache.Lock(key, lockWait); ok {
			defer unlock()
			if serveCached(io, cache, key, cluster) { // built while this one waited
				return ExitOK
			}
		} else {
			cache = nil
		}
	}
	if cache != nil {
		limitMemory(len(data)) // the whole fleet's output is made: as a render
	}
	var findings bytes.Buffer
	fleet := loadData(io, &findings, name, data)
	if fleet == nil {
		return ExitInvalid
	}
	if _, err := fleet.Cluster(cluster); err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet build: %v\n", err)
		return ExitInvalid
	}
	if cache == nil {
		return printCluster(io, fleet, cluster)
	}
	out, entries, err := buildAll(fleet, cluster)
	if err != nil {
		fmt.Fprintf(io.Stderr, "vmfleet build: %v\n", err)
		return ExitInvalid
	}
	_ = cache.Put(key, findings.Bytes(), entries) // a cache that cannot be written is only slower
	_, _ = io.Stdout.Write(out)
	return ExitOK
}

func serveCached(io IO, cache *buildcache.Dir, key buildcache.Key, cluster string) bool {
	out, stderr, ok := cache.Get(key, cluster)
	if !ok {
		return false
	}
	_, _ = io.Stderr.Write(stderr)
	_, _ = io.Stdout.Write(out)
	return true
}

func printCluster(io IO, fleet *render.Fleet, cluster string) int {
	objs, err := fleet.Cluster(cluster)
	if err == nil {
		var out []byte
		if out, err = emit.Stream(objs); err == nil {
			_, _ = io.Stdout.Write(out)
			return ExitOK
		}
	}
	fmt.Fprintf(io.Stderr, "vmfleet build: %v\n", err)
	return ExitInvalid
}

// buildAll makes every cluster's entry, on every CPU, and returns the named
// cluster's output: the bytes printCluster prints (emit.Memo streams the
// same bytes as emit.Stream, turning each object shared between clusters
// into YAML once).
func buildAll(fleet *render.Fleet, cluster string) ([]byte, []buildcache.Compressed, error) {
	names := fleet.ClusterNames()
	entries := make([]buildcache.Compressed, len(names))
	errs := make([]error, len(names))
	var own []byte
	var memo emit.Memo
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(names)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(names) {
					return
				}
				objs, err := fleet.Cluster(names[i])
				var out []byte
				if err == nil {
					out, err = memo.Stream(objs)
				}
				if err == nil {
					entries[i], err = buildcache.Compress(buildcache.Entry{Name: names[i], Data: out})
				}
				if names[i] == cluster {
					own = out
				}
				errs[i] = err
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, nil, err
		}
	}
	return own, entries, nil
}

// openCache opens the build cache (buildcache.FromEnv: $VMFLEET_CACHE_DIR),
// or returns nil when it is off or cannot be used (a build without the
// cache is slower, never wrong).
func openCache(io IO) *buildcache.Dir {
	getenv := io.Env
	if getenv == nil {
		getenv = os.Getenv
	}
	cache := buildcache.FromEnv(getenv)
	if cache == nil || identity() == "" {
		return nil
	}
	return cache
}

// identity names this vmfleet program for the cache key: the identity of
// its binary file (buildcache.Identity), which the front program
// (cmd/vmfleet-cached) computes for the vmfleet it would run, so both find
// the same packs. Empty when the binary cannot be found: no cache then.
var identity = sync.OnceValue(func() string { return identityOf(os.Executable) })

func identityOf(executable func() (string, error)) string {
	exe, err := executable()
	if err != nil {
		return ""
	}
	id, err := buildcache.Identity(exe)
	if err != nil {
		return ""
	}
	return id
}
