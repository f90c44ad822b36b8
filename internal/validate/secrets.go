package validate

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The secret detector of inline user data and of URLs. Whatever it finds
// would be committed to git; its findings say what and where, never the
// secret itself.
//
// User data is read as what cloud-init reads: a cloud-config is parsed as
// yaml, and each part is checked for what it is (a key naming a password,
// chpasswd and users[].passwd, write_files content decoded from base64 or
// gzip+base64, runcmd and bootcmd as shell); any other user data (a shell
// script) is checked line by line. Values that only refer to a secret
// (${VAR}, $VAR, {{ template }}) are not secrets, nor are booleans
// (lock_passwd: true) or public keys (ssh_authorized_keys).

// secret is one credential found: what it is and where, as a line of the
// text it was found in (0: no line, e.g. in a URL).
type secret struct {
	what string
	key  string // the key that holds it, if any
	line int
	// in names the part of the user data it was found in, e.g.
	// write_files[0].content, when not the user data's own text.
	in string
}

func (s secret) String() string {
	var where []string
	if s.key != "" {
		where = append(where, fmt.Sprintf("key %q", clipKey(s.key)))
	}
	in := "the user data"
	if s.in != "" {
		in = s.in + ", decoded"
	}
	if s.line > 0 {
		where = append(where, fmt.Sprintf("line %d of %s", s.line, in))
	} else if s.in != "" {
		where = append(where, "in "+in)
	}
	if len(where) == 0 {
		return s.what
	}
	return s.what + " (" + strings.Join(where, ", ") + ")"
}

// maxDecoded bounds what a write_files entry may inflate to before it is
// checked: a gzip bomb stops there.
const maxDecoded = 1 << 20

// userDataSecret finds the first credential in user data.
func userDataSecret(text string) (secret, bool) {
	if s, ok := textSecret(text); ok {
		return s, true
	}
	var doc yaml.Node
	if !strings.HasPrefix(strings.TrimSpace(text), "#cloud-config") || yaml.Unmarshal([]byte(text), &doc) != nil || len(doc.Content) == 0 {
		return secret{}, false
	}
	return cloudConfigSecret(doc.Content[0])
}

// cloudConfigSecret walks a parsed cloud-config: keys naming a secret with a
// literal value, chpasswd's list, users' passwords, and every write_files
// content, decoded.
func cloudConfigSecret(root *yaml.Node) (secret, bool) {
	var found secret
	var ok bool
	var walk func(n *yaml.Node, key string) bool
	walk = func(n *yaml.Node, key string) bool {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if v.Kind == yaml.ScalarNode && sensitiveKey(k.Value) && literalSecret(k.Value, v.Value) {
					found, ok = secret{what: "a " + secretKind(k.Value), key: k.Value, line: k.Line}, true
					return true
				}
				if k.Value == "chpasswd" && v.Kind == yaml.MappingNode && chpasswdSecret(v) {
					found, ok = secret{what: "a password", key: "chpasswd", line: k.Line}, true
					return true
				}
				if walk(v, k.Value) {
					return true
				}
			}
		case yaml.SequenceNode:
			for i, item := range n.Content {
				if key == "write_files" {
					if s, hit := writeFileSecret(item, i); hit {
						found, ok = s, true
						return true
					}
				}
				if walk(item, key) {
					return true
				}
			}
		}
		return false
	}
	walk(root, "")
	return found, ok
}

// chpasswdSecret: chpasswd's list ("user:password" lines) or users
// (name, password) set passwords; expire alone sets none.
func chpasswdSecret(n *yaml.Node) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, n.Content[i+1]
		switch {
		case k == "list" && (v.Kind == yaml.ScalarNode && strings.TrimSpace(v.Value) != "" || v.Kind == yaml.SequenceNode && len(v.Content) > 0):
			return true
		case k == "users" && v.Kind == yaml.SequenceNode:
			for _, u := range v.Content {
				for j := 0; j+1 < len(u.Content); j += 2 {
					if u.Content[j].Value == "password" && literalSecret("password", u.Content[j+1].Value) {
						return true
					}
				}
			}
		}
	}
	return false
}

// writeFileSecret decodes one write_files entry's content (encoding b64,
// base64, gzip, gz, gzip+base64, gz+b64, …) and checks it as text.
func writeFileSecret(n *yaml.Node, i int) (secret, bool) {
	if n.Kind != yaml.MappingNode {
		return secret{}, false
	}
	var content, encoding string
	for j := 0; j+1 < len(n.Content); j += 2 {
		switch n.Content[j].Value {
		case "content":
			content = n.Content[j+1].Value
		case "encoding":
			encoding = strings.ToLower(n.Content[j+1].Value)
		}
	}
	in := fmt.Sprintf("write_files[%d].content", i)
	data := []byte(content)
	if strings.Contains(encoding, "b64") || strings.Contains(encoding, "base64") {
		dec, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(content), ""))
		if err != nil {
			return secret{}, false
		}
		data = dec
	}
	if strings.Contains(encoding, "gz") {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return secret{}, false
		}
		data, _ = io.ReadAll(io.LimitReader(zr, maxDecoded)) // a truncated stream still shows what it holds
	}
	if encoding == "" || encoding == "text/plain" {
		return secret{}, false // the user data's own text, checked already
	}
	s, ok := textSecret(string(data))
	s.in = in
	return s, ok
}
