package api_test

// A request generator over the JSON Schemas of an OpenAPI document: for
// each operation, requests the document calls valid (minimal, maximal,
// each enum value) and requests that break one of its rules each.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// An operation as the document describes it.
type operation struct {
	id, method, path string
	params           []parameter
	body             map[string]any // the request body's schema; nil for none
	write            bool           // needs the bearer token
	// refusals are the media types its 422 may come as: a problem, or a
	// page showing a person what is wrong (the board's search).
	refusals []string
}

type parameter struct {
	name, in string
	required bool
	schema   map[string]any
}

func operations(doc map[string]any) []operation {
	var ops []operation
	for path, item := range mapOf(doc["paths"]) {
		for method, o := range mapOf(item) {
			om := mapOf(o)
			op := operation{id: om["operationId"].(string), method: strings.ToUpper(method), path: path,
				write: len(listOf(om["security"])) > 0}
			for _, p := range listOf(om["parameters"]) {
				pm := mapOf(p)
				req, _ := pm["required"].(bool)
				op.params = append(op.params, parameter{name: pm["name"].(string), in: pm["in"].(string), required: req, schema: mapOf(pm["schema"])})
			}
			for media := range mapOf(mapOf(mapOf(om["responses"])["422"])["content"]) {
				op.refusals = append(op.refusals, media)
			}
			if rb := mapOf(om["requestBody"]); rb != nil {
				op.body = mapOf(mapOf(mapOf(rb["content"])["application/json"])["schema"])
			}
			ops = append(ops, op)
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].id < ops[j].id })
	return ops
}

// vocabulary is every string an enum of the document names: the words a
// field of one kind must refuse when they belong to another.
func vocabulary(doc map[string]any) []string {
	seen := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if k == "enum" {
					for _, s := range listOf(e) {
						if str, ok := s.(string); ok && str != "" {
							seen[str] = true
						}
					}
					continue
				}
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(doc)
	return mapKeysSorted(seen)
}

// shape says how to build one request: minimal (required parts only) or
// maximal (every part, longest and most), with some places set by hand.
// Places are named like body.evidence[].quote, body.votes{} (a map's
// values), query.limit, header.If-Match, path.id.
type shape struct {
	max    bool
	set    map[string]any    // the value at a place, taken as is
	count  map[string]int    // the number of items or entries at a place
	dup    map[string]bool   // the array at a place repeats its first item
	badKey map[string]string // the map at a place has its first key renamed
	noBody bool
}

// omitted, as a set value, leaves a place out.
type omittedValue struct{}

var omitted = omittedValue{}

// touches reports whether the shape sets anything at or under place.
func (sh shape) touches(place string) bool {
	for _, keys := range [][]string{mapKeysSorted(sh.set), mapKeysSorted(sh.count), mapKeysSorted(sh.dup), mapKeysSorted(sh.badKey)} {
		for _, k := range keys {
			if k == place || strings.HasPrefix(k, place+".") || strings.HasPrefix(k, place+"[") || strings.HasPrefix(k, place+"{") {
				return true
			}
		}
	}
	return false
}

// variant is a named shape: what the request is meant to show.
type variant struct {
	name  string
	place string // the place a broken rule is at; empty for valid ones
	shape shape
}

// generator builds request values from the document's schemas.
type generator struct {
	t          testing.TB
	doc        map[string]any
	vocabulary []string
	patterns   map[string]*regexp.Regexp
	// hook replaces a generated value where stored data decides what is
	// acceptable.
	hook func(place string, v any) any
	// unique places get a value not sent before.
	unique map[string]bool
	seq    int
}

// newGenerator reads doc; hook puts stored values in place, and the
// unique places get a value not sent before each time.
func newGenerator(doc map[string]any, hook func(place string, v any) any, unique ...string) *generator {
	g := &generator{doc: doc, vocabulary: vocabulary(doc), patterns: map[string]*regexp.Regexp{}, hook: hook, unique: map[string]bool{}}
	for _, u := range unique {
		g.unique[u] = true
	}
	return g
}

