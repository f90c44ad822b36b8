package decode

import (
	"encoding/json"
	"math/big"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"vmfleet.dev/vmfleet/diag"
)

const (
	nullTag      = "!!null"
	boolTag      = "!!bool"
	strTag       = "!!str"
	intTag       = "!!int"
	floatTag     = "!!float"
	timestampTag = "!!timestamp"
	mergeTag     = "!!merge"
)

// scalar decodes a scalar node as the string, boolean or integer schema s
// wants. yaml's own reading of the text decides what it is: an unquoted 8
// is a number, and a number is no string.
func (d *decoder) scalar(n *yaml.Node, s schema) any {
	if n.Kind != yaml.ScalarNode {
		d.typeError(n, s)
		return reported{}
	}
	tag := n.ShortTag()
	switch s.typ() {
	case "string":
		switch tag {
		case strTag, timestampTag:
			return n.Value
		case intTag, floatTag, boolTag:
			d.errorf(d.lineOf(n), diag.RuleType, "expected a string, found %s (put it in quotes to make it a string)", describe(n))
			return reported{}
		}
	case "boolean":
		if tag == boolTag {
			switch n.Value {
			case "true", "True", "TRUE":
				return true
			case "false", "False", "FALSE":
				return false
			}
		}
	case "integer":
		if tag == intTag || tag == floatTag {
			return d.integer(n, s)
		}
	}
	d.typeError(n, s)
	return reported{}
}

// integer reads the text of a yaml integer (decimal, 0x, 0o, 0b, with _
// between digits) exactly, however large: the schema's bounds judge it.
func (d *decoder) integer(n *yaml.Node, s schema) any {
	text := strings.TrimPrefix(n.Value, "+")
	digits := strings.TrimPrefix(text, "-")
	if len(digits) > 1 && digits[0] == '0' && allDigits(digits) {
		d.errorf(d.lineOf(n), diag.RuleType, "ambiguous integer %s: a leading zero makes it octal in yaml 1.1; write it without the zero, or with 0o for octal", short(n.Value))
		return reported{}
	}
	if clean := strings.ReplaceAll(digits, "_", ""); len(clean) > maxDigits {
		d.errorf(d.lineOf(n), diag.RuleRange, "%s… is %d digits long, out of any range", clean[:maxShown], len(clean))
		return reported{}
	}
	i, ok := new(big.Int).SetString(text, 0)
	if !ok {
		d.typeError(n, s)
		return reported{}
	}
	return json.Number(i.String())
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '_' {
			return false
		}
	}
	return true
}

func (d *decoder) typeError(n *yaml.Node, s schema) {
	d.errorf(d.lineOf(n), diag.RuleType, "expected %s, found %s", expected(s), describe(n))
}

// expected names what schema s needs, in plain words.
func expected(s schema) string {
	switch s.typ() {
	case "string":
		return "a string"
	case "boolean":
		return "a boolean (true or false)"
	case "integer":
		return "an integer"
	case "number":
		return "a number"
	case "object":
		return "a mapping"
	case "array":
		return "a list"
	}
	return "a value"
}

// describe says what a node is, in plain words.
func describe(n *yaml.Node) string {
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil || n.Alias.Kind == yaml.AliasNode {
			return "an alias"
		}
		n = n.Alias
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.DocumentNode:
		return "a document"
	case yaml.ScalarNode:
	default:
		return "nothing"
	}
	switch tag := n.ShortTag(); tag {
	case nullTag:
		return "null"
	case strTag:
		return "string " + quote(n.Value)
	case intTag:
		return "integer " + short(n.Value)
	case floatTag:
		return "number " + short(n.Value)
	case boolTag:
		return "boolean " + short(n.Value)
	case timestampTag:
		return "date " + short(n.Value)
	case mergeTag:
		return "a merge key (<<)"
	case "!!binary":
		return "binary data"
	default:
		return "a value tagged " + short(tag)
	}
}

const (
	maxShown   = 40  // of a value in a message
	maxDigits  = 100 // of an integer read exactly
	maxPath    = 512 // of the path of a finding
	maxMessage = 512 // of the message of a finding
)

// clip cuts s to at most max bytes (and a "…"), at a rune boundary.
func clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !isRuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// short cuts long text for messages.
func short(s string) string { return clip(s, maxShown) }

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// quote Go-quotes s, cut if long.
func quote(s string) string {
	if c := short(s); c != s {
		return strconv.Quote(strings.TrimSuffix(c, "…")) + "…"
	}
	return strconv.Quote(s)
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == nullTag
}

func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Value == "<<" && k.ShortTag() == mergeTag
}

// joinWords joins "1", "2", "3" as "1, 2 and 3".
func joinWords(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
