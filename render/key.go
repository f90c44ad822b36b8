package render

import (
	"crypto/sha256"
	"encoding/json"
	"runtime"
	"sync"
)

// Keys names what each file is made from, for the writer's memo (see
// internal/write Key): the SHA-256 of the object's JSON. A file's YAML is made from
// that JSON alone (emit.YAML: ToMap, then MapYAML), so for one vmfleet
// program two objects with the same JSON give the same bytes; the memo is
// only used by the program that wrote it. Marshalling to JSON costs a
// fraction of the YAML (no emitter, no map), and on every CPU.
func Keys(files []File) ([][sha256.Size]byte, error) {
	keys := make([][sha256.Size]byte, len(files))
	errs := make([]error, len(files))
	workers := min(runtime.GOMAXPROCS(0), len(files))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(files); i += workers {
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
