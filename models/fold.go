package models

import (
	"strings"
	"unicode"
)

// foldGroups maps letters with diacritics to the letter without, as
// SQLite's unicode61 tokenizer (remove_diacritics=2) folds them: letters
// that decompose into a base and marks (é, ü, ş), not letters of their
// own (ø, ł, ı), which it keeps as they are. The
// PostgreSQL index folds by the same table (FoldFrom, FoldTo), so a word
// finds the same documents on either database.
var foldGroups = []struct{ from, to string }{
	{"àáâãäåāăąǎǻȁȃȧ", "a"}, {"çćĉċč", "c"}, {"ď", "d"},
	{"èéêëēĕėęěȅȇȩ", "e"}, {"ĝğġģǧ", "g"}, {"ĥ", "h"},
	{"ìíîïĩīĭįǐȉȋ", "i"}, {"ĵ", "j"}, {"ķǩ", "k"}, {"ĺļľ", "l"},
	{"ñńņňǹ", "n"}, {"òóôõöōŏőǒȍȏȯ", "o"}, {"ŕŗřȑȓ", "r"},
	{"śŝşšș", "s"}, {"ţťț", "t"}, {"ùúûüũūŭůűųǔǖǘǚǜȕȗ", "u"},
	{"ŵ", "w"}, {"ýÿŷ", "y"}, {"źżž", "z"},
}

var foldTable = func() map[rune]rune {
	m := map[rune]rune{}
	for _, g := range foldGroups {
		to := []rune(g.to)[0]
		for _, r := range g.from {
			m[r] = to
		}
	}
	return m
}()

// FoldFrom and FoldTo are the fold table as two strings of equal length
// in runes, for SQL's translate().
func FoldFrom() string {
	var b strings.Builder
	for _, g := range foldGroups {
		b.WriteString(g.from)
	}
	return b.String()
}

// FoldTo is FoldFrom's letters folded.
func FoldTo() string {
	var b strings.Builder
	for _, g := range foldGroups {
		b.WriteString(strings.Repeat(g.to, len([]rune(g.from))))
	}
	return b.String()
}

// FoldRune lowers r and takes its diacritics off.
func FoldRune(r rune) rune {
	r = unicode.ToLower(r)
	if f, ok := foldTable[r]; ok {
		return f
	}
	return r
}

// isWordRune is what both indexes take as part of a word: letters and
// digits; everything else (spaces, '/', '.', apostrophes) separates.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Tokens splits s into its words, folded as the indexes fold them.
func Tokens(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) }) {
		out = append(out, strings.Map(foldWordRune, w))
	}
	return out
}

// foldWordRune folds r, dropping combining marks (a decomposed é).
func foldWordRune(r rune) rune {
	if unicode.Is(unicode.Mn, r) {
		return -1
	}
	return FoldRune(r)
}
