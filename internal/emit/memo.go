package emit

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"sync"

	"vmfleet.dev/vmfleet/objects"
)

// Memo streams many object lists that share objects, as the clusters of a
// fleet do (namespaces, VMs of the same variant): YAML of an object depends
// only on its JSON (see YAML), so each distinct JSON is turned into YAML
// once. An object's document is kept from its second sighting on, so
// objects that occur once (most per-cluster ones) cost no memory. Safe for
// concurrent use.
type Memo struct {
	docs sync.Map // sha256 of the JSON -> []byte, nil when seen once
}

// Stream is Stream(objs), with each document memoized.
func (m *Memo) Stream(objs []objects.Object) ([]byte, error) { return stream(objs, m.yaml) }

func (m *Memo) yaml(o objects.Object) ([]byte, error) {
	raw, err := json.Marshal(o)
	if err != nil {
		return nil, fmt.Errorf("marshal %s: %w", ID(o), err)
	}
	key := sha256.Sum256(raw)
	seen, again := m.docs.LoadOrStore(key, []byte(nil))
	if doc := seen.([]byte); doc != nil {
		return doc, nil
	}
	doc, err := YAML(o)
	if err != nil {
		return nil, err
	}
	if again {
		m.docs.Store(key, doc)
	}
	return doc, nil
}
