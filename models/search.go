package models

import (
	"strings"
	"unicode/utf8"
)

// SearchKind is the kind of resource a search hit is.
type SearchKind string

// The kinds of resource search finds.
const (
	SearchDraft    SearchKind = "draft"
	SearchMeeting  SearchKind = "meeting"
	SearchPosition SearchKind = "position"
	SearchSource   SearchKind = "source"
)

// SearchKinds lists the kinds, for validation and documentation.
var SearchKinds = []SearchKind{SearchDraft, SearchMeeting, SearchPosition, SearchSource}

// Bounds of a search query: what one query may ask the index to do.
const (
	MaxSearchLen    = 256 // bytes of q
	MaxSearchTerms  = 12  // words, counting each word of a phrase
	MinSearchPrefix = 2   // letters before a *, so a prefix names few words
	MaxSearchLimit  = 100
)

// SearchTerm is one thing a query asks for: a word, or a phrase of
// several words in order (an "exact phrase", or a word the tokenizer
// splits, such as S/2012/77 or d'Ivoire). Words are folded as the index
// folds them; with Prefix the last word is a prefix.
type SearchTerm struct {
	Words    []string
	Prefix   bool
	Excluded bool
}

// SearchQuery is a parsed query: every term not excluded must match, no
// excluded one may. Symbols are the terms written as document symbols
// (S/2012/77), upper-cased: a document of that very symbol ranks first.
type SearchQuery struct {
	Terms   []SearchTerm
	Symbols []string
}

// ParseSearch reads the query language: words (all must match), "exact
// phrases", prefix*, and -excluded words or phrases. What it cannot read
// is an invalid field q saying why.
func ParseSearch(q string) (SearchQuery, error) {
	if len(q) > MaxSearchLen {
		return SearchQuery{}, InvalidField("q", "is longer than %d bytes", MaxSearchLen)
	}
	if !utf8.ValidString(q) {
		return SearchQuery{}, InvalidField("q", "is not UTF-8 text")
	}
	if strings.Count(q, `"`)%2 != 0 {
		return SearchQuery{}, InvalidField("q", `has a " that opens a phrase and none that closes it`)
	}
	var out SearchQuery
	words, positive := 0, false
	for _, raw := range splitQuery(q) {
		t, symbol, err := parseTerm(raw)
		if err != nil {
			return SearchQuery{}, err
		}
		if len(t.Words) == 0 {
			continue
		}
		if words += len(t.Words); words > MaxSearchTerms {
			return SearchQuery{}, InvalidField("q", "has more than %d words", MaxSearchTerms)
		}
		positive = positive || !t.Excluded
		if symbol != "" && !t.Excluded {
			out.Symbols = append(out.Symbols, symbol)
		}
		out.Terms = append(out.Terms, t)
	}
	switch {
	case !positive && len(out.Terms) > 0:
		return SearchQuery{}, InvalidField("q", "only leaves words out: give at least one word to find")
	case !positive:
		return SearchQuery{}, InvalidField("q", "has no word to find")
	}
	return out, nil
}

// splitQuery cuts q into its terms: runs of non-space outside quotes,
// and each quoted phrase with the - that may lead it.
func splitQuery(q string) []string {
	var out []string
	var cur strings.Builder
	quoted := false
	for _, r := range q {
		switch {
		case r == '"':
			cur.WriteRune(r)
			if quoted {
				out = append(out, cur.String())
				cur.Reset()
			}
			quoted = !quoted
		case !quoted && (r == ' ' || r == '\t' || r == '\n' || r == '\r'):
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// parseTerm reads one term: -, then a word or a quoted phrase, then *.
func parseTerm(raw string) (SearchTerm, string, error) {
	var t SearchTerm
	if strings.HasPrefix(raw, "-") && len(raw) > 1 {
		t.Excluded = true
		raw = raw[1:]
	}
	phrase := strings.HasPrefix(raw, `"`)
	if phrase {
		if !strings.HasSuffix(raw, `"`) || len(raw) < 2 {
			return t, "", InvalidField("q", `has a phrase followed by more text without a space: %q`, raw)
		}
		raw = raw[1 : len(raw)-1]
	}
	if i := strings.IndexByte(raw, '*'); i >= 0 {
		if i != len(raw)-1 {
			return t, "", InvalidField("q", "has a * that does not end a word: %q (write prefix*)", raw)
		}
		t.Prefix = true
		raw = raw[:i]
	}
	if strings.Contains(raw, `"`) {
		return t, "", InvalidField("q", `has a " inside a word: %q`, raw)
	}
	t.Words = Tokens(raw)
	if t.Prefix && (len(t.Words) == 0 || utf8.RuneCountInString(t.Words[len(t.Words)-1]) < MinSearchPrefix) {
		return t, "", InvalidField("q", "has a prefix shorter than %d letters before its *", MinSearchPrefix)
	}
	symbol := ""
	if !phrase && !t.Prefix && strings.Contains(raw, "/") {
		symbol = strings.ToUpper(strings.TrimRight(raw, ".,;:"))
	}
	return t, symbol, nil
}

// SearchFilter is a search and what it is narrowed to.
type SearchFilter struct {
	Query  SearchQuery
	Kinds  []SearchKind
	Member string // a member's code: its positions and the drafts it sponsored
	From   *Date
	To     *Date
	Cursor string
	Limit  int
}

// SearchHit is one document found, best first.
type SearchHit struct {
	Kind    SearchKind    `json:"kind" enum:"draft,meeting,position,source" desc:"what was found: a draft, a meeting of the record, a member's position (with its evidence), a source"`
	ID      string        `json:"id" desc:"the resource's id: a draft's, position's or source's number, a meeting's symbol"`
	Title   string        `json:"title" desc:"a draft's or source's title, a meeting's symbol, or for a position its member and draft"`
	Date    Date          `json:"date" desc:"the day the draft was introduced, the meeting met, the position was observed or the source published"`
	Member  string        `json:"member,omitempty" desc:"a position's member"`
	DraftID int64         `json:"draft_id,omitempty" desc:"the draft a draft or position is about"`
	Link    string        `json:"link" desc:"the resource's path in this API"`
	Snippet []SnippetPart `json:"snippet" desc:"a short passage of the document, in parts; parts with match true are the words the query matched"`
	Score   float64       `json:"score" desc:"the rank: higher is better; comparable only within one search"`

	// Doc is the hit's document in the index, which orders hits of one rank.
	Doc int64 `json:"-"`
}

// SnippetPart is a run of a snippet's text, matched or not.
type SnippetPart struct {
	Text  string `json:"text" desc:"the run's text, as the document has it"`
	Match bool   `json:"match,omitempty" desc:"true when the run is words the query matched; absent otherwise"`
}

// Size estimates a hit's encoded size.
func (h SearchHit) Size() int {
	n := TextSize(h.ID, h.Title, h.Link) + 120
	for _, p := range h.Snippet {
		n += TextSize(p.Text) + 16
	}
	return n
}

// Check reports what is wrong with the filter's bounds.
func (f SearchFilter) Check() error {
	var p Problems
	if f.Member != "" && !ValidCode(f.Member) {
		p.Add("member", "must be an ISO 3166-1 alpha-3 code such as RUS")
	}
	if f.From != nil && f.To != nil && *f.To < *f.From {
		p.Add("to", "is before from")
	}
	if _, _, err := PageArgs(f.Cursor, 0); err != nil {
		p.addAll(err)
	}
	if f.Limit > MaxSearchLimit {
		p.Add("limit", "must be at most %d", MaxSearchLimit)
	}
	return p.Err()
}
