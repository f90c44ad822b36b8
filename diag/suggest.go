package diag

import (
	"strings"
	"unicode/utf8"
)

// maxSuggest is the longest name, in runes, Suggest compares: names typed by
// hand are far shorter, and the cap keeps a hostile 200,000-character name
// as cheap as a short one.
const maxSuggest = 64

// Suggest returns the candidate closest to name, for a "did you mean"; ""
// when none is close. Close is an optimal string alignment distance (an
// edit, or a swap of two neighbours, counts one), ignoring case, of at most
// a third of name's length (at least 1). The first of equally close
// candidates wins. Its cost is linear in the candidates and bounded per
// candidate, whatever the length of name.
func Suggest(name string, candidates []string) string {
	if len(name) > utf8.UTFMax*maxSuggest { // too many runes, without counting them
		return ""
	}
	n := utf8.RuneCountInString(name)
	if n == 0 || n > maxSuggest {
		return ""
	}
	a := []rune(strings.ToLower(name))
	limit := max(n/3, 1)
	best, bestD := "", limit+1
	var buf [3][maxSuggest + 1]int
	for _, c := range candidates {
		if len(c) > utf8.UTFMax*maxSuggest {
			continue
		}
		if m := utf8.RuneCountInString(c); m > maxSuggest || m-n >= bestD || n-m >= bestD {
			continue
		}
		if d := distance(a, []rune(strings.ToLower(c)), bestD, &buf); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the optimal string alignment distance of a and b (each at
// most maxSuggest runes), or max once it cannot be below max.
func distance(a, b []rune, max int, buf *[3][maxSuggest + 1]int) int {
	prev2, prev, cur := buf[0][:len(b)+1], buf[1][:len(b)+1], buf[2][:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin >= max {
			return max
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], max)
}
