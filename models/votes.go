package models

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Cast is one member's vote in a roll call.
type Cast string

// The ways a member can vote; absent covers not participating, recorded as
// X or blank in UN data.
const (
	CastYes     Cast = "yes"
	CastNo      Cast = "no"
	CastAbstain Cast = "abstain"
	CastAbsent  Cast = "absent"
)

// Casts lists the valid votes.
var Casts = []Cast{CastYes, CastNo, CastAbstain, CastAbsent}

// Valid reports whether c is a vote a member can cast.
func (c Cast) Valid() bool { return slices.Contains(Casts, c) }

// Vote is a roll call on a draft, counted under UN Charter Art. 27.
type Vote struct {
	DraftID int64  `json:"draft_id"`
	VotedOn Date   `json:"voted_on"`
	Meeting string `json:"meeting"`
	// MeetingURL is the API's address of the meeting (MeetingPath) when
	// the Council's record holds it on the vote's day, else nil.
	MeetingURL *string         `json:"meeting_url"`
	Votes      map[string]Cast `json:"votes"`
	Tally
	// Members gives each member's vote beside its last position on or
	// before the vote date.
	Members    []VoteMember `json:"members,omitempty"`
	RecordedBy string       `json:"recorded_by"`
	RecordedAt time.Time    `json:"recorded_at"`
	Version    int64        `json:"-"`
	// Procedure and AdoptedWithoutVote say how the decision was taken.
	Procedure          Procedure `json:"procedure"`
	AdoptedWithoutVote bool      `json:"adopted_without_vote"`
	// Complete is true when every sitting member's vote is known; else
	// Votes names only those known, and the record gives the tally.
	Complete bool `json:"complete"`
	// TallyKnown is false where the record gives the outcome and the
	// vetoes but no tally: Yes, No, Abstain and Absent are then 0.
	TallyKnown bool `json:"tally_known"`
	// Source says where the vote comes from: the Library's table of its
	// year, a press release; empty for a vote recorded by an editor.
	Source string `json:"source"`
	// Counts is the stored tally, nil where none is known.
	Counts *Counts `json:"-"`
}

// VoteMember is one member's vote and the position it last held before.
type VoteMember struct {
	Member   MemberRef `json:"member"`
	Vote     Cast      `json:"vote"`
	Position Position  `json:"position"`
}

// VoteInput is a roll call as a client reports it.
type VoteInput struct {
	VotedOn Date
	Meeting string
	Votes   map[string]Cast
	// Procedure is meeting when empty; with AdoptedWithoutVote, every
	// vote is yes.
	Procedure          Procedure
	AdoptedWithoutVote bool
	// Counts is the tally as the record gives it; with it, Votes names
	// only the members whose vote is known (see Deduce). Outcome is the
	// outcome the record states: checked against the count when Counts is
	// given; without Counts, it stands for the tally the record does not
	// give. With neither, Votes is the whole roll call.
	Counts  *Counts
	Outcome Outcome
	Source  string
}

// wholeRollCall reports whether in names every sitting member's vote.
func (in VoteInput) wholeRollCall() bool { return in.Counts == nil && in.Outcome == "" }

// Validate checks the roll call's own fields.
func (in VoteInput) Validate() error {
	var p Problems
	if in.VotedOn == "" {
		p.Add("voted_on", "is required")
	}
	checkText(&p, "meeting", in.Meeting, false, MaxMeetingLen)
	checkMeetingRecord(&p, "meeting", in.Meeting)
	if len(in.Votes) == 0 && in.wholeRollCall() {
		p.Add("votes", "is required: one entry per sitting member")
	}
	if in.Counts != nil && in.VotedOn != "" {
		if err := in.Counts.Validate(in.VotedOn, "tally"); err != nil {
			p.addAll(err)
		}
	}
	if in.Outcome != "" && !slices.Contains([]Outcome{OutcomeAdopted, OutcomeFailed, OutcomeVetoed}, in.Outcome) {
		p.Add("outcome", "must be one of adopted, failed, vetoed")
	}
	checkText(&p, "source", in.Source, false, MaxURLLen)
	if len(in.Votes) > MaxSeats {
		p.Add("votes", "at most %d entries: the Council has had at most %d seats", MaxSeats, MaxSeats)
	}
	for _, code := range sortedKeys(in.Votes) {
		if !in.Votes[code].Valid() {
			p.Add("votes."+code, "must be one of yes, no, abstain, absent")
		}
	}
	in.checkRecord(&p)
	return p.Err()
}

