// Package diag holds findings: what vmfleet has to say about a fleet, each
// tied to a field path and, when the fleet came from a file, a line.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Severity of a finding. An error stops the render; a warning does not.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Finding is one thing wrong (or worth knowing) about a fleet.
type Finding struct {
	Severity Severity
	// Path is the field path in the fleet, e.g. spec.vms[2].disk.source.
	Path Path
	// File and Line locate the field in the input, when known.
	File string
	Line int
	// Column, 1-based, where the line alone does not say where (a
	// yaml syntax error); 0 when unknown.
	Column int
	// Message is lowercase plain words, without the path.
	Message string
	// Rule is a short stable identifier, e.g. live-migration-rwo.
	Rule Rule
	// Dropped, on the one finding that closes a capped list ("… and N
	// more"), is how many findings it stands for.
	Dropped int
}

// String renders "file:line: severity: path: message" — the form shown on
// stderr, which is all kustomize users ever see.
func (f Finding) String() string {
	var b strings.Builder
	if f.File != "" {
		b.WriteString(f.File)
		if f.Line > 0 {
			fmt.Fprintf(&b, ":%d", f.Line)
			if f.Column > 0 {
				fmt.Fprintf(&b, ":%d", f.Column)
			}
		}
		b.WriteString(": ")
	}
	b.WriteString(string(f.Severity))
	b.WriteString(": ")
	if f.Path != "" {
		b.WriteString(string(f.Path))
		b.WriteString(": ")
	}
	b.WriteString(f.Message)
	return b.String()
}

// List is an ordered set of findings.
type List []Finding

// HasErrors reports whether any finding is an error.
func (l List) HasErrors() bool {
	for _, f := range l {
		if f.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns only the error findings.
func (l List) Errors() List {
	var out List
	for _, f := range l {
		if f.Severity == Error {
			out = append(out, f)
		}
	}
	return out
}

// Count is how many findings the list holds, counting for each finding
// that closes a capped list the findings it stands for.
func (l List) Count() int {
	n := 0
	for _, f := range l {
		if f.Dropped > 0 {
			n += f.Dropped
		} else {
			n++
		}
	}
	return n
}

// Sort orders findings by file, line, path and message, so output is stable.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool { return Less(l[i], l[j]) })
}

// Less is the order of Sort.
func Less(a, b Finding) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	return a.Message < b.Message
}

// Error makes a List usable as an error; it lists every finding.
func (l List) Error() string {
	lines := make([]string, len(l))
	for i, f := range l {
		lines[i] = f.String()
	}
	return strings.Join(lines, "\n")
}

// Locator turns a field path into a line of the input; decode provides one.
type Locator interface {
	// Line returns the line of the field at path, or of its nearest parent.
	Line(path Path) int
}