// deref follows a $ref, and reads anyOf [X, null] as X that may be null.
func (g *generator) deref(s map[string]any) (map[string]any, bool) {
	if alts := listOf(s["anyOf"]); len(alts) > 0 {
		var inner map[string]any
		nullable := false
		for _, a := range alts {
			if mapOf(a)["type"] == "null" {
				nullable = true
			} else {
				inner = mapOf(a)
			}
		}
		in, n := g.deref(inner)
		return in, nullable || n
	}
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		return g.deref(mapOf(mapOf(mapOf(g.doc["components"])["schemas"])[name]))
	}
	return s, slices.Contains(listOf(s["type"]), any("null"))
}

// typeOf is a schema's type other than null.
func typeOf(s map[string]any) string {
	switch t := s["type"].(type) {
	case string:
		return t
	case []any:
		for _, x := range t {
			if x != "null" {
				return x.(string)
			}
		}
	}
	if s["properties"] != nil {
		return "object"
	}
	return ""
}

func enumOf(s map[string]any) []any {
	var out []any
	for _, v := range listOf(s["enum"]) {
		if v != nil {
			out = append(out, v)
		}
	}
	return out
}

// value builds the value at place.
func (g *generator) value(s map[string]any, place string, sh shape, seed int) any {
	if v, ok := sh.set[place]; ok {
		return v
	}
	s, _ = g.deref(s)
	var v any
	switch {
	case s["const"] != nil:
		v = s["const"]
	case len(enumOf(s)) > 0:
		// The seed picks a value, so that the items of an array differ
		// (an array of unique items can be as long as the enum).
		vals := enumOf(s)
		v = vals[seed%len(vals)]
		if sh.max {
			v = vals[len(vals)-1-seed%len(vals)]
		}
	default:
		switch typeOf(s) {
		case "object":
			v = g.object(s, place, sh, seed)
		case "array":
			v = g.array(s, place, sh)
		case "string":
			if g.unique[place] {
				g.seq++
				seed = g.seq
			}
			length := -1
			if sh.max {
				length = -2
			}
			v = g.str(s, place, length, seed)
		case "integer":
			n, lo := int64(0), num(s, "minimum")
			if lo != nil {
				n = *lo
			}
			if hi := num(s, "maximum"); sh.max && hi != nil {
				n = *hi
			}
			v = n
		case "boolean":
			v = sh.max
		default:
			g.t.Fatalf("%s: no value for schema %v", place, s)
		}
	}
	if g.hook != nil {
		v = g.hook(place, v)
	}
	if bad, ok := sh.badKey[place]; ok {
		m := v.(map[string]any)
		first := mapKeysSorted(m)[0]
		m[bad] = m[first]
		delete(m, first)
	}
	return v
}

func (g *generator) object(s map[string]any, place string, sh shape, seed int) map[string]any {
	obj := map[string]any{}
	props := mapOf(s["properties"])
	if props == nil {
		if ap := mapOf(s["additionalProperties"]); ap != nil {
			return g.dictionary(s, ap, place, sh)
		}
	}
	required := listOf(s["required"])
	for _, name := range mapKeysSorted(props) {
		p := place + "." + name
		if !sh.max && !slices.Contains(required, any(name)) && !sh.touches(p) {
			continue
		}
		if v := g.value(mapOf(props[name]), p, sh, seed); v != omitted {
			obj[name] = v
		}
	}
	for k, v := range sh.set {
		if name, ok := strings.CutPrefix(k, place+"."); ok && props[name] == nil && !strings.ContainsAny(name, ".[{") {
			obj[name] = v
		}
	}
	// A rule tying properties together: where the if holds, the then's
	// properties are built anew under it.
	if cond := mapOf(s["if"]); cond != nil && holds(cond, obj) {
		for name, extra := range mapOf(mapOf(s["then"])["properties"]) {
			p := place + "." + name
			if _, present := obj[name]; !present || sh.touches(p) {
				continue
			}
			base, _ := g.deref(mapOf(props[name]))
			merged := map[string]any{}
			for k, v := range base {
				merged[k] = v
			}
			for k, v := range mapOf(extra) {
				merged[k] = v
			}
			obj[name] = g.value(merged, p, sh, seed)
		}
	}
	return obj
}

