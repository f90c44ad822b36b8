package decode

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"vmfleet.dev/vmfleet/diag"
)

// fill sets rv from v, a value the schema accepted: objects into structs
// (by json name, through inline structs) and maps, lists into slices. It
// fails only where the schema lets through what the Go type cannot hold,
// which TestEveryField and the fuzz target keep from happening.
func fill(v any, rv reflect.Value, path diag.Path) error {
	switch rv.Kind() {
	case reflect.Pointer:
		e := reflect.New(rv.Type().Elem())
		if err := fill(v, e.Elem(), path); err != nil {
			return err
		}
		rv.Set(e)
		return nil
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			break
		}
		fields := fieldsOf(rv.Type())
		for name, x := range m {
			index, ok := fields[name]
			if !ok {
				return fmt.Errorf("%s: no field %q in %s", path, name, rv.Type())
			}
			if err := fill(x, rv.FieldByIndex(index), path.Child(name)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			break
		}
		out := reflect.MakeMapWithSize(rv.Type(), len(m))
		for k, x := range m {
			e := reflect.New(rv.Type().Elem()).Elem()
			if err := fill(x, e, path.Child(k)); err != nil {
				return err
			}
			out.SetMapIndex(reflect.ValueOf(k).Convert(rv.Type().Key()), e)
		}
		rv.Set(out)
		return nil
	case reflect.Slice:
		l, ok := v.([]any)
		if !ok {
			break
		}
		out := reflect.MakeSlice(rv.Type(), len(l), len(l))
		for i, x := range l {
			if err := fill(x, out.Index(i), path.Index(i)); err != nil {
				return err
			}
		}
		rv.Set(out)
		return nil
	case reflect.String:
		if s, ok := v.(string); ok {
			rv.SetString(s)
			return nil
		}
	case reflect.Bool:
		if b, ok := v.(bool); ok {
			rv.SetBool(b)
			return nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n, ok := v.(json.Number); ok {
			i, err := strconv.ParseInt(string(n), 10, rv.Type().Bits())
			if err != nil {
				return fmt.Errorf("%s: %s does not fit %s", path, n, rv.Type())
			}
			rv.SetInt(i)
			return nil
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if n, ok := v.(json.Number); ok {
			u, err := strconv.ParseUint(string(n), 10, rv.Type().Bits())
			if err != nil {
				return fmt.Errorf("%s: %s does not fit %s", path, n, rv.Type())
			}
			rv.SetUint(u)
			return nil
		}
	}
	return fmt.Errorf("%s: %T does not fit %s", path, v, rv.Type())
}

var structFields sync.Map // reflect.Type -> map[string][]int

// fieldsOf maps the json names of t's fields to their index, with the
// fields of inline structs (`json:",inline"`) flattened into t, as
// encoding/json does.
func fieldsOf(t reflect.Type) map[string][]int {
	if f, ok := structFields.Load(t); ok {
		return f.(map[string][]int)
	}
	fields := map[string][]int{}
	var add func(t reflect.Type, prefix []int)
	add = func(t reflect.Type, prefix []int) {
		var inline []reflect.StructField
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct:
				inline = append(inline, f)
			case f.IsExported() && name != "" && name != "-":
				if _, dup := fields[name]; !dup { // a shallower field wins
					fields[name] = append(append([]int(nil), prefix...), i)
				}
			}
		}
		for _, f := range inline {
			add(f.Type, append(append([]int(nil), prefix...), f.Index...))
		}
	}
	add(t, nil)
	structFields.Store(t, fields)
	return fields
}
