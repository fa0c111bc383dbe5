package models

import (
	"slices"
	"strings"
	"time"
)

// The questions researchers ask of the record once votes are in: how a
// member voted over the years, which drafts were vetoed and by whom, how
// often two members voted alike, and whether members voted as they said
// they would. Only roll calls count: a decision adopted without a vote is
// recorded as every member's yes, which says nothing of how each stood,
// so it is left out of every answer here.
//
// Most of the record gives a roll call as its tally, with the members'
// votes known for some seats (the vetoes) or none. A member's record lists
// every roll call held while it sat, its vote CastUnknown where it is not
// known. The statistics of votes side by side (agreement, alignment) count
// only the roll calls where the votes they compare are known, and each
// answer says how many of its period it left out for want of them.

// DraftRef is how a draft is named beside a vote in these answers.
type DraftRef struct {
	ID     int64   `json:"id"`
	Symbol *string `json:"symbol"`
	Title  string  `json:"title"`
}

// StanceVote is the vote a stance announces: support and leaning_support
// a yes, against and veto a no, abstain an abstention. Undecided and
// hostile announce no vote (hostile criticises a text without saying it
// will vote no), so nothing can be checked against them: ok is false.
func StanceVote(s Stance) (c Cast, ok bool) {
	switch s {
	case StanceSupport, StanceLeaningSupport:
		return CastYes, true
	case StanceAgainst, StanceVeto:
		return CastNo, true
	case StanceAbstain:
		return CastAbstain, true
	}
	return "", false
}

// Agrees tells whether a vote kept to the stance before it: nil when the
// stance (or its absence) announced no vote, or the vote is not known.
func Agrees(s *Stance, vote Cast) *bool {
	if s == nil {
		return nil
	}
	want, ok := StanceVote(*s)
	if !ok {
		return nil
	}
	if vote == CastUnknown {
		return nil
	}
	agree := want == vote
	return &agree
}

// MemberVote is one roll call held while a member sat (or in which it is
// recorded as voting), as its record shows it.
type MemberVote struct {
	Draft   DraftRef `json:"draft"`
	VotedOn Date     `json:"voted_on"`
	Meeting string   `json:"meeting"`
	// Vote is CastUnknown where the record gives the tally and not this
	// member's vote.
	Vote    Cast    `json:"vote"`
	Outcome Outcome `json:"outcome"`
	// Vetoed is true when this member's negative vote was a veto: it is
	// permanent, voted no, and the draft was vetoed (UN Charter Art. 27(3)).
	Vetoed bool `json:"vetoed"`
	// Position is the member's last stance on the draft on or before the
	// vote date, retracted observations left out; nil when none.
	Position *Stance `json:"position"`
	Agrees   *bool   `json:"agrees"`
}

// MemberVoteFilter narrows a member's record. Empty fields match
// everything; Votes may name CastUnknown.
type MemberVoteFilter struct {
	From, To *Date
	Topic    string
	Agenda   string
	Outcomes []Outcome
	Votes    []Cast
	Cursor   string
	Limit    int
}

// Veto is one vetoed draft as the veto list shows it.
type Veto struct {
	Draft   DraftRef `json:"draft"`
	VotedOn Date     `json:"voted_on"`
	Meeting string   `json:"meeting"`
	// Agenda is the draft's agenda item, else its topic.
	Agenda string `json:"agenda"`
	// VetoedBy names the permanent members known to have voted no: the
	// record names every veto (see CountTally).
	VetoedBy []string `json:"vetoed_by"`
	// Yes, No, Abstain and Absent are the vote's tally as the record
	// gives it, not a count of the votes known (of a tally, only the
	// vetoes may be known); nil where the record gives no tally.
	Yes     *int `json:"yes"`
	No      *int `json:"no"`
	Abstain *int `json:"abstain"`
	Absent  *int `json:"absent"`
}

// VetoFilter narrows the veto list: Members keeps the drafts vetoed by
// any of them.
type VetoFilter struct {
	Members  []string
	From, To *Date
	Cursor   string
	Limit    int
}

// Agreement is how two members voted beside each other over a period.
//
//   - RollCalls: roll calls where both votes are known (both sat on the
//     Council);
//   - BothVoting: of those, the ones where neither was absent;
//   - Identical: of those, the ones where both cast the same vote, yes,
//     no and abstention being three choices;
//   - IdenticalShare = Identical / BothVoting (null when BothVoting is 0);
//   - YesNoPairs: roll calls where both voted yes or no (abstentions and
//     absences left out), and YesNoIdentical those where both voted yes
//     or both no;
//   - Coincidence = YesNoIdentical / YesNoPairs (null when YesNoPairs is
//     0): the voting coincidence the US State Department reports on UN
//     votes, which leaves abstentions out;
//   - LeftOutUnknown: roll calls of the period both sat at that are not
//     counted above because one of the two votes, or both, is not known
//     (the record gives the tally).
type Agreement struct {
	Members        []string `json:"members"`
	RollCalls      int      `json:"roll_calls"`
	BothVoting     int      `json:"both_voting"`
	Identical      int      `json:"identical"`
	IdenticalShare *float64 `json:"identical_share"`
	YesNoPairs     int      `json:"yes_no_pairs"`
	YesNoIdentical int      `json:"yes_no_identical"`
	Coincidence    *float64 `json:"coincidence"`
	LeftOutUnknown int      `json:"left_out_unknown"`
}