// holds reports whether obj meets an if schema made of required and const.
func holds(cond, obj map[string]any) bool {
	for _, r := range listOf(cond["required"]) {
		if _, ok := obj[r.(string)]; !ok {
			return false
		}
	}
	for name, ps := range mapOf(cond["properties"]) {
		if c, ok := mapOf(ps)["const"]; ok && obj[name] != nil && obj[name] != c {
			return false
		}
	}
	return true
}

func (g *generator) dictionary(s, values map[string]any, place string, sh shape) map[string]any {
	n := 1
	if lo := num(s, "minProperties"); lo != nil {
		n = int(*lo)
	}
	if hi := num(s, "maxProperties"); sh.max && hi != nil {
		n = int(*hi)
	}
	if c, ok := sh.count[place]; ok {
		n = c
	}
	names := mapOf(s["propertyNames"])
	if names == nil {
		names = map[string]any{"type": "string"}
	}
	out := map[string]any{}
	for i := 0; len(out) < n; i++ {
		key := g.str(names, place+"<key>", -1, i)
		out[key] = g.value(values, place+"{}", sh, i)
	}
	return out
}

func (g *generator) array(s map[string]any, place string, sh shape) []any {
	lo, hi := num(s, "minItems"), num(s, "maxItems")
	n := 0
	if lo != nil {
		n = int(*lo)
	}
	if sh.max {
		if hi != nil {
			n = int(*hi)
		} else {
			n++
		}
	}
	if n == 0 && sh.touches(place+"[]") {
		n = 1
	}
	if c, ok := sh.count[place]; ok {
		n = c
	}
	out := make([]any, n)
	for i := range out {
		out[i] = g.value(mapOf(s["items"]), place+"[]", sh, i)
	}
	if sh.dup[place] && n > 1 {
		out[1] = out[0]
	}
	return out
}

func num(s map[string]any, k string) *int64 {
	f, ok := s[k].(float64)
	if !ok {
		return nil
	}
	n := int64(f)
	return &n
}

// str builds a string meeting the schema's pattern, format and lengths,
// of the given length (-1 shortest, -2 longest); seed makes it differ
// from the strings built with other seeds.
func (g *generator) str(s map[string]any, place string, length, seed int) string {
	v, err := g.tryStr(s, length, seed)
	if err != nil {
		g.t.Fatalf("%s: %v", place, err)
	}
	return v
}

func (g *generator) tryStr(s map[string]any, length, seed int) (string, error) {
	if s["format"] == "date" {
		return "2000-01-01", nil
	}
	minLen, maxLen := 0, -1
	if n := num(s, "minLength"); n != nil {
		minLen = int(*n)
	}
	if n := num(s, "maxLength"); n != nil {
		maxLen = int(*n)
	}
	pattern, _ := s["pattern"].(string)
	build := func(budget int) ([]slot, error) {
		if pattern == "" {
			out := make([]slot, budget)
			for i := range out {
				out[i] = slot{'a', 'z', '0', '9'}
			}
			return out, nil
		}
		re, err := syntax.Parse(pattern, syntax.Perl)
		if err != nil {
			return nil, err
		}
		return slotsOf(re, &budget), nil
	}
	shortest, err := build(0)
	if err != nil {
		return "", err
	}
	target := length
	switch length {
	case -1:
		target = max(minLen, len(shortest))
	case -2:
		target = maxLen
		if maxLen < 0 {
			// Unbounded: long enough to meet a limit the document left out.
			grown, err := build(unboundedLength)
			if err != nil {
				return "", err
			}
			target = max(minLen, len(grown))
		}
	}
	// Grow until the seed can make the string differ from the others.
	for seed > 0 && capacity(shortest, target) <= seed && (maxLen < 0 || target < maxLen) && length < 0 {
		target++
	}
	if pattern == "" {
		shortest = nil
	}
	slots, err := build(target - len(shortest))
	if err != nil {
		return "", err
	}
	v := fill(slots, seed)
	if utf8.RuneCountInString(v) != target || !g.matches(pattern, v) {
		return v, fmt.Errorf("cannot build a string of length %d for %v (got %q)", target, s, v)
	}
	return v, nil
}

