package models

import "fmt"

// ImportVote is one roll call read from a file of votes.
type ImportVote struct {
	Symbol     string
	Title      string
	Topic      string
	VotedOn    Date
	Meeting    string
	Procedural bool
	// Resolution is the symbol of the resolution the vote adopted, if any.
	Resolution string
	// WithoutVote marks a resolution adopted without a vote.
	WithoutVote bool
	Casts       []ImportCast
	Line        int // the file line of its first row, for messages
	DateColumn  int // the column of its date, for messages
}

// ImportCast is one member's vote in an imported roll call.
type ImportCast struct {
	Code      string
	Name      string
	Permanent bool
	Vote      Cast
	// Line and Column place the member's code in the file, VoteColumn
	// its vote, for messages.
	Line, Column, VoteColumn int
}

// ImportReport says what an import did: Completed counts the votes known
// by their tally that got members' votes from the file.
type ImportReport struct {
	Drafts, Votes, AlreadyThere, Completed int
}

func (r ImportReport) String() string {
	s := fmt.Sprintf("import: added %d drafts, %d votes; %d votes were already recorded",
		r.Drafts, r.Votes, r.AlreadyThere)
	if r.Completed > 0 {
		s += fmt.Sprintf("; %d votes known by their tally got members' votes", r.Completed)
	}
	return s
}
