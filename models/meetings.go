package models

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Meeting is one meeting of the Council as its record lists it: the
// record's symbol (S/PV.6711; a resumption or part keeps its suffix, as
// in S/PV.3046 (Resumption 1)), the day, whether it was closed, the press
// release, the items on its agenda and what it decided. Decisions of 2020
// taken by written procedure, with no meeting, are listed under the
// letter that announced them.
type Meeting struct {
	Symbol       string     `json:"symbol"`
	Date         Date       `json:"date"`
	Closed       bool       `json:"closed"`
	Procedure    Procedure  `json:"procedure"`
	PressRelease string     `json:"press_release"`
	Agenda       []string   `json:"agenda"`
	Decisions    []Decision `json:"decisions"`
	// Source says where the meeting's facts come from: the Library's
	// table of its year, or the press release.
	Source string `json:"source"`
}

// DecisionKind is what a meeting produced.
type DecisionKind string

// The kinds of decision: a resolution adopted; a presidential statement;
// a communiqué (issued after a closed meeting); a draft put to the vote
// and not adopted (vetoed, or short of the votes); any other decision the
// record names in words (a letter, a note by the President).
const (
	DecisionResolution            DecisionKind = "resolution"
	DecisionPresidentialStatement DecisionKind = "presidential_statement"
	DecisionCommunique            DecisionKind = "communique"
	DecisionDraftNotAdopted       DecisionKind = "draft_not_adopted"
	DecisionOther                 DecisionKind = "other"
)

// DecisionKinds lists every kind.
var DecisionKinds = []DecisionKind{DecisionResolution, DecisionPresidentialStatement,
	DecisionCommunique, DecisionDraftNotAdopted, DecisionOther}

// Valid reports whether k is a known kind.
func (k DecisionKind) Valid() bool { return slices.Contains(DecisionKinds, k) }

// Voted reports whether a decision of kind k is a vote on a draft, which
// the tracker keeps as a draft with its vote.
func (k DecisionKind) Voted() bool {
	return k == DecisionResolution || k == DecisionDraftNotAdopted
}

// Decision is one outcome of a meeting. A vote (a resolution, a draft not
// adopted) links to its draft, which holds the tally and the members'
// votes known.
type Decision struct {
	Kind   DecisionKind `json:"kind"`
	Symbol string       `json:"symbol"`
	// Text is the record's own words where it names a decision without a
	// symbol.
	Text    string `json:"text,omitempty"`
	DraftID *int64 `json:"draft_id"`
	// DraftURL is the API's address of that draft (DraftPath), nil where
	// the decision is not a vote.
	DraftURL *string `json:"draft_url"`
	Outcome  Outcome `json:"outcome,omitempty"`
	// Tally and VetoedBy repeat the draft's vote, so that a list of
	// meetings reads without a request per draft.
	Tally    *Counts  `json:"tally,omitempty"`
	VetoedBy []string `json:"vetoed_by,omitempty"`
}

// MeetingFilter narrows the list of meetings: a period, words of an agenda
// item (any case), and the kinds of decision a meeting must have one of
// (DecisionNone for meetings that decided nothing).
type MeetingFilter struct {
	From, To *Date
	Agenda   string
	Kinds    []DecisionKind
	Cursor   string
	Limit    int
}

// DecisionNone selects meetings with no decision in MeetingFilter.Kinds.
const DecisionNone DecisionKind = "none"

// Validate checks the filter's own values.
func (f MeetingFilter) Validate() error {
	var p Problems
	for _, k := range f.Kinds {
		if !k.Valid() && k != DecisionNone {
			p.Add("outcome", "must be a list of resolution, presidential_statement, communique, draft_not_adopted, other, none")
			break
		}
	}
	if f.From != nil && f.To != nil && *f.To < *f.From {
		p.Add("to", "is before from")
	}
	checkText(&p, "agenda", f.Agenda, false, MaxAgendaLen)
	return p.Err()
}

// MeetingNumber is the number of a meeting record (6711 for S/PV.6711 and
// its resumptions), 0 when the symbol is not a meeting record. Meetings
// of one day are listed by it: the record's own order.
func MeetingNumber(symbol string) int {
	rest, ok := strings.CutPrefix(symbol, "S/PV.")
	if !ok {
		return 0
	}
	end := 0
	for end < len(rest) && rest[end] >= '0' && rest[end] <= '9' {
		end++
	}
	n, err := strconv.Atoi(rest[:end])
	if err != nil {
		return 0
	}
	return n
}

// MeetingDifference names the first fact in which a and b differ, or ""
// when they record the same meeting: the same facts and the same
// decisions in the same order (the drafts they link to, and what is known
// of their votes, are the drafts' own).
func MeetingDifference(a, b Meeting) string {
	switch {
	case a.Date != b.Date:
		return "date " + string(a.Date) + ", now " + string(b.Date)
	case a.Closed != b.Closed:
		return "closed " + strconv.FormatBool(a.Closed) + ", now " + strconv.FormatBool(b.Closed)
	case a.PressRelease != b.PressRelease:
		return "press release " + a.PressRelease + ", now " + b.PressRelease
	case !slices.Equal(a.Agenda, b.Agenda):
		return "agenda " + strings.Join(a.Agenda, "; ") + ", now " + strings.Join(b.Agenda, "; ")
	case len(a.Decisions) != len(b.Decisions):
		return strconv.Itoa(len(a.Decisions)) + " decisions, now " + strconv.Itoa(len(b.Decisions))
	}
	for i, d := range a.Decisions {
		e := b.Decisions[i]
		if d.Kind != e.Kind || d.Symbol != e.Symbol || d.Text != e.Text {
			return "decision " + strconv.Itoa(i+1) + " " + string(d.Kind) + " " + d.Symbol + ", now " + string(e.Kind) + " " + e.Symbol
		}
	}
	return ""
}

// The addresses the JSON API serves a draft and a meeting at, for the
// links between them: a draft's vote names its meeting, a meeting's
// decisions their drafts.

// DraftPath is the API's address of draft id.
func DraftPath(id int64) string { return "/v1/drafts/" + strconv.FormatInt(id, 10) }

// MeetingPath is the API's address of the meeting with this symbol, the
// symbol percent-encoded as one path segment (S/PV.6711 is
// /v1/meetings/S%2FPV.6711), as OpenAPI clients send a path parameter.
func MeetingPath(symbol string) string { return "/v1/meetings/" + url.PathEscape(symbol) }
