package models

import (
	"slices"
	"time"
)

// Stance is a member's attitude to a draft, strongest support first.
type Stance string

// The stances, strongest support first. StanceUnknown is never recorded:
// it marks a sitting member with no position.
const (
	StanceSupport        Stance = "support"
	StanceLeaningSupport Stance = "leaning_support"
	StanceUndecided      Stance = "undecided"
	StanceAbstain        Stance = "abstain"
	StanceHostile        Stance = "hostile"
	StanceAgainst        Stance = "against"
	StanceVeto           Stance = "veto"
	StanceUnknown        Stance = "unknown"
)

// Stances lists the recordable stances, strongest support first.
var Stances = []Stance{StanceSupport, StanceLeaningSupport, StanceUndecided, StanceAbstain, StanceHostile, StanceAgainst, StanceVeto}

// Valid reports whether s can be recorded.
func (s Stance) Valid() bool { return slices.Contains(Stances, s) }

// AllowedFor reports whether a member may take stance s: only a permanent
// member holds a veto (UN Charter Art. 27(3)).
func (s Stance) AllowedFor(m Member) bool {
	return s.Valid() && (s != StanceVeto || m.Permanent)
}

// Position is one observation of a member's stance on a draft, with the
// evidence for it. Observations are never overwritten: a new one is added.
type Position struct {
	ID         int64      `json:"id,omitempty"`
	DraftID    int64      `json:"draft_id"`
	Member     MemberRef  `json:"member"`
	Stance     Stance     `json:"stance"`
	AsOf       *Date      `json:"as_of"`
	Note       string     `json:"note"`
	Evidence   []Evidence `json:"evidence"`
	RecordedBy string     `json:"recorded_by,omitempty"`
	RecordedAt *time.Time `json:"recorded_at,omitempty"`
	// Retracted marks an observation found wrong: it stays in the history
	// and no longer counts.
	Retracted *Retraction `json:"retracted,omitempty"`
}

// Retraction says who withdrew an observation, when and why.
type Retraction struct {
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	Reason string    `json:"reason"`
}

// RetractionInput is a retraction as a client asks for it.
type RetractionInput struct {
	Reason string
}

// Validate checks that the retraction says why.
func (in RetractionInput) Validate() error {
	var p Problems
	checkText(&p, "reason", in.Reason, true, MaxReasonLen)
	return p.Err()
}

// Size estimates p's encoded size, for bounding a page.
func (p Position) Size() int {
	n := 400 + TextSize(p.Note, p.Member.Name)
	if p.Retracted != nil {
		n += 100 + TextSize(p.Retracted.By, p.Retracted.Reason)
	}
	for _, e := range p.Evidence {
		n += 40 + TextSize(e.Quote, e.Speaker)
	}
	return n
}

// Evidence is what supports a position: who said what, and where.
type Evidence struct {
	Quote    string `json:"quote"`
	Speaker  string `json:"speaker"`
	SourceID int64  `json:"source_id"`
}

// PositionInput is a new observation as a client describes it.
type PositionInput struct {
	Stance   Stance
	AsOf     Date
	Note     string
	Evidence []Evidence
}

// Validate checks the observation's own fields. Whether the member may hold
// the stance and sits on as_of needs the member: see CheckFor.
func (in PositionInput) Validate() error {
	var p Problems
	if !in.Stance.Valid() {
		p.Add("stance", "must be one of support, leaning_support, undecided, abstain, hostile, against, veto")
	}
	if in.AsOf == "" {
		p.Add("as_of", "is required")
	}
	checkText(&p, "note", in.Note, false, MaxNoteLen)
	switch {
	case len(in.Evidence) == 0:
		p.Add("evidence", "at least one item is required: a position is kept with its evidence")
	case len(in.Evidence) > MaxEvidence:
		p.Add("evidence", "at most %d items", MaxEvidence)
	}
	for i, e := range in.Evidence {
		f := "evidence[" + itoa(i) + "]."
		checkText(&p, f+"quote", e.Quote, true, MaxQuoteLen)
		checkText(&p, f+"speaker", e.Speaker, true, MaxSpeakerLen)
		if e.SourceID <= 0 {
			p.Add(f+"source_id", "is required")
		}
	}
	return p.Err()
}

// CheckFor checks the observation against the member it is about: veto is
// for permanent members only, and a member takes positions only while it
// sits on the Council.
func (in PositionInput) CheckFor(m Member) error {
	var p Problems
	if in.Stance == StanceVeto && !m.Permanent {
		p.Add("stance", "veto is only for a permanent member; %s is elected", m.Code)
	}
	if !m.SitsOn(in.AsOf) {
		p.Add("as_of", "%s does not sit on the Council on %s", m.Code, in.AsOf)
	}
	return p.Err()
}

// UnknownPosition stands for a sitting member with no position on record.
func UnknownPosition(draftID int64, m Member) Position {
	return Position{DraftID: draftID, Member: m.Ref(), Stance: StanceUnknown, Evidence: []Evidence{}}
}

// PositionFilter narrows the positions on one draft.
type PositionFilter struct {
	Stances   []Stance // may include StanceUnknown
	Permanent *bool
	// On reads the positions as of that day: each member's last on or
	// before it, against the Council sitting then.
	On     *Date
	Cursor string
	Limit  int
}

// PositionQuery narrows positions across drafts.
type PositionQuery struct {
	Member  string
	Draft   int64
	Stances []Stance
	// History lists every observation; otherwise only current positions.
	History bool
	Cursor  string
	Limit   int
}