// unboundedLength is how long the maximal request makes a string that has
// no maxLength: past any limit the server keeps on such a field.
const unboundedLength = 1000

func (g *generator) matches(pattern, v string) bool {
	if pattern == "" {
		return true
	}
	re, ok := g.patterns[pattern]
	if !ok {
		re = regexp.MustCompile(pattern)
		g.patterns[pattern] = re
	}
	return re.MatchString(v)
}

// slot is one character of a generated string: the ranges it may be
// drawn from, as lo, hi pairs.
type slot []rune

// slotsOf lays out a string re matches: the first alternative of each
// choice, each repetition the fewest times, except that budget more
// characters go to the first repetitions that can grow.
func slotsOf(re *syntax.Regexp, budget *int) []slot {
	switch re.Op {
	case syntax.OpLiteral:
		out := make([]slot, len(re.Rune))
		for i, r := range re.Rune {
			out[i] = slot{r, r}
		}
		return out
	case syntax.OpCharClass:
		return []slot{slot(re.Rune)}
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return []slot{{'a', 'a'}}
	case syntax.OpCapture:
		return slotsOf(re.Sub[0], budget)
	case syntax.OpConcat:
		var out []slot
		for _, sub := range re.Sub {
			out = append(out, slotsOf(sub, budget)...)
		}
		return out
	case syntax.OpAlternate:
		return slotsOf(re.Sub[0], budget)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		lo, hi := 0, -1 // -1: no limit
		switch re.Op {
		case syntax.OpPlus:
			lo = 1
		case syntax.OpQuest:
			hi = 1
		case syntax.OpRepeat:
			lo, hi = re.Min, re.Max
		}
		var out []slot
		n := 0
		for ; n < lo; n++ {
			zero := 0
			out = append(out, slotsOf(re.Sub[0], &zero)...)
		}
		for ; hi < 0 || n < hi; n++ {
			zero := 0
			one := slotsOf(re.Sub[0], &zero)
			if len(one) == 0 || len(one) > *budget {
				break
			}
			*budget -= len(one)
			out = append(out, one...)
		}
		return out
	}
	return nil
}

// preferred are the characters strings are made of where the pattern
// allows: lower case and digits, so that two differ even ignoring case.
const preferred = "abcdefghijklmnopqrstuvwxyz0123456789"

// choices are the preferred characters the slot allows, or else its first.
func (s slot) choices() []rune {
	var out []rune
	for _, r := range preferred {
		for i := 0; i+1 < len(s); i += 2 {
			if s[i] <= r && r <= s[i+1] {
				out = append(out, r)
				break
			}
		}
	}
	if len(out) == 0 {
		out = []rune{s[0]}
	}
	return out
}

// capacity is how many different strings of length characters the slots
// can make, with preferred characters for any beyond them; it stops
// counting past a billion.
func capacity(slots []slot, length int) int {
	c := 1
	for i, s := range slots {
		if i >= length {
			break
		}
		c *= len(s.choices())
		if c > 1<<30 {
			return c
		}
	}
	if length > len(slots) {
		for range length - len(slots) {
			c *= len(preferred)
			if c > 1<<30 {
				return c
			}
		}
	}
	return c
}

