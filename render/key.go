package render

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"hash"
	"runtime"
	"sync"
	"unsafe"
)

// Keys names what each file is made from, for the writer's memo (see
// internal/write Key): the SHA-256 of the object's JSON. A file's YAML is
// made from that JSON alone (emit.YAML: ToMap, then MapYAML), so for one
// vmfleet program two objects with the same JSON give the same bytes; the
// memo is only used by the program that wrote it. Marshalling to JSON
// costs a fraction of the YAML (no emitter, no map), and runs on every
// CPU. Kustomizations, nine in ten files of a large tree and most of its
// bytes, are keyed by their fields directly (kustomizationKey).
func Keys(files []File) ([][sha256.Size]byte, error) {
	keys := make([][sha256.Size]byte, len(files))
	errs := make([]error, len(files))
	workers := min(runtime.GOMAXPROCS(0), len(files))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			h := sha256.New()
			for i := w; i < len(files); i += workers {
				if k, ok := files[i].Object.(*Kustomization); ok {
					keys[i] = kustomizationKey(h, k)
					continue
				}
				data, err := json.Marshal(files[i].Object)
				if err != nil {
					errs[i] = err
					continue
				}
				keys[i] = sha256.Sum256(data)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return keys, nil
}

// kustomizationKey hashes every field of k, each length-prefixed (and the
// nil-ness of Resources, which JSON tells apart from empty), after a
// domain text no JSON document starts with. Its test checks it covers
// every field of Kustomization, Patch and Target, and that two
// kustomizations share a key exactly when their JSON is the same.
func kustomizationKey(h hash.Hash, k *Kustomization) [sha256.Size]byte {
	h.Reset()
	var n [binary.MaxVarintLen64]byte
	num := func(v int) { h.Write(n[:binary.PutUvarint(n[:], uint64(v))]) }
	text := func(s string) {
		num(len(s))
		// The hash only reads the bytes: no copy of a patch's text.
		h.Write(unsafe.Slice(unsafe.StringData(s), len(s)))
	}
	text("vmfleet kustomization key 1")
	text(k.APIVersion)
	text(k.Kind)
	if k.Resources == nil {
		num(0)
	} else {
		num(1)
	}
	num(len(k.Resources))
	for _, r := range k.Resources {
		text(r)
	}
	num(len(k.Patches))
	for _, p := range k.Patches {
		text(p.Target.Group)
		text(p.Target.Version)
		text(p.Target.Kind)
		text(p.Target.Namespace)
		text(p.Target.Name)
		text(p.Patch)
	}
	var key [sha256.Size]byte
	h.Sum(key[:0])
	return key
}
