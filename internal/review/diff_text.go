package review

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// Text writes the diff: a one-line summary per scope (the hub, then each
// cluster), the risky changes, then each scope's objects with the unified
// diff of each changed one. Colour (a TTY) marks risks and diff lines.
func (d *FleetDiff) Text(w io.Writer, color bool) error {
	p := painter(color)
	var b bytes.Buffer
	if d.Empty() {
		b.WriteString("no changes: the hub and every cluster get the same objects\n")
		_, err := w.Write(b.Bytes())
		return err
	}
	b.WriteString(p.paint(bold, "summary") + "\n")
	for _, s := range d.Scopes {
		fmt.Fprintf(&b, "  %s\n", s.summary())
	}
	var risks int
	for _, s := range d.Scopes {
		risks += len(s.Risks)
	}
	if risks > 0 {
		b.WriteString("\n" + p.paint(bold, "risks") + "\n")
		for _, s := range d.Scopes {
			for _, r := range s.Risks {
				fmt.Fprintf(&b, "  %s %s %s: %s\n", p.paint(yellow, "["+r.Kind+"]"), s.label(), r.Object, r.Detail)
			}
		}
	}
	if len(d.Refused) > 0 {
		b.WriteString("\n" + p.paint(bold, "render refuses this change over the old fleet's tree") + "\n")
		for _, f := range d.Refused {
			fmt.Fprintf(&b, "  %s\n", f.String())
		}
	}
	if len(d.Warned) > 0 {
		b.WriteString("\n" + p.paint(bold, "render warns over the old fleet's tree") + "\n")
		for _, f := range d.Warned {
			fmt.Fprintf(&b, "  %s\n", f.String())
		}
	}
	for _, s := range d.Scopes {
		if len(s.Added)+len(s.Removed)+len(s.Changed) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s\n", p.paint(bold, "== "+s.label()))
		for _, c := range s.Added {
			fmt.Fprintf(&b, "%s %s\n", p.paint(green, "added  "), c.ID)
		}
		for _, c := range s.Removed {
			fmt.Fprintf(&b, "%s %s\n", p.paint(yellow, "removed"), c.ID)
		}
		for _, c := range s.Changed {
			fmt.Fprintf(&b, "%s %s\n", p.paint(cyan, "changed"), c.ID)
		}
		for _, c := range s.Changed {
			for _, l := range strings.SplitAfter(strings.TrimSuffix(c.Unified, "\n"), "\n") {
				l = strings.TrimSuffix(l, "\n")
				switch {
				case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"):
					l = p.paint(bold, l)
				case strings.HasPrefix(l, "+"):
					l = p.paint(green, l)
				case strings.HasPrefix(l, "-"):
					l = p.paint(yellow, l)
				case strings.HasPrefix(l, "@@"):
					l = p.paint(cyan, l)
				}
				b.WriteString(l + "\n")
			}
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

func (s Scope) label() string {
	if s.Cluster {
		return "cluster " + s.Name
	}
	return s.Name
}

// summary is the scope's one line.
func (s Scope) summary() string {
	line := s.label()
	switch s.Presence {
	case "added":
		line += " (joins the fleet)"
	case "removed":
		line += " (leaves the fleet)"
	}
	if len(s.Added)+len(s.Removed)+len(s.Changed) == 0 {
		return line + ": no change"
	}
	line += fmt.Sprintf(": %d added, %d removed, %d changed", len(s.Added), len(s.Removed), len(s.Changed))
	if len(s.Risks) > 0 {
		count := map[string]int{}
		var kinds []string
		for _, r := range s.Risks {
			if count[r.Kind] == 0 {
				kinds = append(kinds, r.Kind)
			}
			count[r.Kind]++
		}
		var parts []string
		for _, k := range kinds {
			parts = append(parts, fmt.Sprintf("%d %s", count[k], k))
		}
		line += "; risks: " + strings.Join(parts, ", ")
	}
	return line
}
