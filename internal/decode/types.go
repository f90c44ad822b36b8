package decode

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// fieldInfo is one field of a struct as the fleet file spells it.
type fieldInfo struct {
	name     string
	index    []int // for reflect.Value.FieldByIndex, through inline structs
	required bool
}

// structInfo is what decoding needs to know about a struct type.
type structInfo struct {
	fields []fieldInfo
	byName map[string]int
	names  []string // field names, in declaration order, for suggestions
}

var structInfos sync.Map // reflect.Type -> *structInfo

// structInfoOf reads the json tags of t, once per type. Fields named by their
// json tag; an embedded struct with an empty name (`json:",inline"`) has its
// fields flattened into t, as encoding/json does. A field is required when
// its tag has no omitempty and it is not a pointer.
func structInfoOf(t reflect.Type) *structInfo {
	if si, ok := structInfos.Load(t); ok {
		return si.(*structInfo)
	}
	si := &structInfo{byName: map[string]int{}}
	addFields(si, t, nil)
	for _, f := range si.fields {
		si.names = append(si.names, f.name)
	}
	actual, _ := structInfos.LoadOrStore(t, si)
	return actual.(*structInfo)
}

func addFields(si *structInfo, t reflect.Type, prefix []int) {
	var inline []reflect.StructField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			inline = append(inline, f)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if _, dup := si.byName[name]; dup {
			continue // a shallower field of the same name wins
		}
		index := append(append([]int(nil), prefix...), f.Index...)
		required := !hasOpt(opts, "omitempty") && !hasOpt(opts, "inline") && f.Type.Kind() != reflect.Pointer
		si.byName[name] = len(si.fields)
		si.fields = append(si.fields, fieldInfo{name: name, index: index, required: required})
	}
	for _, f := range inline {
		addFields(si, f.Type, append(append([]int(nil), prefix...), f.Index...))
	}
}

func hasOpt(opts, want string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == want {
			return true
		}
	}
	return false
}

// suggest returns the field name closest to key (case-insensitive edit
// distance, a swap of two letters counting one), or "" when none is close.
func suggest(key string, names []string) string {
	if len(key) > 64 || key == "" {
		return ""
	}
	lk := strings.ToLower(key)
	limit := len(lk) / 3
	if limit < 1 {
		limit = 1
	}
	best, bestD := "", limit+1
	for _, n := range names {
		dist := distance(lk, strings.ToLower(n), bestD)
		if dist < bestD {
			best, bestD = n, dist
		}
	}
	return best
}

// distance is the optimal string alignment distance between a and b (bytes),
// giving up (returning max) once it cannot be below max.
func distance(a, b string, max int) int {
	if d := len(a) - len(b); d >= max || -d >= max {
		return max
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin >= max {
			return max
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], max)
}

// FieldPath returns the path of key under parent: parent.key when key is
// made of letters, digits, '-' and '_', else parent["key"] (Go-quoted).
func FieldPath(parent, key string) string {
	return string(appendKey([]byte(parent), key))
}

// IndexPath returns the path of item i of the list at parent: parent[i].
func IndexPath(parent string, i int) string {
	return parent + "[" + strconv.Itoa(i) + "]"
}

func appendKey(path []byte, key string) []byte {
	if !plainKey(key) {
		path = append(path, '[')
		path = strconv.AppendQuote(path, key)
		return append(path, ']')
	}
	if len(path) > 0 {
		path = append(path, '.')
	}
	return append(path, key...)
}

func plainKey(key string) bool {
	if key == "" {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// parentPath strips the last element of a path: .key, ["key"] or [i]. The
// result is always shorter, so walking up ends.
func parentPath(p string) string {
	if strings.HasSuffix(p, `"]`) {
		// Inside a Go-quoted key every '"' is escaped, so the last `["`
		// opens the last element.
		if i := strings.LastIndex(p, `["`); i >= 0 {
			return p[:i]
		}
	}
	if strings.HasSuffix(p, "]") {
		if i := strings.LastIndexByte(p, '['); i >= 0 {
			return p[:i]
		}
	}
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[:i]
	}
	return ""
}