// fill writes a string in the slots: the first preferred character of
// each, but with seed written in the last ones, as digits in the base of
// their choices.
func fill(slots []slot, seed int) string {
	rs := make([]rune, len(slots))
	for i, s := range slots {
		rs[i] = s.choices()[0]
	}
	for i := len(slots) - 1; i >= 0 && seed > 0; i-- {
		c := slots[i].choices()
		if len(c) < 2 {
			continue
		}
		rs[i] = c[seed%len(c)]
		seed /= len(c)
	}
	return string(rs)
}

// places lists every place in an operation's request with its schema.
func (g *generator) places(op operation) []place {
	var out []place
	for _, p := range op.params {
		out = append(out, place{name: p.in + "." + p.name, in: p.in, schema: p.schema, required: p.required})
	}
	if op.body == nil {
		return out
	}
	var walk func(name string, s map[string]any, required bool)
	walk = func(name string, s map[string]any, required bool) {
		d, nullable := g.deref(s)
		out = append(out, place{name: name, in: "body", schema: d, required: required, nullable: nullable})
		switch typeOf(d) {
		case "object":
			req := listOf(d["required"])
			for _, k := range mapKeysSorted(mapOf(d["properties"])) {
				walk(name+"."+k, mapOf(mapOf(d["properties"])[k]), slices.Contains(req, any(k)))
			}
			if ap := mapOf(d["additionalProperties"]); ap != nil {
				walk(name+"{}", ap, true)
			}
		case "array":
			walk(name+"[]", mapOf(d["items"]), true)
		}
	}
	walk("body", op.body, true)
	return out
}

// place is one part of a request: a parameter, or a value in the body.
type place struct {
	name, in           string
	schema             map[string]any
	required, nullable bool
}

// valid lists the requests the document calls valid: the minimal and the
// maximal one, each enum value and each boolean in turn, null where a
// property takes it, and each listed word a list parameter accepts.
func (g *generator) valid(op operation) []variant {
	out := []variant{{name: "minimal"}, {name: "maximal", shape: shape{max: true}}}
	for _, p := range g.places(op) {
		s, _ := g.deref(p.schema)
		var vals []any
		switch {
		case len(enumOf(s)) > 0:
			vals = enumOf(s)
		case typeOf(s) == "boolean":
			vals = []any{false, true}
		case typeOf(s) == "string" && wordList.MatchString(strOf(s["pattern"])):
			for _, w := range g.vocabulary {
				if g.matches(strOf(s["pattern"]), w) {
					vals = append(vals, w)
				}
			}
		}
		for _, v := range vals {
			out = append(out, variant{name: p.name + " = " + jsonText(v), shape: shape{set: map[string]any{p.name: v}}})
		}
		if p.nullable && p.name != "body" {
			out = append(out, variant{name: p.name + " = null", shape: shape{set: map[string]any{p.name: nil}}})
		}
	}
	return out
}

