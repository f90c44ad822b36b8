package decode

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"vmfleet.dev/vmfleet/diag"
)

const (
	nullTag      = "!!null"
	boolTag      = "!!bool"
	strTag       = "!!str"
	intTag       = "!!int"
	floatTag     = "!!float"
	timestampTag = "!!timestamp"
	mergeTag     = "!!merge"
)

// decoder walks the yaml node tree together with the Go type, setting values
// directly and collecting findings.
type decoder struct {
	file     string
	lines    map[string]int
	path     []byte // the current field path
	findings diag.List
	dropped  int          // findings dropped beyond the cap
	first    diag.Finding // the least dropped finding
	nodes    int          // nodes visited, aliases counted at each use
	depth    int
	active   []*yaml.Node // alias targets being expanded, to catch cycles
	// site is the alias whose target is being decoded: a finding about the
	// target as a whole (its type) is at the line of the alias.
	site, siteTarget *yaml.Node
	stop             bool // a limit was hit: unwind without more findings
}

// errorAt adds an error finding at path and line. Paths and messages are
// clipped, so hostile keys (a megabyte long) cannot flood the output.
func (d *decoder) errorAt(path string, line int, rule, msg string) {
	path, msg = clip(path, maxPath), clip(msg, maxMessage)
	d.findings = append(d.findings, diag.Finding{Severity: diag.Error, Path: path, File: d.file, Line: line, Message: msg, Rule: rule})
	if len(d.findings) >= 4*MaxFindings {
		d.trim()
	}
}

// errorf adds an error finding at the current path.
func (d *decoder) errorf(line int, rule, format string, args ...any) {
	if d.overflow(line) {
		return
	}
	d.errorAt(string(d.path), line, rule, fmt.Sprintf(format, args...))
}

// overflow counts, without building it, a finding at line that the cap
// drops anyway: one after the least finding already dropped. This keeps
// input with a million errors cheap.
func (d *decoder) overflow(line int) bool {
	if d.dropped > 0 && line > d.first.Line {
		d.dropped++
		return true
	}
	return false
}

// trim keeps the MaxFindings least findings (in diag.List.Sort order) and
// remembers how many were dropped and the least of those.
func (d *decoder) trim() {
	if len(d.findings) <= MaxFindings {
		return
	}
	d.findings.Sort()
	for _, f := range d.findings[MaxFindings:] {
		if d.dropped == 0 || diag.Less(f, d.first) {
			d.first = f
		}
		d.dropped++
	}
	clear(d.findings[MaxFindings:])
	d.findings = d.findings[:MaxFindings]
}

// result returns the sorted, capped findings. The "… and N more" finding
// sits at the line and path of the least dropped one, so it sorts last.
func (d *decoder) result() diag.List {
	d.trim()
	d.findings.Sort()
	out := d.findings
	if d.dropped > 0 {
		f := d.first
		f.Message = fmt.Sprintf("… and %d more", d.dropped)
		f.Rule = RuleTooMany
		out = append(out, f)
	}
	return out
}

// visit charges one node to the budget and reports when it is spent.
func (d *decoder) visit(n *yaml.Node) bool {
	if d.stop {
		return false
	}
	d.nodes++
	if d.nodes > MaxNodes {
		d.errorf(d.lineHere(n), RuleLimit, "the fleet is too large: more than %d yaml nodes to decode, counting the content of an alias at each use", MaxNodes)
		d.stop = true
		return false
	}
	return true
}

// enter goes one level deeper and reports when that is too deep.
func (d *decoder) enter(n *yaml.Node) bool {
	d.depth++
	if d.depth > MaxDepth {
		d.errorf(d.lineHere(n), RuleLimit, "the fleet is nested too deeply: more than %d levels, counting aliases and merge keys", MaxDepth)
		d.stop = true
		return false
	}
	return true
}

func (d *decoder) leave() { d.depth-- }

// deref follows an alias. It returns the target and true, with the target
// pushed on the active stack (the caller pops it with d.release), or
// reports a cycle and returns false.
func (d *decoder) deref(n *yaml.Node) (*yaml.Node, bool) {
	t := n.Alias
	if t == nil {
		d.errorf(n.Line, RuleAlias, "alias *%s refers to nothing", n.Value)
		return nil, false
	}
	for _, a := range d.active {
		if a == t {
			d.errorf(n.Line, RuleAlias, "alias *%s refers to a value that contains it", n.Value)
			return nil, false
		}
	}
	d.active = append(d.active, t)
	return t, true
}

