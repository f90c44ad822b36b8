// Package browser loads the fleet map (`vmfleet plan -o html`) of every
// example in real headless Chromium and reads the table its script draws:
// every cell must show what the plan says of that VM on that cluster, a
// click on a cluster must show that cluster's detail, and the page must
// load nothing from outside. Negative controls: a page whose script does
// not run, a page drawn from other data and a page with an external
// resource must each be rejected. Needs VMFLEET_CHROMIUM (make test-browser).
package browser

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"vmfleet.dev/vmfleet/internal/review"
	"vmfleet.dev/vmfleet/tests/internal/testutil"
)

func chromium(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("VMFLEET_CHROMIUM")
	if bin == "" {
		t.Skip("VMFLEET_CHROMIUM is not set (make test-browser)")
	}
	return bin
}

// dumpDOM loads page in headless Chromium, lets its scripts run (virtual
// time), and returns the DOM as Chromium serialises it.
func dumpDOM(t *testing.T, bin string, page []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "map.html")
	if err := os.WriteFile(file, page, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// Root has no user namespace sandbox here; the page is ours and local.
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--virtual-time-budget=5000", "--dump-dom", "file://"+file)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	return out
}

// cell is one cell of the fleet map as drawn.
type cell struct{ cluster, vm, storage, eviction, text string }

// check compares the DOM with the plan: the map's cells, the detail shown
// for cluster selected, no external resource.
func check(dom []byte, fp *review.FleetPlan, selected string) error {
	doc, err := html.Parse(bytes.NewReader(dom))
	if err != nil {
		return err
	}
	var table, detail *html.Node
	var external []string
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		for _, a := range n.Attr {
			if a.Key == "src" || a.Key == "href" || (a.Key == "rel" && a.Val == "stylesheet") {
				external = append(external, n.Data+" "+a.Key+"="+a.Val)
			}
		}
		switch {
		case n.Data == "table" && attr(n, "id") == "fleet-map":
			table = n
		case n.Data == "table" && attr(n, "id") == "detail-"+selected:
			detail = n
		}
	})
	if len(external) > 0 {
		return fmt.Errorf("the page loads from outside: %v", external)
	}
	if table == nil || attr(table, "data-rendered") != "true" {
		return errors.New("the fleet map was not drawn (its script did not run to the end)")
	}
	var got []cell
	var header []string
	walk(table, func(n *html.Node) {
		switch {
		case n.Type == html.ElementNode && n.Data == "th" && n.Parent != nil && n.Parent.Parent != nil && n.Parent.Parent.Data == "thead":
			header = append(header, text(n))
		case n.Type == html.ElementNode && n.Data == "td":
			got = append(got, cell{attr(n, "data-cluster"), attr(n, "data-vm"), attr(n, "data-storage"), attr(n, "data-eviction"), text(n)})
		}
	})
	if want := append([]string{"cluster"}, fp.VMs...); strings.Join(header, ",") != strings.Join(want, ",") {
		return fmt.Errorf("header %v, want %v", header, want)
	}
	var want []cell
	for _, c := range fp.Clusters {
		vms := map[string]review.VM{}
		for _, vm := range c.VMs {
			vms[vm.Name] = vm
		}
		for _, name := range fp.VMs {
			vm, ok := vms[name]
			if !ok {
				want = append(want, cell{c.Name, name, "", "", "–"})
				continue
			}
			text := vm.Storage + " · " + vm.Eviction.Value
			if vm.State == "retired" {
				text += " (retired)"
			}
			want = append(want, cell{c.Name, name, vm.Storage, vm.Eviction.Value, text})
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		return fmt.Errorf("the map shows\n%v\nthe plan says\n%v", got, want)
	}
	if detail == nil {
		return fmt.Errorf("no detail shown for cluster %s", selected)
	}
	rows := 0
	walk(detail, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "tr" {
			rows++
		}
	})
	for _, c := range fp.Clusters {
		if c.Name != selected {
			continue
		}
		want := 1 + len(c.NotHere) // the header row
		for _, vm := range c.VMs {
			want += len(vm.Settings) + 1 + len(vm.Networks)
			for _, d := range vm.Disks {
				if !d.Ephemeral {
					want += 3
				}
			}
			if vm.Dependency != nil {
				want++
			}
		}
		if rows != want {
			return fmt.Errorf("the detail of %s has %d rows, the plan %d", selected, rows, want)
		}
	}
	return nil
}

func TestFleetMap(t *testing.T) {
	bin := chromium(t)
	for _, dir := range testutil.Examples(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			fp, err := review.Plan(testutil.Load(t, filepath.Join(dir, "fleet.yaml")), "")
			if err != nil {
				t.Fatal(err)
			}
			page := render(t, fp)
			if err := check(dumpDOM(t, bin, page), fp, fp.Clusters[0].Name); err != nil {
				t.Error(err)
			}
			// A click on the last cluster shows its detail.
			last := fp.Clusters[len(fp.Clusters)-1].Name
			click := bytes.Replace(page, []byte("</body>"), []byte(`<script>document.querySelector('tbody th[data-cluster="`+last+`"]').click();</script></body>`), 1)
			if err := check(dumpDOM(t, bin, click), fp, last); err != nil {
				t.Errorf("after a click on %s: %v", last, err)
			}
		})
	}
}

// The check rejects what a broken page shows.
func TestFleetMapNegative(t *testing.T) {
	bin := chromium(t)
	fp, err := review.Plan(testutil.Load(t, filepath.Join(testutil.Root(), "examples", "day2", "fleet.yaml")), "")
	if err != nil {
		t.Fatal(err)
	}
	page := render(t, fp)
	other := *fp
	other.Clusters = append([]review.Cluster(nil), fp.Clusters...)
	vms := append([]review.VM(nil), other.Clusters[0].VMs...)
	vms[0].Storage = "rwo"
	other.Clusters[0].VMs = vms
	for name, bad := range map[string][]byte{
		"a script that does not parse": bytes.Replace(page, []byte(`"use strict";`), []byte(`"use strict"; function {`), 1),
		"a script that fails half-way": bytes.Replace(page, []byte(`table.tBodies[0].appendChild(row);`), []byte(`table.tBodies[0].appendChild(row); null.x;`), 1),
		"a map drawn from other data":  render(t, &other),
		"an external resource":         bytes.Replace(page, []byte("</head>"), []byte(`<link rel="stylesheet" href="https://cdn.example/x.css"></head>`), 1),
	} {
		t.Run(name, func(t *testing.T) {
			if bytes.Equal(bad, page) {
				t.Fatal("the control is the page itself: the replacement did not apply")
			}
			if err := check(dumpDOM(t, bin, bad), fp, fp.Clusters[0].Name); err == nil {
				t.Error("the check accepted it")
			} else {
				t.Logf("rejected: %v", err)
			}
		})
	}
}

func render(t *testing.T, fp *review.FleetPlan) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := fp.HTML(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return b.String()
}
