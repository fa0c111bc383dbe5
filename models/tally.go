package models

import (
	"fmt"
	"slices"
)

// The Council's own record (the Library's meeting tables, the UN's press
// releases) gives most votes as a tally, yes-no-abstain, not as each
// member's vote. A vote is therefore a tally with the members' votes known
// for some seats or all. Nothing is invented: a member's vote is known only
// when a source names it or when the tally leaves no other possibility
// (every seat voted yes; the vetoes named and the rest all yes).

// CastUnknown is shown where a member sat but its vote is not known: the
// record gives the tally only. It is never a vote a client can record.
const CastUnknown Cast = "unknown"

// Counts is a tally as a record gives it: the members voting yes, no, and
// abstaining, and those not voting (absent, or present and not
// participating). Its sum is the Council's seats on the day.
type Counts struct {
	Yes       int `json:"yes"`
	No        int `json:"no"`
	Abstain   int `json:"abstain"`
	NonVoting int `json:"non_voting"`
}

// Total is the number of seats the tally accounts for.
func (c Counts) Total() int { return c.Yes + c.No + c.Abstain + c.NonVoting }

// of gives the number of members the tally says cast vote v.
func (c Counts) of(v Cast) int {
	switch v {
	case CastYes:
		return c.Yes
	case CastNo:
		return c.No
	case CastAbstain:
		return c.Abstain
	}
	return c.NonVoting
}

// CountsOf tallies known votes; with a complete roll call it is the tally.
func CountsOf(votes map[string]Cast) Counts {
	var c Counts
	for _, v := range votes {
		switch v {
		case CastYes:
			c.Yes++
		case CastNo:
			c.No++
		case CastAbstain:
			c.Abstain++
		default:
			c.NonVoting++
		}
	}
	return c
}

// Validate checks a tally against the Council of its day: no count is
// negative and together they are its seats.
func (c Counts) Validate(on Date, field string) error {
	var p Problems
	for _, f := range []struct {
		name string
		n    int
	}{{"yes", c.Yes}, {"no", c.No}, {"abstain", c.Abstain}, {"non_voting", c.NonVoting}} {
		if f.n < 0 {
			p.Add(field+"."+f.name, "must not be negative")
		}
	}
	if seats := CouncilOn(on).Seats; p.Err() == nil && c.Total() != seats {
		p.Add(field, "accounts for %d seats; the Council had %d on %s (%d-%d-%d, %d not voting)",
			c.Total(), seats, on, c.Yes, c.No, c.Abstain, c.NonVoting)
	}
	return p.Err()
}

// Deduce returns the members' votes the tally forces, given the votes
// known: each known vote is kept, and the members whose vote is not known
// get one only when the tally leaves them a single possibility (all the
// votes left to account for are of one kind). complete reports whether
// every sitting member's vote is then known. An error names a known vote
// the tally cannot hold or a member who does not sit.
func Deduce(sitting []Member, known map[string]Cast, c Counts) (votes map[string]Cast, complete bool, err error) {
	seats := map[string]bool{}
	for _, m := range sitting {
		seats[m.Code] = true
	}
	var p Problems
	for _, code := range sortedKeys(known) {
		if !seats[code] {
			p.Add("votes."+code, "%s does not sit on the Council that day", code)
		}
	}
	have := CountsOf(known)
	for _, v := range []Cast{CastYes, CastNo, CastAbstain, CastAbsent} {
		if have.of(v) > c.of(v) {
			p.Add("votes", "%d members named as voting %s; the tally has %d (%d-%d-%d, %d not voting)",
				have.of(v), v, c.of(v), c.Yes, c.No, c.Abstain, c.NonVoting)
		}
	}
	if err := p.Err(); err != nil {
		return nil, false, err
	}
	votes = make(map[string]Cast, len(sitting))
	for code, v := range known {
		votes[code] = v
	}
	left := len(sitting) - len(known)
	if left == 0 {
		return votes, true, nil
	}
	for _, v := range []Cast{CastYes, CastNo, CastAbstain, CastAbsent} {
		if c.of(v)-have.of(v) == left {
			for _, m := range sitting {
				if _, ok := votes[m.Code]; !ok {
					votes[m.Code] = v
				}
			}
			return votes, true, nil
		}
	}
	return votes, false, nil
}

