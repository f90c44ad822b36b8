//go:build e2e

package e2e

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// ledger counts the objects checked, per kind and per schema that checked them.
type ledger struct {
	mu      sync.Mutex
	checked map[[2]string]int // {kind, against} → dry-runs
	applied map[[2]string]int // {kind, against} → real applies
	refused map[[2]string]int // {kind, against} → rejections (expected ones included)
	skips   map[[2]string]int // {kind, why}
}

func newLedger() *ledger {
	return &ledger{checked: map[[2]string]int{}, applied: map[[2]string]int{}, refused: map[[2]string]int{}, skips: map[[2]string]int{}}
}

func (l *ledger) count(kind, against string, m mode) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if m == dryRun {
		l.checked[[2]string{kind, against}]++
	} else {
		l.applied[[2]string{kind, against}]++
	}
}

func (l *ledger) reject(kind, against string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.refused[[2]string{kind, against}]++
}

func (l *ledger) skipped(kind, why string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.skips[[2]string{kind, why}]++
}

func (l *ledger) report() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	keys := map[[2]string]bool{}
	for k := range l.checked {
		keys[k] = true
	}
	for k := range l.applied {
		keys[k] = true
	}
	for k := range l.refused {
		keys[k] = true
	}
	var ks [][2]string
	for k := range keys {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		if ks[i][0] != ks[j][0] {
			return ks[i][0] < ks[j][0]
		}
		return ks[i][1] < ks[j][1]
	})
	total, totalApplied, totalRefused := 0, 0, 0
	fmt.Fprintf(&b, "%-28s %8s %8s %8s  %s\n", "KIND", "ACCEPTED", "REJECTED", "APPLIES", "CHECKED AGAINST")
	for _, k := range ks {
		fmt.Fprintf(&b, "%-28s %8d %8d %8d  %s\n", k[0], l.checked[k], l.refused[k], l.applied[k], k[1])
		total += l.checked[k]
		totalApplied += l.applied[k]
		totalRefused += l.refused[k]
	}
	fmt.Fprintf(&b, "%-28s %8d %8d %8d\n", "TOTAL", total, totalRefused, totalApplied)
	b.WriteString("(ACCEPTED/REJECTED: dry-runs, one per object per API server holding its CRD; REJECTED includes the\n" +
		"self-test's deliberate errors; APPLIES: real applies, two rounds)\n")
	for k, n := range l.skips {
		fmt.Fprintf(&b, "NOT CHECKED: %d × %s: %s\n", n, k[0], k[1])
	}
	return b.String()
}