func (d *decoder) release() { d.active = d.active[:len(d.active)-1] }

// push appends a field name or map key to the current path and returns the
// length to restore.
func (d *decoder) push(key string) int {
	n := len(d.path)
	d.path = appendKey(d.path, key)
	return n
}

func (d *decoder) pushIndex(i int) int {
	n := len(d.path)
	d.path = append(d.path, '[')
	d.path = strconv.AppendInt(d.path, int64(i), 10)
	d.path = append(d.path, ']')
	return n
}

func (d *decoder) pop(n int) { d.path = d.path[:n] }

// record notes the line of the current path, unless the value comes through
// an alias: then Line finds the line of the alias, the nearest ancestor
// recorded. (This also bounds the index by the size of the file, not of
// the expansion.) The first line given for a path wins.
func (d *decoder) record(line int) {
	if len(d.active) > 0 {
		return
	}
	if _, seen := d.lines[string(d.path)]; !seen {
		d.lines[string(d.path)] = line
	}
}

// value decodes n into v. It reports whether n held a value: false for
// null (absent), and after an error that left nothing to set.
func (d *decoder) value(n *yaml.Node, v reflect.Value) bool {
	if n == nil || !d.visit(n) {
		return false
	}
	if n.Kind == yaml.AliasNode {
		if !d.enter(n) {
			return false
		}
		defer d.leave()
		t, ok := d.deref(n)
		if !ok {
			return false
		}
		defer d.release()
		site, target := d.site, d.siteTarget
		d.site, d.siteTarget = n, t
		ok = d.value(t, v)
		d.site, d.siteTarget = site, target
		return ok
	}
	if isNull(n) {
		return false
	}
	switch v.Kind() {
	case reflect.Pointer:
		e := reflect.New(v.Type().Elem())
		if !d.value(n, e.Elem()) {
			return false
		}
		v.Set(e)
		return true
	case reflect.Struct:
		return d.structValue(n, v)
	case reflect.Map:
		return d.mapValue(n, v)
	case reflect.Slice:
		return d.sliceValue(n, v)
	default:
		return d.scalar(n, v)
	}
}

func (d *decoder) structValue(n *yaml.Node, v reflect.Value) bool {
	if n.Kind != yaml.MappingNode {
		d.typeError(n, v.Type())
		return false
	}
	if !d.enter(n) {
		return false
	}
	defer d.leave()
	si := structInfoOf(v.Type())
	// seen: the key was given (for duplicates and merges); present: with a
	// value that is not null (for required fields). Structs of more than 64
	// fields would go unchecked past the 64th; TestStructInfo keeps them small.
	var seen, present uint64
	d.eachPair(n, false, func(k, val *yaml.Node, merged bool) {
		name, ok := d.key(k)
		if !ok {
			return
		}
		i, known := si.byName[name]
		if !known {
			// Also for a key a merge brings: it is reported at the line
			// where it is written.
			if d.overflow(k.Line) {
				return
			}
			p := d.push(name)
			msg := fmt.Sprintf("unknown field %s", quote(name))
			if s := suggest(name, si.names); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			d.errorf(k.Line, RuleUnknownField, "%s", msg)
			d.pop(p)
			return
		}
		f := &si.fields[i]
		bit := uint64(1) << (i & 63)
		p := d.push(f.name)
		defer d.pop(p)
		if seen&bit != 0 && i < 64 {
			if !merged {
				d.errorf(k.Line, RuleDuplicateKey, "duplicate key %q (first at line %d)", f.name, firstKeyLine(n, name))
			}
			return
		}
		seen |= bit
		d.record(k.Line)
		d.value(val, v.FieldByIndex(f.index))
		// A field written with the wrong type is not missing as well.
		if !isNullDeep(val) {
			present |= bit
		}
	})
	if d.stop {
		return true
	}
	for i := range si.fields {
		f := &si.fields[i]
		if f.required && i < 64 && present&(1<<i) == 0 {
			d.errorf(d.lineHere(n), RuleRequired, "missing required field %q", f.name)
		}
	}
	return true
}