// CountTally applies UN Charter Art. 27 (see CountVotes, which counts a full roll call) to a vote known by its
// tally, with the members' votes known so far. The permanent members known
// to have voted no are the vetoes: the record names every veto, so a
// negative vote it does not attribute is not a permanent member's.
func CountTally(c Council, procedural bool, count Counts, votes map[string]Cast, members map[string]Member) Tally {
	t := Tally{Required: c.Required, VetoedBy: []string{},
		Yes: count.Yes, No: count.No, Abstain: count.Abstain, Absent: count.NonVoting}
	permanentNo := PermanentNoes(votes, members)
	switch {
	case t.Yes < c.Required:
		t.Outcome = OutcomeFailed
	case !procedural && len(permanentNo) > 0:
		t.Outcome = OutcomeVetoed
		t.VetoedBy = permanentNo
	default:
		t.Outcome = OutcomeAdopted
	}
	return t
}

// CheckStated checks that the outcome a record states is the one Art. 27
// gives for its tally and the votes known: a record that says adopted,
// vetoed or failed must be right by the Charter's count.
func CheckStated(stated Outcome, t Tally) error {
	if stated == "" || stated == t.Outcome {
		return nil
	}
	return &Error{Kind: KindInvalid, Message: fmt.Sprintf(
		"the record says %s, but %d-%d-%d with %d required and vetoes by %v is %s under Art. 27",
		stated, t.Yes, t.No, t.Abstain, t.Required, t.VetoedBy, t.Outcome),
		Fields: []FieldError{{Field: "outcome", Message: fmt.Sprintf("stated %s, counted %s", stated, t.Outcome)}}}
}

// CountedVote is a vote as it is stored: the members' votes known,
// whether they are every seat, the tally (nil where the record gives
// none) and the Art. 27 count.
type CountedVote struct {
	Votes    map[string]Cast
	Complete bool
	Counts   *Counts
	Tally    Tally
}

// Count counts a vote checked by Draft.CheckVote on a draft (procedural
// or not), with every member, all. A whole roll call is counted as it is.
// A tally gets the members' votes it forces (Deduce) and its outcome must
// be the one stated, if one is. An outcome without a tally stands as the
// record states it, but a veto must name a permanent member's no and an
// adoption none, and the votes named must sit.
func (in VoteInput) Count(all []Member, procedural bool) (CountedVote, error) {
	byCode := map[string]Member{}
	for _, m := range all {
		byCode[m.Code] = m
	}
	council := CouncilOn(in.VotedOn)
	if in.wholeRollCall() {
		c := CountsOf(in.Votes)
		return CountedVote{Votes: in.Votes, Complete: true, Counts: &c,
			Tally: CountVotes(council, procedural, in.Votes, byCode)}, nil
	}
	sitting := Sitting(all, in.VotedOn)
	if in.Counts != nil {
		votes, complete, err := Deduce(sitting, in.Votes, *in.Counts)
		if err != nil {
			return CountedVote{}, err
		}
		t := CountTally(council, procedural, *in.Counts, votes, byCode)
		c := *in.Counts
		return CountedVote{Votes: votes, Complete: complete, Counts: &c, Tally: t}, CheckStated(in.Outcome, t)
	}
	return in.countStated(sitting, council, procedural, byCode)
}

// countStated takes a vote the record gives by its outcome alone.
func (in VoteInput) countStated(sitting []Member, council Council, procedural bool, byCode map[string]Member) (CountedVote, error) {
	seats := map[string]bool{}
	for _, m := range sitting {
		seats[m.Code] = true
	}
	var p Problems
	vetoes := []string{}
	for _, code := range sortedKeys(in.Votes) {
		if !seats[code] {
			p.Add("votes."+code, "%s does not sit on the Council on %s", code, in.VotedOn)
		}
		if in.Votes[code] == CastNo && byCode[code].Permanent {
			vetoes = append(vetoes, code)
		}
	}
	switch {
	case in.Outcome == OutcomeVetoed && (procedural || len(vetoes) == 0):
		p.Add("outcome", "a veto needs a permanent member's no on a substantive draft; none is named")
	case in.Outcome == OutcomeAdopted && len(vetoes) > 0 && !procedural:
		p.Add("outcome", "adopted with a permanent member's no (%v) is a veto under Art. 27", vetoes)
	}
	if err := p.Err(); err != nil {
		return CountedVote{}, err
	}
	t := Tally{Required: council.Required, Outcome: in.Outcome, VetoedBy: []string{}}
	if in.Outcome == OutcomeVetoed {
		t.VetoedBy = vetoes
	}
	return CountedVote{Votes: in.Votes, Complete: len(in.Votes) == len(sitting), Tally: t}, nil
}

// PermanentNoes names, sorted, the permanent members voting no in votes.
func PermanentNoes(votes map[string]Cast, members map[string]Member) []string {
	out := []string{}
	for code, v := range votes {
		if v == CastNo && members[code].Permanent {
			out = append(out, code)
		}
	}
	slices.Sort(out)
	return out
}