// wordList finds a pattern that lists words: (a|b|c).
var wordList = regexp.MustCompile(`\(\w+(\|\w+)+\)`)

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// invalid lists requests that each break one rule of the document.
func (g *generator) invalid(op operation) []variant {
	var out []variant
	add := func(p place, what string, sh shape) {
		out = append(out, variant{name: p.name + ": " + what, place: p.name, shape: sh})
	}
	set := func(p place, what string, v any) { add(p, what, shape{set: map[string]any{p.name: v}}) }
	if op.body != nil {
		out = append(out, variant{name: "no body", place: "body", shape: shape{noBody: true}})
	}
	for _, p := range g.places(op) {
		s := p.schema
		if p.in != "body" {
			s, _ = g.deref(s)
		}
		if p.required && p.in == "header" {
			set(p, "missing", omitted)
		}
		if p.in == "body" && !p.nullable {
			set(p, "null", nil)
		}
		if p.in == "body" && p.required && p.name != "body" && !strings.HasSuffix(p.name, "[]") && !strings.HasSuffix(p.name, "{}") {
			set(p, "missing", omitted)
		}
		if vals := enumOf(s); len(vals) > 0 {
			for _, w := range append(slices.Clone(g.vocabulary), "zzz") {
				if !slices.Contains(vals, any(w)) {
					set(p, fmt.Sprintf("%q not in the enum", w), w)
				}
			}
			if p.in == "body" {
				set(p, "not a string", 5)
			}
			continue
		}
		switch typeOf(s) {
		case "string":
			for _, b := range g.stringBreaks(s, p) {
				set(p, b.what, b.value)
			}
			if p.in == "body" {
				set(p, "not a string", 12345)
			}
		case "integer":
			if lo := num(s, "minimum"); lo != nil {
				set(p, "below minimum", *lo-1)
			}
			if hi := num(s, "maximum"); hi != nil {
				set(p, "above maximum", *hi+1)
			}
			set(p, "not an integer", 1.5)
			if p.in == "body" {
				set(p, "a string", "1")
			} else {
				set(p, "not a number", "x")
			}
		case "boolean":
			if p.in == "body" {
				set(p, "a string", "true")
			} else {
				set(p, "not true or false", "yes")
			}
		case "array":
			if lo := num(s, "minItems"); lo != nil && *lo > 0 {
				add(p, "too few items", shape{count: map[string]int{p.name: int(*lo) - 1}})
			}
			if hi := num(s, "maxItems"); hi != nil {
				add(p, "too many items", shape{count: map[string]int{p.name: int(*hi) + 1}})
			}
			if s["uniqueItems"] == true {
				add(p, "an item twice", shape{count: map[string]int{p.name: 2}, dup: map[string]bool{p.name: true}})
			}
			set(p, "not an array", "x")
		case "object":
			if p.name == "body" {
				set(p, "an array", []any{})
				set(p, "a string", "x")
			} else {
				set(p, "not an object", "x")
			}
			if mapOf(s["properties"]) != nil && s["additionalProperties"] == false {
				add(p, "an unknown property", shape{set: map[string]any{p.name + ".zzz_extra": "x"}})
			}
			if lo := num(s, "minProperties"); lo != nil && *lo > 0 {
				add(p, "too few entries", shape{count: map[string]int{p.name: int(*lo) - 1}})
			}
			if hi := num(s, "maxProperties"); hi != nil {
				add(p, "too many entries", shape{count: map[string]int{p.name: int(*hi) + 1}})
			}
			if names := mapOf(s["propertyNames"]); names != nil {
				for _, b := range g.stringBreaks(names, place{name: p.name + "<key>", in: "body"}) {
					add(p, "a key "+b.what, shape{badKey: map[string]string{p.name: b.value.(string)}})
				}
			}
			// Break what the then of an if/then requires, with the if met.
			if cond := mapOf(s["if"]); cond != nil {
				when := map[string]any{}
				for name, ps := range mapOf(cond["properties"]) {
					when[p.name+"."+name] = mapOf(ps)["const"]
				}
				for name, ps := range mapOf(mapOf(s["then"])["properties"]) {
					if hi := num(mapOf(ps), "maxItems"); hi != nil {
						add(p, fmt.Sprintf("%v and more than %d %s", when, *hi, name),
							shape{set: when, count: map[string]int{p.name + "." + name: int(*hi) + 1}})
					}
					// A map whose values the then narrows: a value the
					// property takes otherwise.
					if narrow := enumOf(mapOf(mapOf(ps)["additionalProperties"])); len(narrow) > 0 {
						base, _ := g.deref(mapOf(mapOf(s["properties"])[name]))
						values, _ := g.deref(mapOf(base["additionalProperties"]))
						for _, v := range enumOf(values) {
							if !slices.Contains(narrow, v) {
								set := map[string]any{p.name + "." + name + "{}": v}
								for k, c := range when {
									set[k] = c
								}
								add(p, fmt.Sprintf("%v and %s holding %v", when, name, v), shape{set: set})
							}
						}
					}
				}
			}
		}
	}
	return out
}

