package review

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// ANSI colours, used only when the output is a terminal.
const (
	bold = "\x1b[1m"
	// Every colour of the SOURCE column has five bytes, so the column's
	// cells grow alike and tabwriter's alignment holds.
	dim    = "\x1b[90m"
	plain  = "\x1b[39m"
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
	cyan   = "\x1b[36m"
	reset  = "\x1b[0m"
)

type painter bool

func (p painter) paint(code, s string) string {
	if !p || s == "" {
		return s
	}
	return code + s + reset
}

// sourceColour tells the levels apart at a glance: what a cluster or a VM
// says stands out, fleet defaults recede.
func sourceColour(source string) string {
	switch source {
	case "cluster", "cluster override":
		return cyan
	case "vm", "disk":
		return green
	case "derived", "merged":
		return yellow
	}
	return dim
}

// Text writes the plan for a terminal: one block per cluster, each VM's
// settings in aligned columns (SETTING, VALUE, FROM, SOURCE), colour only
// when color is set.
func (fp *FleetPlan) Text(w io.Writer, color bool) error {
	p := painter(color)
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\n", p.paint(bold, fmt.Sprintf("fleet %s: %s, %s", fp.Fleet, plural(len(fp.AllClusters), "cluster"), plural(len(fp.VMs), "VM"))))
	fmt.Fprintf(&b, "selector: %s in cluster sets %s\n", labels(fp.Selector.MatchLabels), strings.Join(fp.Selector.ClusterSets, ", "))
	fmt.Fprintf(&b, "excluded: %s\n", fp.Selector.Excluded)
	if len(fp.Rollout) > 0 {
		var steps []string
		for _, s := range fp.Rollout {
			at := "all at once"
			if s.MaxUpdate != "" {
				at = s.MaxUpdate + " at a time"
			}
			steps = append(steps, fmt.Sprintf("%s [%s] %s", s.Name, strings.Join(s.Clusters, ", "), at))
		}
		fmt.Fprintf(&b, "rollout: %s\n", strings.Join(steps, " → "))
	}
	for _, c := range fp.Clusters {
		b.WriteString("\n")
		head := "cluster " + c.Name
		if c.RolloutStep != "" {
			head += " (rollout step " + c.RolloutStep + ")"
		}
		fmt.Fprintf(&b, "%s: %s\n", p.paint(bold, head), plural(len(c.VMs), "VM"))
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for _, s := range c.Settings {
			row(tw, p, "  ", s)
		}
		tw.Flush()
		for _, vm := range c.VMs {
			fmt.Fprintf(&b, "  %s %s/%s: %s, power owned by %s, storage %s\n", p.paint(bold, "vm"), vm.Namespace, vm.Name, vm.State, vm.PowerOwner, vm.Storage)
			tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
			fmt.Fprintf(tw, "    SETTING\tVALUE\t%s\tFROM\n", p.paint(plain, "SOURCE"))
			for _, s := range vm.Settings {
				row(tw, p, "    ", s)
			}
			row(tw, p, "    ", vm.Eviction)
			for _, d := range vm.Disks {
				what := "ephemeral"
				if !d.Ephemeral {
					what = "DataVolume " + d.DataVolume
				}
				size := d.Size
				if size == "" {
					size = "-"
				}
				// FROM, the last column, is where the disk's data comes from.
				fmt.Fprintf(tw, "    disk %s\t%s, %s\t%s\t%s\n", d.Name, size, what, p.paint(plain, "-"), d.Source)
				for _, s := range []*Setting{d.StorageClass, d.AccessMode, d.VolumeMode} {
					if s != nil {
						x := *s
						x.Name = "  " + x.Name
						row(tw, p, "    ", x)
					}
				}
			}
			for _, a := range vm.Networks {
				how := "DHCP or the network's IPAM"
				if a.Address != "" {
					how = "static " + a.Address
				}
				nad := "NAD " + a.NAD
				if a.Existing {
					nad += " (exists on the cluster)"
				}
				fmt.Fprintf(tw, "    network %s\t%s\t%s\t%s\n", a.Network, nad, p.paint(plain, "-"), how)
			}
			tw.Flush()
			if d := vm.Dependency; d != nil {
				var what []string
				for _, s := range d.Secrets {
					what = append(what, "Secret "+s)
				}
				for _, c := range d.ConfigMaps {
					what = append(what, "ConfigMap "+c)
				}
				if len(what) > 0 {
					fmt.Fprintf(&b, "    needs %s: copied from hub namespace %s by Policy %s (hub templates), to the clusters that run it\n",
						strings.Join(what, ", "), d.HubNamespace, d.Policy)
				}
				if len(d.CloneFrom) > 0 {
					fmt.Fprintf(&b, "    clones from namespace(s) %s: granted by Policy %s\n", strings.Join(d.CloneFrom, ", "), d.Policy)
				}
			}
		}
		for _, n := range c.NotHere {
			fmt.Fprintf(&b, "  %s %s: %s\n", p.paint(dim, "not here"), n.Name, n.Reason)
		}
		for _, n := range c.NADs {
			vlan := ""
			if n.VLAN != 0 {
				vlan = fmt.Sprintf(", VLAN %d", n.VLAN)
			}
			fmt.Fprintf(&b, "  NAD %s (network %s, %s%s) in %s\n", n.Name, n.Network, n.Type, vlan, strings.Join(n.Namespaces, ", "))
		}
		for _, br := range c.Bridges {
			how := "exists on the nodes"
			if br.Create {
				how = "made by an NMState policy"
				if br.Uplink != "" {
					how += " on " + br.Uplink
				}
			}
			kind := "Linux bridge"
			if br.OVS {
				kind = "OVS bridge"
			}
			fmt.Fprintf(&b, "  bridge %s (%s): %s\n", br.Name, kind, how)
		}
	}
	_, err := w.Write(trimLines(b.Bytes()))
	return err
}

// trimLines drops the spaces tabwriter pads an empty last cell with.
func trimLines(b []byte) []byte {
	lines := bytes.Split(b, []byte("\n"))
	for i, l := range lines {
		lines[i] = bytes.TrimRight(l, " ")
	}
	return bytes.Join(lines, []byte("\n"))
}

// row writes one setting.
func row(tw io.Writer, p painter, indent string, s Setting) {
	from := s.From
	if s.Why != "" {
		if from != "" {
			from += ": "
		}
		from += s.Why
	}
	fmt.Fprintf(tw, "%s%s\t%s\t%s\t%s\n", indent, s.Name, s.Value, p.paint(sourceColour(s.Source), s.Source), from)
}

func labels(m map[string]string) string {
	if len(m) == 0 {
		return "(every cluster)"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var kv []string
	for _, k := range keys {
		kv = append(kv, k+"="+m[k])
	}
	return strings.Join(kv, ",")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