// firstKeyLine is the line of the first key named name in mapping n.
func firstKeyLine(n *yaml.Node, name string) int {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind == yaml.AliasNode && k.Alias != nil {
			k = k.Alias
		}
		if k.Kind == yaml.ScalarNode && k.Value == name {
			return n.Content[i].Line
		}
	}
	return 0
}

func (d *decoder) mapValue(n *yaml.Node, v reflect.Value) bool {
	if n.Kind != yaml.MappingNode {
		d.typeError(n, v.Type())
		return false
	}
	t := v.Type()
	if t.Key().Kind() != reflect.String {
		d.errorf(n.Line, RuleType, "cannot decode into %s", t)
		return false
	}
	if !d.enter(n) {
		return false
	}
	defer d.leave()
	if v.IsNil() {
		v.Set(reflect.MakeMapWithSize(t, len(n.Content)/2))
	}
	elem := t.Elem()
	e := reflect.New(elem).Elem() // reused: SetMapIndex copies it
	d.eachPair(n, false, func(k, val *yaml.Node, merged bool) {
		name, ok := d.key(k)
		if !ok {
			return
		}
		p := d.push(name)
		defer d.pop(p)
		key := reflect.ValueOf(name).Convert(t.Key())
		if v.MapIndex(key).IsValid() {
			if !merged {
				d.errorf(k.Line, RuleDuplicateKey, "duplicate key %s (first at line %d)", quote(name), firstKeyLine(n, name))
			}
			return
		}
		d.record(k.Line)
		e.SetZero()
		if !d.value(val, e) && !d.stop && isNullDeep(val) {
			d.errorf(k.Line, RuleType, "expected %s, found null", expected(elem))
		}
		// Set even after an error, so a later duplicate is still caught.
		v.SetMapIndex(key, e)
	})
	return true
}

// lineOf is the line for a finding about node n as a whole: the line of
// the alias that brought it, if any.
func (d *decoder) lineOf(n *yaml.Node) int {
	if n == d.siteTarget && d.site != nil {
		return d.site.Line
	}
	return n.Line
}

// lineHere is the line recorded for the current path, else n's.
func (d *decoder) lineHere(n *yaml.Node) int {
	if l, ok := d.lines[string(d.path)]; ok && l > 0 {
		return l
	}
	return n.Line
}

func (d *decoder) sliceValue(n *yaml.Node, v reflect.Value) bool {
	if n.Kind != yaml.SequenceNode {
		d.typeError(n, v.Type())
		return false
	}
	if !d.enter(n) {
		return false
	}
	defer d.leave()
	elem := v.Type().Elem()
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		if d.stop {
			break
		}
		p := d.pushIndex(i)
		d.record(item.Line)
		if !d.value(item, s.Index(i)) && !d.stop && isNullDeep(item) {
			d.errorf(item.Line, RuleType, "expected %s, found null", expected(elem))
		}
		d.pop(p)
	}
	v.Set(s)
	return true
}

// eachPair calls fn for each key and value of mapping n: first the keys
// written in n, then those its merge keys (<<) bring, which never override
// a key already seen (merged is true for them).
func (d *decoder) eachPair(n *yaml.Node, merged bool, fn func(k, v *yaml.Node, merged bool)) {
	c := n.Content
	hasMerge := false
	for i := 0; i+1 < len(c) && !d.stop; i += 2 {
		if isMergeKey(c[i]) {
			hasMerge = true
			continue
		}
		if !d.visit(c[i]) {
			return
		}
		fn(c[i], c[i+1], merged)
	}
	if !hasMerge {
		return
	}
	for i := 0; i+1 < len(c) && !d.stop; i += 2 {
		if isMergeKey(c[i]) {
			d.merge(c[i+1], fn)
		}
	}
}

