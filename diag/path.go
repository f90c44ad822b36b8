package diag

import "strconv"

// Path is a field path in a fleet, as findings name it and as
// decode.Source.Line looks it up: fields by their json names, list items by
// [i], map entries by .key when the key is letters, digits, '-' and '_',
// else by ["key"] (Go-quoted):
//
//	spec.vms[2].disk.source
//	spec.clusters[0].nodeSelector["kubernetes.io/arch"]
//
// The empty path is the document itself.
type Path string

// Child is the path of field or map key name under p.
func (p Path) Child(name string) Path { return Path(AppendChild([]byte(p), name)) }

// Index is the path of item i of the list at p.
func (p Path) Index(i int) Path { return Path(AppendIndex([]byte(p), i)) }

// String returns the path as text.
func (p Path) String() string { return string(p) }

// Parent strips the last element of p: .key, ["key"] or [i]. The result is
// always shorter, so walking up ends at "".
func (p Path) Parent() Path {
	s := string(p)
	n := len(s)
	if n >= 2 && s[n-2:] == `"]` {
		// Inside a Go-quoted key every '"' is escaped, so the last `["`
		// opens the last element.
		for i := n - 3; i >= 0; i-- {
			if s[i] == '[' && s[i+1] == '"' {
				return Path(s[:i])
			}
		}
	}
	if n > 0 && s[n-1] == ']' {
		for i := n - 1; i >= 0; i-- {
			if s[i] == '[' {
				return Path(s[:i])
			}
		}
	}
	for i := n - 1; i >= 0; i-- {
		if s[i] == '.' {
			return Path(s[:i])
		}
	}
	return ""
}

// AppendChild appends field or map key name to the path held in b, as
// Child does, for callers that build paths in a reused buffer.
func AppendChild(b []byte, name string) []byte {
	if !plainKey(name) {
		b = append(b, '[')
		b = strconv.AppendQuote(b, name)
		return append(b, ']')
	}
	if len(b) > 0 {
		b = append(b, '.')
	}
	return append(b, name...)
}

// AppendIndex appends list index i to the path held in b, as Index does.
func AppendIndex(b []byte, i int) []byte {
	b = append(b, '[')
	b = strconv.AppendInt(b, int64(i), 10)
	return append(b, ']')
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
