package diag

import (
	"fmt"
	"sort"
)

// Limits of what a finding echoes, so a hostile fleet (a name of a
// megabyte, a million bad values) gets findings of a few lines: the
// decoder's and the validator's alike.
const (
	// MaxValue is the longest value, in bytes, a message echoes; longer
	// ones are cut and end in "…". Every name Kubernetes accepts (a
	// DNS-1123 subdomain, 253) fits, and so do its validation messages.
	MaxValue = 512
	// MaxPath is the longest field path a finding carries.
	MaxPath = 512
	// MaxMessage is the longest message a finding carries.
	MaxMessage = 2048
	// MaxFindings is how many findings a list keeps, then one "… and N more".
	MaxFindings = 50
)

// Clip cuts s to at most max bytes (and a "…"), at a rune boundary.
func Clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i] + "…"
}

// Newf makes a finding whose message echoes args: each string (or
// Stringer, such as a Path) among them is clipped to MaxValue first, and
// the message to MaxMessage. The path stays whole, to be located in the
// input; Capped clips it.
func Newf(sev Severity, path Path, rule Rule, format string, args ...any) Finding {
	for i, a := range args {
		switch a := a.(type) {
		case string:
			args[i] = Clip(a, MaxValue)
		case fmt.Stringer:
			args[i] = Clip(a.String(), MaxValue)
		}
	}
	return Finding{Severity: sev, Path: path, Rule: rule,
		Message: Clip(fmt.Sprintf(format, args...), MaxMessage)}
}

// Capped sorts the list and keeps its first max findings, then one
// "… and N more" standing for the rest: an error when any of them is one,
// with Dropped counting the errors (so Errors().Count() stays exact), else
// a warning counting the warnings. Paths and messages are clipped too.
func (l List) Capped(max int) List {
	for i := range l {
		l[i].Path = Path(Clip(string(l[i].Path), MaxPath))
		l[i].Message = Clip(l[i].Message, MaxMessage)
	}
	sort.SliceStable(l, func(i, j int) bool { return Less(l[i], l[j]) })
	if len(l) <= max {
		return l
	}
	more := l[max]
	errors, others, total := 0, 0, 0
	for _, f := range l[max:] {
		n := max1(f.Dropped)
		total += n
		if f.Severity == Error {
			errors += n
		} else {
			others += n
		}
	}
	more.Rule, more.Message = RuleTooMany, fmt.Sprintf("… and %d more", total)
	if errors > 0 {
		more.Severity, more.Dropped = Error, errors
	} else {
		more.Severity, more.Dropped = Warning, others
	}
	out := append(l[:max:max], more)
	return out
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}
