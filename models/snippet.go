package models

import (
	"strings"
	"unicode/utf8"
)

// SnippetLen is about how many bytes of a document a snippet shows.
const SnippetLen = 180

// snippetLead is how much text a snippet shows before its first match.
const snippetLead = 50

type span struct{ from, to int }

// Snippet cuts a short passage of text around the words q matched,
// marking them. The passage starts a little before the window of text
// holding the most matches, on a word's start; "…" stands for what is
// cut off. Text without a match gives its beginning.
func Snippet(text string, q SearchQuery) []SnippetPart {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return []SnippetPart{}
	}
	words := wordSpans(text)
	hits := matchSpans(text, words, q)
	start := 0
	if len(hits) > 0 {
		start = bestWindow(hits)
		start = wordStartBefore(words, max(0, start-snippetLead))
	}
	end := min(len(text), start+SnippetLen)
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end--
	}
	end = wordEndBefore(words, start, end)
	var out []SnippetPart
	if start > 0 {
		out = append(out, SnippetPart{Text: "…"})
	}
	at := start
	for _, h := range hits {
		if h.from < start || h.to > end {
			continue
		}
		if h.from > at {
			out = appendPart(out, text[at:h.from], false)
		}
		out = appendPart(out, text[h.from:h.to], true)
		at = h.to
	}
	if at < end {
		out = appendPart(out, text[at:end], false)
	}
	if end < len(text) {
		out = appendPart(out, "…", false)
	}
	return out
}

// matchSpans finds where q's terms (not excluded ones) match the words
// of text: a phrase's words in a row, marked as one span from its first
// word to its last, so that S/2012/77 is marked whole and a lone S is not.
func matchSpans(text string, words []span, q SearchQuery) []span {
	folded := make([]string, len(words))
	for i, w := range words {
		folded[i] = foldWord(text[w.from:w.to])
	}
	var out []span
	for i := 0; i < len(words); i++ {
		longest := 0
		for _, t := range q.Terms {
			if n := len(t.Words); !t.Excluded && n > longest && termAt(t, folded[i:]) {
				longest = n
			}
		}
		if longest > 0 {
			out = append(out, span{words[i].from, words[i+longest-1].to})
			i += longest - 1
		}
	}
	return out
}

// termAt reports whether t's words begin words.
func termAt(t SearchTerm, words []string) bool {
	if len(words) < len(t.Words) {
		return false
	}
	for j, w := range t.Words {
		if words[j] != w && !(t.Prefix && j == len(t.Words)-1 && strings.HasPrefix(words[j], w)) {
			return false
		}
	}
	return true
}

// appendPart adds a part, joining it to the last when both are unmarked.
func appendPart(out []SnippetPart, text string, match bool) []SnippetPart {
	if n := len(out); n > 0 && !match && !out[n-1].Match {
		out[n-1].Text += text
		return out
	}
	return append(out, SnippetPart{Text: text, Match: match})
}

// bestWindow is where the SnippetLen window holding the most hits starts.
func bestWindow(hits []span) int {
	best, bestN := hits[0].from, 0
	for i, h := range hits {
		n := 0
		for _, o := range hits[i:] {
			if o.to-h.from > SnippetLen-snippetLead {
				break
			}
			n++
		}
		if n > bestN {
			best, bestN = h.from, n
		}
	}
	return best
}

func wordSpans(text string) []span {
	var out []span
	from := -1
	for i, r := range text {
		switch {
		case isWordRune(r) && from < 0:
			from = i
		case !isWordRune(r) && from >= 0:
			out = append(out, span{from, i})
			from = -1
		}
	}
	if from >= 0 {
		out = append(out, span{from, len(text)})
	}
	return out
}

// wordStartBefore is the start of the first word at or after at.
func wordStartBefore(words []span, at int) int {
	for _, w := range words {
		if w.to > at {
			if w.from < at {
				continue
			}
			return w.from
		}
	}
	return at
}

// wordEndBefore moves end back so that it does not cut a word in two.
func wordEndBefore(words []span, start, end int) int {
	for i := len(words) - 1; i >= 0; i-- {
		w := words[i]
		if w.from < end && w.to > end && w.from > start {
			return w.from
		}
	}
	return end
}

func foldWord(w string) string { return strings.Map(foldWordRune, w) }
