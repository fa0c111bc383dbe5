package models

import (
	"slices"
)

// Outcome is how a vote on a draft ended, or how it is projected to end.
type Outcome string

// Outcomes of a recorded vote.
const (
	OutcomeAdopted Outcome = "adopted"
	OutcomeFailed  Outcome = "failed"
	OutcomeVetoed  Outcome = "vetoed"
)

// Outcomes of a projection.
const (
	LikelyAdopted Outcome = "likely_adopted"
	LikelyFailed  Outcome = "likely_failed"
	LikelyVetoed  Outcome = "likely_vetoed"
	Uncertain     Outcome = "uncertain"
)

// Tally is a roll call counted under UN Charter Art. 27.
type Tally struct {
	Yes      int      `json:"yes"`
	No       int      `json:"no"`
	Abstain  int      `json:"abstain"`
	Absent   int      `json:"absent"`
	Required int      `json:"required"`
	Outcome  Outcome  `json:"outcome"`
	VetoedBy []string `json:"vetoed_by"`
}

// CountVotes applies UN Charter Art. 27 to a roll call of council c. Art. 27(2):
// a procedural decision needs c.Required affirmative votes of any members
// (nine; seven before 1966). Art. 27(3): any other decision needs as many
// "including the concurring votes of the permanent members"; by the
// Council's settled practice since 1946 (confirmed by the ICJ, Namibia
// advisory opinion, 1971) a permanent member's abstention or absence does
// not prevent adoption, only its negative vote does. A draft short of the
// votes required fails whatever the permanent members did, so a negative
// permanent vote then is no veto.
func CountVotes(c Council, procedural bool, votes map[string]Cast, members map[string]Member) Tally {
	t := Tally{Required: c.Required, VetoedBy: []string{}}
	var permanentNo []string
	for code, c := range votes {
		switch c {
		case CastYes:
			t.Yes++
		case CastNo:
			t.No++
			if members[code].Permanent {
				permanentNo = append(permanentNo, code)
			}
		case CastAbstain:
			t.Abstain++
		default:
			t.Absent++
		}
	}
	switch {
	case t.Yes < c.Required:
		t.Outcome = OutcomeFailed
	case !procedural && len(permanentNo) > 0:
		t.Outcome = OutcomeVetoed
		slices.Sort(permanentNo)
		t.VetoedBy = permanentNo
	default:
		t.Outcome = OutcomeAdopted
	}
	return t
}

// Bloc is a count of members and who they are.
type Bloc struct {
	Count   int      `json:"count"`
	Members []string `json:"members"`
}

func (b *Bloc) add(code string) {
	b.Count++
	b.Members = append(b.Members, code)
}

// Forecast is what the sitting members' positions say a vote would give.
type Forecast struct {
	LikelyYes Bloc    `json:"likely_yes"`
	LikelyNo  Bloc    `json:"likely_no"`
	Abstain   Bloc    `json:"abstain"`
	Uncertain Bloc    `json:"uncertain"`
	Required  int     `json:"required"`
	Outcome   Outcome `json:"outcome"`
	// PermanentAgainst names the permanent members whose stance is veto or
	// against: on a substantive draft, each is a likely veto.
	PermanentAgainst []string `json:"permanent_against"`
}

// Project forecasts a vote from each sitting member's stance (StanceUnknown,
// or no entry, where none is recorded). likely yes = support and
// leaning_support; likely no = against and veto; abstain = abstain;
// uncertain = undecided, hostile and no position. The outcome is the first
// rule that applies: likely_failed when likely yes plus uncertain cannot
// reach the votes c requires; likely_vetoed when the draft is substantive
// and a permanent member is veto or against; likely_adopted when likely
// yes reaches the votes required; else uncertain.
func Project(c Council, procedural bool, sitting []Member, stances map[string]Stance) Forecast {
	f := Forecast{Required: c.Required}
	for _, b := range []*Bloc{&f.LikelyYes, &f.LikelyNo, &f.Abstain, &f.Uncertain} {
		b.Members = []string{}
	}
	f.PermanentAgainst = []string{}
	for _, m := range sitting {
		switch stances[m.Code] {
		case StanceSupport, StanceLeaningSupport:
			f.LikelyYes.add(m.Code)
		case StanceAgainst, StanceVeto:
			f.LikelyNo.add(m.Code)
			if m.Permanent {
				f.PermanentAgainst = append(f.PermanentAgainst, m.Code)
			}
		case StanceAbstain:
			f.Abstain.add(m.Code)
		default:
			f.Uncertain.add(m.Code)
		}
	}
	for _, b := range []*Bloc{&f.LikelyYes, &f.LikelyNo, &f.Abstain, &f.Uncertain} {
		slices.Sort(b.Members)
	}
	slices.Sort(f.PermanentAgainst)
	switch {
	case f.LikelyYes.Count+f.Uncertain.Count < c.Required:
		f.Outcome = LikelyFailed
	case !procedural && len(f.PermanentAgainst) > 0:
		f.Outcome = LikelyVetoed
	case f.LikelyYes.Count >= c.Required:
		f.Outcome = LikelyAdopted
	default:
		f.Outcome = Uncertain
	}
	return f
}

// Projection bases.
const (
	BasisCurrent    = "current_positions"
	BasisBeforeVote = "positions_before_vote"
	BasisOn         = "positions_on_date"
)

// Projection is the forecast for a draft from its sitting members'
// positions; for a voted draft it sits beside the real outcome.
type Projection struct {
	DraftID int64 `json:"draft_id"`
	// Date is the day whose Council the projection counts.
	Date Date `json:"date"`
	// Basis says which positions were counted: current ones, for a voted
	// draft each member's last position on or before the vote, or each
	// member's last on or before the day asked for.
	Basis      string `json:"basis"`
	Procedural bool   `json:"procedural"`
	Forecast
	// Vote is the recorded result, when there is one.
	Vote *Tally `json:"vote"`
}