// merge brings the keys of the value of a merge key: a mapping, or a list
// of mappings (earlier ones win), each possibly an alias.
func (d *decoder) merge(v *yaml.Node, fn func(k, v *yaml.Node, merged bool)) {
	if !d.visit(v) || !d.enter(v) {
		return
	}
	defer d.leave()
	switch v.Kind {
	case yaml.AliasNode:
		t, ok := d.deref(v)
		if !ok {
			return
		}
		defer d.release()
		if t.Kind != yaml.MappingNode {
			d.errorf(v.Line, RuleType, "a merge key (<<) needs a mapping or a list of mappings, found %s", describe(t))
			return
		}
		d.eachPair(t, true, fn)
	case yaml.MappingNode:
		d.eachPair(v, true, fn)
	case yaml.SequenceNode:
		for _, item := range v.Content {
			if d.stop {
				return
			}
			if item.Kind != yaml.MappingNode && !(item.Kind == yaml.AliasNode && item.Alias != nil && item.Alias.Kind == yaml.MappingNode) {
				d.errorf(item.Line, RuleType, "a merge key (<<) needs a mapping or a list of mappings, found a list holding %s", describe(item))
				continue
			}
			d.merge(item, fn)
		}
	default:
		d.errorf(v.Line, RuleType, "a merge key (<<) needs a mapping or a list of mappings, found %s", describe(v))
	}
}

// key returns the text of a mapping key, following an alias.
func (d *decoder) key(k *yaml.Node) (string, bool) {
	if k.Kind == yaml.AliasNode && k.Alias != nil && k.Alias.Kind != yaml.AliasNode {
		k = k.Alias
	}
	if k.Kind != yaml.ScalarNode {
		d.errorf(k.Line, RuleType, "expected a key, found %s", describe(k))
		return "", false
	}
	if isNull(k) {
		d.errorf(k.Line, RuleType, "expected a key, found null")
		return "", false
	}
	return k.Value, true
}

// scalar decodes a scalar node into a string, boolean or number.
func (d *decoder) scalar(n *yaml.Node, v reflect.Value) bool {
	if n.Kind != yaml.ScalarNode {
		d.typeError(n, v.Type())
		return false
	}
	tag := n.ShortTag()
	switch v.Kind() {
	case reflect.String:
		switch tag {
		case strTag, timestampTag:
			v.SetString(n.Value)
			return true
		case intTag, floatTag, boolTag:
			d.errorf(d.lineOf(n), RuleType, "expected a string, found %s (put it in quotes to make it a string)", describe(n))
			return false
		}
	case reflect.Bool:
		if tag == boolTag {
			switch n.Value {
			case "true", "True", "TRUE":
				v.SetBool(true)
				return true
			case "false", "False", "FALSE":
				v.SetBool(false)
				return true
			}
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if tag == intTag || tag == floatTag {
			return d.integer(n, v)
		}
	case reflect.Float32, reflect.Float64:
		if tag == intTag || tag == floatTag {
			f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), v.Type().Bits())
			if err == nil {
				v.SetFloat(f)
				return true
			}
		}
	default:
		d.errorf(n.Line, RuleType, "cannot decode into %s", v.Type())
		return false
	}
	d.typeError(n, v.Type())
	return false
}

// integer parses the text of an integer (decimal, 0x, 0o, 0b, with _ as a
// separator) and checks it fits v.
func (d *decoder) integer(n *yaml.Node, v reflect.Value) bool {
	neg, mag, overflow, status := parseInteger(n.Value)
	switch status {
	case intNotInteger:
		d.typeError(n, v.Type())
		return false
	case intAmbiguous:
		d.errorf(d.lineOf(n), RuleType, "ambiguous integer %s: a leading zero makes it octal in yaml 1.1; write it without the zero, or with 0o for octal", n.Value)
		return false
	}
	var lo, hi string
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		bits := v.Type().Bits()
		max := uint64(1)<<(bits-1) - 1
		lo, hi = strconv.FormatInt(-int64(max)-1, 10), strconv.FormatUint(max, 10)
		switch {
		case overflow || (!neg && mag > max):
			d.errorf(d.lineOf(n), RuleType, "value %s is out of range (max %s)", n.Value, hi)
			return false
		case neg && mag > max+1:
			d.errorf(d.lineOf(n), RuleType, "value %s is out of range (min %s)", n.Value, lo)
			return false
		}
		if neg {
			v.SetInt(int64(-mag)) // two's complement: -(max+1) wraps to the min
		} else {
			v.SetInt(int64(mag))
		}
	default:
		bits := v.Type().Bits()
		max := ^uint64(0) >> (64 - bits)
		hi = strconv.FormatUint(max, 10)
		switch {
		case neg && mag > 0:
			d.errorf(d.lineOf(n), RuleType, "value %s is out of range (min 0)", n.Value)
			return false
		case overflow || mag > max:
			d.errorf(d.lineOf(n), RuleType, "value %s is out of range (max %s)", n.Value, hi)
			return false
		}
		v.SetUint(mag)
	}
	return true
}

