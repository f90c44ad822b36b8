package decode

import (
	"fmt"

	"vmfleet.dev/vmfleet/diag"
)

// findings collects what decoding finds, keeping at most MaxFindings and
// counting the rest without building them, so input with a million errors
// stays cheap.
type findings struct {
	file    string
	list    diag.List
	dropped int          // findings dropped beyond the cap
	first   diag.Finding // the least dropped finding
}

// errorAt adds an error finding at path and line. Paths and messages are
// clipped, so hostile keys (a megabyte long) cannot flood the output.
func (c *findings) errorAt(path diag.Path, line int, rule diag.Rule, msg string) {
	if c.overflow(line) {
		return
	}
	path, msg = diag.Path(clip(string(path), maxPath)), clip(msg, maxMessage)
	c.list = append(c.list, diag.Finding{Severity: diag.Error, Path: path, File: c.file, Line: line, Message: msg, Rule: rule})
	if len(c.list) >= 4*MaxFindings {
		c.trim()
	}
}

// overflow reports a finding at line that the cap drops anyway (one after
// the least finding already dropped), counting it.
func (c *findings) overflow(line int) bool {
	if c.dropped > 0 && line > c.first.Line {
		c.dropped++
		return true
	}
	return false
}

// trim keeps the MaxFindings least findings (in diag.List.Sort order) and
// remembers how many were dropped and the least of those.
func (c *findings) trim() {
	if len(c.list) <= MaxFindings {
		return
	}
	c.list.Sort()
	for _, f := range c.list[MaxFindings:] {
		if c.dropped == 0 || diag.Less(f, c.first) {
			c.first = f
		}
		c.dropped++
	}
	clear(c.list[MaxFindings:])
	c.list = c.list[:MaxFindings]
}

// result returns the sorted, capped findings. The
// "… and N more" finding sits at the line and path of the least dropped
// one, so it sorts last, and carries N as its Dropped count.
func (c *findings) result() diag.List {
	c.trim()
	c.list.Sort()
	out := c.list
	if c.dropped > 0 {
		f := c.first
		f.Message = fmt.Sprintf("… and %d more", c.dropped)
		f.Rule = diag.RuleTooMany
		f.Dropped = c.dropped
		out = append(out, f)
	}
	return out
}