// share is n / of, or nil when of is 0.
func share(n, of int) *float64 {
	if of == 0 {
		return nil
	}
	s := float64(n) / float64(of)
	return &s
}

// Complete fills the two shares from the counts.
func (a *Agreement) Complete() {
	a.IdenticalShare = share(a.Identical, a.BothVoting)
	a.Coincidence = share(a.YesNoIdentical, a.YesNoPairs)
}

// RollCallCast is one vote cast in a roll call: the draft voted on, the
// member and its vote, CastUnknown for a member sitting whose vote is not
// known.
type RollCallCast struct {
	Draft  int64
	Member string
	Vote   Cast
}

// CountPairs counts the agreement of every pair of members in casts, which
// come grouped by roll call, and returns it sorted by the pair's codes: a
// roll call where either vote is CastUnknown is counted as left out. It
// counts in one pass over the votes cast: a self-join in SQL would make a
// row per pair and roll call, a hundred per vote.
func CountPairs(casts []RollCallCast) []Agreement {
	index := map[string]int{}
	var codes []string
	member := make([]int, len(casts))
	for i, c := range casts {
		x, ok := index[c.Member]
		if !ok {
			x = len(codes)
			index[c.Member] = x
			codes = append(codes, c.Member)
		}
		member[i] = x
	}
	n := len(codes)
	counts := make([]Agreement, n*n)
	for start := 0; start < len(casts); {
		end := start
		for end < len(casts) && casts[end].Draft == casts[start].Draft {
			end++
		}
		for i := start; i < end; i++ {
			for j := i + 1; j < end; j++ {
				x, y := member[i], member[j]
				if codes[x] > codes[y] {
					x, y = y, x
				}
				if casts[i].Vote == CastUnknown || casts[j].Vote == CastUnknown {
					counts[x*n+y].LeftOutUnknown++
					continue
				}
				counts[x*n+y].countPair(casts[i].Vote, casts[j].Vote)
			}
		}
		start = end
	}
	var out []Agreement
	for x := range n {
		for y := range n {
			if a := counts[x*n+y]; a.RollCalls > 0 || a.LeftOutUnknown > 0 {
				a.Members = []string{codes[x], codes[y]}
				a.Complete()
				out = append(out, a)
			}
		}
	}
	slices.SortFunc(out, func(a, b Agreement) int {
		return strings.Compare(a.Members[0]+","+a.Members[1], b.Members[0]+","+b.Members[1])
	})
	return out
}

// countPair counts one roll call in which the pair voted x and y.
func (a *Agreement) countPair(x, y Cast) {
	a.RollCalls++
	if x == CastAbsent || y == CastAbsent {
		return
	}
	a.BothVoting++
	same := x == y
	if same {
		a.Identical++
	}
	if x != CastAbstain && y != CastAbstain {
		a.YesNoPairs++
		if same {
			a.YesNoIdentical++
		}
	}
}

// MaxMatrixYears bounds the period of an agreement matrix: a decade holds
// a few dozen members, some hundreds of pairs.
const MaxMatrixYears = 10

// CheckMatrixPeriod refuses a matrix period longer than MaxMatrixYears
// (to at most from plus ten years, less a day) or ending before it starts.
func CheckMatrixPeriod(from, to Date) error {
	switch {
	case to < from:
		return InvalidField("to", "must not be before from")
	case to >= from.AddYears(MaxMatrixYears):
		return InvalidField("to", "must be less than %d years after from (%s): ask for pairs with /v1/agreement for longer periods", MaxMatrixYears, from.AddYears(MaxMatrixYears))
	}
	return nil
}

// AddYears returns the date n years after d (29 February to 1 March in a
// year without one).
func (d Date) AddYears(n int) Date {
	t, _ := time.Parse(dateLayout, string(d))
	return DateOf(t.AddDate(n, 0, 0))
}

// Alignment sets members' votes beside their last stance before each:
// Matched votes kept to the stance (StanceVote), Mismatched did not, and
// Uncheckable had no stance that announced a vote (none recorded,
// undecided or hostile). Of one member, it counts the roll calls where
// its vote is known, and LeftOutUnknown is the others held while it sat;
// of every member, it counts the complete roll calls (every sitting
// member's vote known), and LeftOutUnknown is the others.
type Alignment struct {
	Matched        int        `json:"matched"`
	Mismatched     int        `json:"mismatched"`
	Uncheckable    int        `json:"uncheckable"`
	LeftOutUnknown int        `json:"left_out_unknown"`
	Mismatches     []Mismatch `json:"mismatches"`
	// NextCursor leads to the rest of Mismatches; the counts are the
	// same on every page.
	NextCursor *string `json:"next_cursor"`
}

// Mismatch is a vote that did not keep to the stance before it.
type Mismatch struct {
	Draft   DraftRef `json:"draft"`
	VotedOn Date     `json:"voted_on"`
	Member  string   `json:"member"`
	Stance  Stance   `json:"stance"`
	Vote    Cast     `json:"vote"`
}

// AlignmentFilter narrows the votes an alignment counts.
type AlignmentFilter struct {
	Member   string
	From, To *Date
	Cursor   string
	Limit    int
}
