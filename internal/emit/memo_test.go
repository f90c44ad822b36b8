package emit

import (
	"fmt"
	"sync"
	"testing"

	"vmfleet.dev/vmfleet/objects"
)

// Streams of lists that share objects (same JSON, different pointers) and
// differ in others come out as Stream makes them, from any goroutine; a
// changed object is never served its twin's document.
func TestMemoStreamIsStream(t *testing.T) {
	list := func(c int) []objects.Object {
		var objs []objects.Object
		for i := range 30 {
			objs = append(objs, objects.NewConfigMap("ns", fmt.Sprintf("cm-%02d", i), map[string]string{"shared": "yes"}))
		}
		objs = append(objs, objects.NewConfigMap("ns", "own", map[string]string{"cluster": fmt.Sprint(c)}), objects.NewNamespace("ns"))
		return objs
	}
	var m Memo
	var wg sync.WaitGroup
	for c := range 16 {
		wg.Go(func() {
			for range 3 {
				want, err := Stream(list(c))
				if err != nil {
					t.Error(err)
					return
				}
				got, err := m.Stream(list(c))
				if err != nil || string(got) != string(want) {
					t.Errorf("cluster %d: memo stream differs (%v)", c, err)
				}
			}
		})
	}
	wg.Wait()
	if _, err := m.Stream([]objects.Object{unmarshalable{"x"}}); err == nil {
		t.Error("an unmarshalable object streamed")
	}
}
