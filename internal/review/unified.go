package review

import (
	"fmt"
	"strings"
)

// context is how many unchanged lines surround each hunk, as diff -u.
const context = 3

// maxCells bounds the longest-common-subsequence table; a middle part
// larger than this is shown as removed then added, whole.
const maxCells = 4 << 20

// Unified is the unified diff (diff -u) of two texts, labelled
// a/<name> and b/<name>; "" when they are equal.
func Unified(name string, a, b []byte) string {
	x, y := lines(string(a)), lines(string(b))
	ops := diffLines(x, y)
	var out strings.Builder
	fmt.Fprintf(&out, "--- a/%s\n+++ b/%s\n", name, name)
	changed := false
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		changed = true
		// A hunk: from context lines before the first change to context
		// lines after the last change closer than 2*context to the next.
		start := max(i-context, 0)
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*context {
				end = min(end+context, len(ops))
				break
			}
			end = run
		}
		aStart, bStart, aLen, bLen := ops[start].a, ops[start].b, 0, 0
		for _, op := range ops[start:end] {
			if op.kind != '+' {
				aLen++
			}
			if op.kind != '-' {
				bLen++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", span(aStart, aLen), span(bStart, bLen))
		for _, op := range ops[start:end] {
			out.WriteByte(op.kind)
			out.WriteString(op.text)
			out.WriteByte('\n')
		}
		i = end
	}
	if !changed {
		return ""
	}
	return out.String()
}

// span is a hunk range: start,length with start 1-based (0 for an empty
// range, which names the line before it).
func span(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

type op struct {
	kind byte // ' ', '-' or '+'
	text string
	a, b int // index of the line in a and in b (where it would be)
}

func lines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// diffLines: the common prefix and suffix, and between them a longest
// common subsequence.
func diffLines(x, y []string) []op {
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	var ops []op
	for i := 0; i < pre; i++ {
		ops = append(ops, op{' ', x[i], i, i})
	}
	mx, my := x[pre:len(x)-suf], y[pre:len(y)-suf]
	ops = append(ops, middle(mx, my, pre, pre)...)
	for i := 0; i < suf; i++ {
		ai, bi := len(x)-suf+i, len(y)-suf+i
		ops = append(ops, op{' ', x[ai], ai, bi})
	}
	return ops
}

func middle(x, y []string, ao, bo int) []op {
	var ops []op
	n, m := len(x), len(y)
	if (n+1)*(m+1) > maxCells {
		for i, l := range x {
			ops = append(ops, op{'-', l, ao + i, bo})
		}
		for j, l := range y {
			ops = append(ops, op{'+', l, ao + n, bo + j})
		}
		return ops
	}
	// lcs[i][j]: the LCS length of x[i:] and y[j:].
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			ops = append(ops, op{' ', x[i], ao + i, bo + j})
			i++
			j++
		case j < m && (i == n || lcs[i][j+1] > lcs[i+1][j]):
			ops = append(ops, op{'+', y[j], ao + i, bo + j})
			j++
		default:
			ops = append(ops, op{'-', x[i], ao + i, bo + j})
			i++
		}
	}
	return ops
}