const (
	intOK = iota
	intNotInteger
	intAmbiguous
)

// parseInteger parses yaml integer text into a sign and magnitude; overflow
// is set when the magnitude does not fit 64 bits.
func parseInteger(s string) (neg bool, mag uint64, overflow bool, status int) {
	if s == "" {
		return false, 0, false, intNotInteger
	}
	switch s[0] {
	case '-':
		neg = true
		s = s[1:]
	case '+':
		s = s[1:]
	}
	base := uint64(10)
	if len(s) > 1 && s[0] == '0' {
		switch s[1] {
		case 'x', 'X':
			base, s = 16, s[2:]
		case 'o', 'O':
			base, s = 8, s[2:]
		case 'b', 'B':
			base, s = 2, s[2:]
		default:
			if allDigits(s) {
				return neg, 0, false, intAmbiguous
			}
			return neg, 0, false, intNotInteger
		}
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		var dv uint64
		switch {
		case c == '_':
			continue
		case '0' <= c && c <= '9':
			dv = uint64(c - '0')
		case 'a' <= c && c <= 'f':
			dv = uint64(c-'a') + 10
		case 'A' <= c && c <= 'F':
			dv = uint64(c-'A') + 10
		default:
			return neg, 0, false, intNotInteger
		}
		if dv >= base {
			return neg, 0, false, intNotInteger
		}
		digits++
		if overflow {
			continue
		}
		if mag > (^uint64(0)-dv)/base {
			overflow = true
			continue
		}
		mag = mag*base + dv
	}
	if digits == 0 {
		return neg, 0, false, intNotInteger
	}
	return neg, mag, overflow, intOK
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '_' {
			return false
		}
	}
	return true
}

func (d *decoder) typeError(n *yaml.Node, t reflect.Type) {
	d.errorf(d.lineOf(n), RuleType, "expected %s, found %s", expected(t), describe(n))
}

// expected names what a Go type needs, in plain words.
func expected(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean (true or false)"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Struct, reflect.Map:
		return "a mapping"
	case reflect.Slice, reflect.Array:
		return "a list"
	}
	return "a value"
}

// describe says what a node is, in plain words.
func describe(n *yaml.Node) string {
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil || n.Alias.Kind == yaml.AliasNode {
			return "an alias"
		}
		n = n.Alias
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.DocumentNode:
		return "a document"
	case yaml.ScalarNode:
	default:
		return "nothing"
	}
	switch tag := n.ShortTag(); tag {
	case nullTag:
		return "null"
	case strTag:
		return "string " + quote(n.Value)
	case intTag:
		return "integer " + short(n.Value)
	case floatTag:
		return "number " + short(n.Value)
	case boolTag:
		return "boolean " + short(n.Value)
	case timestampTag:
		return "date " + short(n.Value)
	case mergeTag:
		return "a merge key (<<)"
	case "!!binary":
		return "binary data"
	default:
		return "a value tagged " + short(tag)
	}
}

const (
	maxShown   = 40  // of a value in a message
	maxPath    = 512 // of the path of a finding
	maxMessage = 512 // of the message of a finding
)

// clip cuts s to at most max bytes (and a "…"), at a rune boundary.
func clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !isRuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// short cuts long text for messages.
func short(s string) string { return clip(s, maxShown) }

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// quote Go-quotes s, cut if long.
func quote(s string) string {
	if c := short(s); c != s {
		return strconv.Quote(strings.TrimSuffix(c, "…")) + "…"
	}
	return strconv.Quote(s)
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == nullTag
}

// isNullDeep reports whether n is null, through an alias.
func isNullDeep(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return isNull(n)
}

func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Value == "<<" && k.ShortTag() == mergeTag
}

// joinWords joins "1", "2", "3" as "1, 2 and 3".
func joinWords(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
