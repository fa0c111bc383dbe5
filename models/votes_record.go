package models

import "slices"

// Procedure is how the Council took a decision.
type Procedure string

// The ways a decision is taken: at a meeting (the usual way, recorded in
// an S/PV record) or by written procedure, as the Council did from March
// 2020 while it could not meet, each member answering by letter (the vote's
// meeting then holds the letter's symbol, such as S/2020/253).
const (
	ProcedureMeeting Procedure = "meeting"
	ProcedureWritten Procedure = "written"
)

// Procedures lists the ways a decision is taken.
var Procedures = []Procedure{ProcedureMeeting, ProcedureWritten}

// checkRecord checks how the decision was taken: a known procedure, and
// for a decision adopted without a vote, a roll call of yes only, since
// the UN Digital Library records every member Y in that case.
func (in VoteInput) checkRecord(p *Problems) {
	if in.Procedure != "" && !slices.Contains(Procedures, in.Procedure) {
		p.Add("procedure", "must be one of meeting, written")
	}
	if !in.AdoptedWithoutVote {
		return
	}
	for _, code := range sortedKeys(in.Votes) {
		if c := in.Votes[code]; c.Valid() && c != CastYes {
			p.Add("votes."+code, "must be yes: a decision adopted without a vote is recorded as every member's yes")
		}
	}
}

// completed gives the roll call its default procedure: a meeting.
func (in VoteInput) completed() VoteInput {
	if in.Procedure == "" {
		in.Procedure = ProcedureMeeting
	}
	return in
}
