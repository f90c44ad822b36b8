package decode

import (
	"fmt"
	"strings"
)

// explainSyntax turns what the yaml parser says into where, what and how to fix
// it: the line and column of the problem (not of the construct holding it)
// and a message a new user can act on. Problems it does not know keep the
// parser's words, at the parser's line, with column 0 (unknown).
func explainSyntax(data []byte, line int, msg string) (int, int, string) {
	lines := strings.Split(string(data), "\n")
	text := func(n int) string {
		if n < 1 || n > len(lines) {
			return ""
		}
		return strings.TrimSuffix(lines[n-1], "\r")
	}
	switch {
	case strings.Contains(msg, "tab character") || msg == "found character that cannot start any token":
		// The scanner names the line before an indenting tab (or no tab at
		// all): look at that line and the next ones for the tab.
		for _, n := range []int{line, line + 1, line - 1, line + 2} {
			l := text(n)
			indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
			if i := strings.IndexByte(indent, '\t'); i >= 0 {
				return n, i + 1, "a tab character indents this line, and yaml indents with spaces only: replace the tab with spaces"
			}
		}
		if l := text(line); strings.Contains(l, "\t") {
			return line, strings.IndexByte(l, '\t') + 1, "a tab character where yaml expects a value: replace it with a space, or quote the value"
		}
		if msg == "found character that cannot start any token" {
			if l := text(line); l != "" {
				body := strings.TrimLeft(l, " ")
				if body != "" && strings.ContainsRune("@`%", rune(body[0])) {
					return line, len(l) - len(body) + 1, fmt.Sprintf("a value may not start with %q: quote the value", body[0])
				}
			}
		}
	case msg == "mapping values are not allowed in this context":
		l := text(line)
		indent := len(l) - len(strings.TrimLeft(l, " "))
		if prev, n := previousKey(text, line); n > 0 {
			pi := len(prev) - len(strings.TrimLeft(prev, " -"))
			if indent > pi && hasScalarValue(prev) {
				return line, indent + 1, fmt.Sprintf("this line is indented more than the key on line %d, which has a value already: indent it as that key, or move that key's value below it", n)
			}
		}
		if first := strings.Index(l, ": "); first >= 0 {
			if second := strings.Index(l[first+2:], ": "); second >= 0 {
				return line, first + 2 + second + 1, `a value holds ": ", which yaml reads as a second key: quote the value, e.g. key: "a: b"`
			}
		}
	case msg == "found unexpected end of stream" || msg == "found unexpected end of stream while scanning a quoted scalar":
		for n := line; n >= 1; n-- {
			l := text(n)
			for _, q := range []byte{'"', '\''} {
				if strings.Count(l, string(q))%2 == 1 {
					return n, strings.IndexByte(l, q) + 1, fmt.Sprintf("the quoted value that starts here has no closing %c: add it at the end of the value", q)
				}
			}
		}
	case msg == "did not find expected ',' or ']'" || msg == "did not find expected ',' or '}'":
		open, close := byte('['), byte(']')
		if strings.HasSuffix(msg, "'}'") {
			open, close = '{', '}'
		}
		depth := 0
		for n := line; n >= 1; n-- {
			l := text(n)
			for i := len(l) - 1; i >= 0; i-- {
				switch l[i] {
				case close:
					depth++
				case open:
					if depth == 0 {
						return n, i + 1, fmt.Sprintf("the flow %s opened here is not closed: add %q at its end, and separate its items with commas", map[byte]string{'[': "list", '{': "mapping"}[open], close)
					}
					depth--
				}
			}
		}
	case msg == "did not find expected key":
		return line, 0, "this line does not line up with the keys of the block above it: indent it exactly as its siblings (with spaces)"
	case msg == "did not find expected '-' indicator":
		return line, 0, "this line does not line up with the items of the list above it: start it with '- ' at the items' indentation, or indent it as the item's keys"
	}
	return line, 0, msg
}

// previousKey is the nearest non-blank, non-comment line above line n.
func previousKey(text func(int) string, n int) (string, int) {
	for m := n - 1; m >= 1; m-- {
		l := strings.TrimSpace(text(m))
		if l != "" && !strings.HasPrefix(l, "#") {
			return text(m), m
		}
	}
	return "", 0
}

// hasScalarValue: a "key: value" line whose value is on the line.
func hasScalarValue(l string) bool {
	i := strings.Index(l, ": ")
	if i < 0 {
		return false
	}
	v := strings.TrimSpace(l[i+2:])
	return v != "" && !strings.HasPrefix(v, "#") && !strings.HasPrefix(v, "|") && !strings.HasPrefix(v, ">") && !strings.HasPrefix(v, "&")
}