type badValue struct {
	what  string
	value any
}

// breakers are strings that break common patterns: blank, control
// characters, wrong shapes.
var breakers = []string{" ", "\t", "\u00a0", "\u3000", "x\x01y", "\x7f", "a b", "A1", "é", "aaaa", "2012-1-30", "30/01/2012", "a,", ",a", "ftp://x", "http:x", "1", ""}

// stringBreaks lists values of a string place that break one of its
// rules: too long, too short, not matching its pattern, not a date.
func (g *generator) stringBreaks(s map[string]any, p place) []badValue {
	var out []badValue
	pattern := strOf(s["pattern"])
	minLen, maxLen := num(s, "minLength"), num(s, "maxLength")
	if maxLen != nil {
		v, err := g.tryStr(s, int(*maxLen)+1, 0)
		if err != nil {
			// The pattern bounds the length too: go one past its longest.
			longest, err := g.tryStr(s, int(*maxLen), 0)
			if err != nil {
				g.t.Fatal(err)
			}
			v = longest + longest[len(longest)-1:]
		}
		out = append(out, badValue{"longer than maxLength", v})
	}
	if minLen != nil && *minLen > 1 {
		if v, err := g.tryStr(s, int(*minLen)-1, 0); err == nil {
			out = append(out, badValue{"shorter than minLength", v})
		}
	}
	if pattern != "" {
		candidates := slices.Clone(breakers)
		if wordList.MatchString(pattern) {
			// A list of words must refuse the words of other lists.
			candidates = append(candidates, g.vocabulary...)
		}
		for _, b := range candidates {
			length := int64(utf8.RuneCountInString(b))
			switch {
			case g.matches(pattern, b),
				minLen != nil && length < *minLen, maxLen != nil && length > *maxLen,
				// An empty header is no header, and an empty path segment
				// is another path.
				b == "" && (p.in == "header" || p.in == "path"):
				continue
			}
			out = append(out, badValue{fmt.Sprintf("%q does not match the pattern", b), b})
		}
	}
	if s["format"] == "date" {
		out = append(out, badValue{"not a calendar date", "2012-02-30"})
	}
	return out
}

// request is a generated request, ready to send.
type request struct {
	method, target string
	header         http.Header
	body           []byte
}

// build lays out the request a shape describes.
func (g *generator) build(op operation, sh shape) request {
	path := op.path
	query := url.Values{}
	header := http.Header{}
	for _, p := range op.params {
		place := p.in + "." + p.name
		if !p.required && !sh.max && !sh.touches(place) {
			continue
		}
		v := g.value(p.schema, place, sh, 0)
		if v == omitted {
			continue
		}
		text := paramText(v)
		switch p.in {
		case "path":
			path = strings.ReplaceAll(path, "{"+p.name+"}", url.PathEscape(text))
		case "query":
			query.Set(p.name, text)
		case "header":
			header.Set(p.name, text)
		}
	}
	r := request{method: op.method, target: path, header: header}
	if len(query) > 0 {
		r.target += "?" + query.Encode()
	}
	if op.body != nil && !sh.noBody {
		b, err := json.Marshal(g.value(op.body, "body", sh, 0))
		if err != nil {
			g.t.Fatal(err)
		}
		r.body = b
		header.Set("Content-Type", "application/json")
	}
	return r
}

func paramText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	panic(fmt.Sprintf("no text for %T", v))
}

func mapOf(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func listOf(v any) []any {
	switch x := v.(type) {
	case []any:
		return x
	case string:
		return []any{x}
	}
	return nil
}

func strOf(v any) string {
	s, _ := v.(string)
	return s
}

func mapKeysSorted[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