// CheckVote checks roll call in, already valid in itself (Validate), as
// a vote on d: a first vote when version is 0, else a correction of the
// vote of that version; never on a withdrawn draft nor before the draft
// was introduced; its roll call checked against every member, all
// (CheckRollCall). It returns in with its defaults filled in.
func (d Draft) CheckVote(in VoteInput, version int64, all []Member) (VoteInput, error) {
	switch {
	case d.Vote == nil && version != 0:
		return in, &Error{Kind: KindStale, Message: "no vote is recorded on this draft yet, so there is none to correct"}
	case d.Vote != nil && version == 0:
		return in, &Error{Kind: KindVersionRequired, Message: "a vote is already recorded: a correction must name the version of the vote it replaces"}
	case d.Vote != nil && version != d.Vote.Version:
		return in, &Error{Kind: KindStale, Message: "the vote has changed since you read it; fetch it again"}
	}
	if d.Status == StatusWithdrawn {
		return in, Conflict("draft %d was withdrawn and cannot be put to a vote", d.ID)
	}
	if in.VotedOn < d.IntroducedOn {
		return in, InvalidField("voted_on", "must not be before the draft was introduced on %s", d.IntroducedOn)
	}
	if v := d.Vote; v != nil && !v.Complete && v.Counts != nil && in.wholeRollCall() && CountsOf(in.Votes) != *v.Counts {
		c, got := *v.Counts, CountsOf(in.Votes)
		return in, &Error{Kind: KindConflict, Message: fmt.Sprintf(
			"the roll call gives %d-%d-%d (%d not voting), the recorded tally %d-%d-%d (%d not voting): send the tally with it to correct the tally too",
			got.Yes, got.No, got.Abstain, got.NonVoting, c.Yes, c.No, c.Abstain, c.NonVoting),
			Fields: []FieldError{{Field: "votes", Message: "does not agree with the recorded tally"}}}
	}
	in = in.completed()
	if in.wholeRollCall() {
		return in, in.CheckRollCall(all)
	}
	return in, in.checkSeatsKnown(Sitting(all, in.VotedOn))
}

// CheckRollCall checks that votes names each member sitting on the vote's
// date exactly once, and nobody else. A Council with seats no one is
// known to hold that day is refused outright: counted short, a vote
// would need the same votes from fewer members and could read as failed.
func (in VoteInput) CheckRollCall(all []Member) error {
	var p Problems
	sitting := Sitting(all, in.VotedOn)
	if err := in.checkSeatsKnown(sitting); err != nil {
		return err
	}
	seats := map[string]bool{}
	for _, m := range sitting {
		seats[m.Code] = true
		if _, ok := in.Votes[m.Code]; !ok {
			p.Add("votes."+m.Code, "missing: %s sits on the Council on %s", m.Code, in.VotedOn)
		}
	}
	for _, code := range sortedKeys(in.Votes) {
		if !seats[code] {
			p.Add("votes."+code, "%s does not sit on the Council on %s", code, in.VotedOn)
		}
	}
	return p.Err()
}

// checkSeatsKnown refuses a vote on a day with seats no known member
// holds: counted short, a vote would need the same votes from fewer
// members and could read as failed.
func (in VoteInput) checkSeatsKnown(sitting []Member) error {
	if c := CouncilOn(in.VotedOn); len(sitting) < c.Seats {
		return &Error{Kind: KindConflict, Message: fmt.Sprintf(
			"only %d of the Council's %d seats on %s are known: record the terms of the elected members sitting then, and vote again",
			len(sitting), c.Seats, in.VotedOn), Fields: []FieldError{{Field: "voted_on", Message: fmt.Sprintf("%d of %d seats known", len(sitting), c.Seats)}}}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, strings.Compare)
	return keys
}
