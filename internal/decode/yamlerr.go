package decode

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	yamlv2 "go.yaml.in/yaml/v2"
)

// parserProblems are the messages of the yaml parser (not its scanner):
// go.yaml.in/yaml/v3 reports their line 0-based, and none at all on the
// first line.
var parserProblems = []string{
	"did not find expected <stream-start>",
	"did not find expected <document start>",
	"found undefined tag handle",
	"did not find expected node content",
	"did not find expected '-' indicator",
	"did not find expected key",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found duplicate %TAG directive",
}

// parseError turns a yaml parser error into a line and a lowercase message.
func parseError(data []byte, err error) (int, string) {
	line, msg := splitError(err)
	parser := strings.HasPrefix(msg, "expected ") && strings.Contains(msg, " event but got ")
	for _, p := range parserProblems {
		if msg == p {
			parser = true
		}
	}
	switch {
	case strings.HasPrefix(msg, "unknown anchor '"):
		name := strings.TrimSuffix(strings.TrimPrefix(msg, "unknown anchor '"), "' referenced")
		line = aliasLine(data, name)
	case strings.HasPrefix(msg, "attempted to go past the end of stream"):
		line = lineAt(data, len(data))
	case parser:
		// go.yaml.in/yaml/v3 shows where the construct holding the problem
		// starts, 0-based (and nothing for the first line): for a block
		// mapping that can be hundreds of lines above the problem.
		if l, ok := problemLine(data, msg); ok {
			line = l
		} else {
			line++
		}
	case line == 0:
		line = 1 // the scanner shows no line for the first line
	}
	if last := lastLine(data); line > last {
		// The parser puts the end of the stream on a new line when the last
		// line has no line break: a line the file does not have.
		line = last
	}
	msg = strings.ReplaceAll(msg, "YAML", "yaml")
	if msg == "could not find expected ':'" {
		// The scanner says this of a line that is not "key: value", and
		// of a key longer than yaml's limit for implicit keys.
		msg += " (write each key and its ':' on one line; a key may be at most 1024 characters long)"
	}
	if msg != "" {
		r, size := utf8.DecodeRuneInString(msg)
		msg = strings.ToLower(string(r)) + msg[size:]
	}
	return line, msg
}

// splitError splits "yaml: line N: message" into N (0 if absent) and message.
func splitError(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil && n > 0 {
				return n, rest[i+2:]
			}
		}
	}
	return 0, msg
}

// problemLine finds the line of a parser problem by parsing data again with
// go.yaml.in/yaml/v2: the same parser, but its errors show the line of the
// problem (0-based) rather than of its context. Only on the error path; if
// the two parsers disagree on the problem it reports false.
func problemLine(data []byte, msg string) (int, bool) {
	dec := yamlv2.NewDecoder(bytes.NewReader(data))
	for {
		var s skipV2
		err := dec.Decode(&s)
		if err == nil {
			continue
		}
		if errors.Is(err, io.EOF) {
			return 0, false
		}
		line, m := splitError(err)
		return line + 1, m == msg
	}
}

// skipV2 decodes nothing: the parse is all problemLine needs.
type skipV2 struct{}

func (*skipV2) UnmarshalYAML(func(any) error) error { return nil }

// lastLine is the number of the last line, as yaml counts lines (\r\n, \r
// and \n each end one).
func lastLine(data []byte) int {
	n := 1
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
			n++
		case '\n':
			n++
		}
	}
	return n
}

// aliasLine finds the line of the first use of alias *name.
func aliasLine(data []byte, name string) int {
	if name == "" {
		return 0
	}
	pat := []byte("*" + name)
	for off := 0; off < len(data); {
		i := bytes.Index(data[off:], pat)
		if i < 0 {
			return 0
		}
		end := off + i + len(pat)
		if end == len(data) || !isAnchorChar(data[end]) {
			return lineAt(data, off+i)
		}
		off = end
	}
	return 0
}

func isAnchorChar(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', '[', ']', '{', '}':
		return false
	}
	return true
}
