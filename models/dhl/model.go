package dhl

// Outcome kinds.
const (
	KindResolution            = "resolution"             // S/RES/N (YYYY), adopted
	KindPresidentialStatement = "presidential_statement" // S/PRST/YYYY/N; before 1994 an S/N document "(PRST)", or none ("PRST unnumbered")
	KindCommunique            = "communique"             // communiqué issued after a closed (private) meeting
	KindDraft                 = "draft"                  // draft resolution put to the vote and not adopted
	KindElection              = "election"               // election of members of the International Court of Justice; Text names those elected
	KindNote                  = "note"                   // a note by the President of the Council (S/YYYY/N) recorded as the meeting's outcome
	KindLetter                = "letter"                 // a letter of the President (S/YYYY/N) recorded as the meeting's outcome
	KindReferral              = "referral"               // referral of applications to the Committee on the Admission of New Members
	KindDecision              = "decision"               // "Decision": a decision recorded without a document (2003, S/PV.4820)
	KindDocument              = "document"               // a bare S/ document symbol, not described further (1993: S/26596 after a closed meeting)
)

// Draft results.
const (
	ResultVetoed = "vetoed" // the negative vote of one or more permanent members defeated it
	ResultFailed = "failed" // it did not obtain the required majority
)

// Ways a resolution was adopted (Outcome.Adoption).
const (
	AdoptedByVote      = "vote"         // a tally is given
	AdoptedUnanimously = "unanimous"    // the table says "adopted unanimously" and gives no tally
	AdoptedWithoutVote = "without_vote" // "without vote" / "without a vote"
	AdoptedByConsensus = "consensus"    // "adopted by consensus"
)

// Tally is a vote: yes-no-abstain as published, and NonVoting, the seats
// left (11 seats to 1965, 15 from 1966; see Seats) that did not vote
// (absent, or not participating).
type Tally struct {
	Yes       int `json:"yes"`
	No        int `json:"no"`
	Abstain   int `json:"abstain"`
	NonVoting int `json:"non_voting"`
}

// Outcome is one decision (or failed draft) recorded for a meeting.
// Its JSON form is one object of the "outcomes" array of record.jsonl.
type Outcome struct {
	Kind   string `json:"kind"`
	Symbol string `json:"symbol,omitempty"` // normalised: "S/RES/2035 (2012)", "S/PRST/2012/26", "S/2012/77", "S/PV.384" (early drafts known only by the record)
	// Also lists further documents of the same decision, as published:
	// corrigenda and addenda of a draft ("S/1148/Corr.1"), or a second
	// draft put to the same vote.
	Also     []string `json:"also,omitempty"`
	Result   string   `json:"result,omitempty"`   // drafts: "vetoed" or "failed"
	Adoption string   `json:"adoption,omitempty"` // resolutions: "vote", "unanimous", "without_vote", "consensus"; "" when the table says nothing
	*Tally            // yes, no, abstain, non_voting; absent when no tally is given
	VetoedBy []string `json:"vetoed_by,omitempty"` // drafts: permanent members whose negative vote defeated it (CHN, FRA, GBR, RUS, USA), sorted
	// Votes are members' votes where a source names them (recent rows
	// only): member code -> "yes", "no", "abstain".
	Votes map[string]string `json:"votes,omitempty"`
	Text  string            `json:"text,omitempty"` // wording kept as published: who was elected, "(as amended)", "France did not participate in the voting."
}

// Meeting is one row (or one group of rows joined by rowspans) of a
// yearly table: a meeting of the Council, or (2020-2021) a decision taken
// by written procedure / at a videoconference without a meeting record.
// Its JSON form is one line of record.jsonl.
type Meeting struct {
	// Record is the meeting record's symbol, normalised: "S/PV.6711",
	// "S/PV.3046 (Resumption 1)", "S/PV.2970 (Part I)". Empty when the
	// table gives none ("--": written procedure or videoconference).
	Record     string `json:"meeting,omitempty"`
	Closed     bool   `json:"closed,omitempty"`     // the "(closed)" (private) marker
	Corrigenda int    `json:"corrigenda,omitempty"` // "+Corr.1": corrigenda issued to the record
	Place      string `json:"place,omitempty"`      // "(meeting held in Nairobi)": "Nairobi"
	Date       string `json:"date"`                 // YYYY-MM-DD, the (first) day
	DateEnd    string `json:"date_end,omitempty"`   // last day when the cell gives a range ("21/22 November")
	// PressRelease is the press release symbol ("SC/10536"); empty when
	// "None issued", "--" or absent (the tables give none before 1994).
	PressRelease string   `json:"press_release,omitempty"`
	PressAlso    []string `json:"press_also,omitempty"` // further press releases of the meeting ("SG/2030-SC/6292": SC/6292)
	// Letters: the 2020 (written procedure) and 2021 tables' columns
	// "Letter with Vote Procedure / Briefings" and "Letter with Vote
	// Outcome" (S/YYYY/N symbols).
	ProcedureLetters []string  `json:"procedure_letters,omitempty"`
	OutcomeLetters   []string  `json:"outcome_letters,omitempty"`
	Agenda           []string  `json:"agenda,omitempty"`
	Outcomes         []Outcome `json:"outcomes,omitempty"`
	// Notes say where the reader corrected or interpreted the page
	// (a misprinted year, a stray cell); empty for most meetings.
	Notes []string `json:"notes,omitempty"`
	// Source is the provenance: "dhl:FILE#rowN" (N as in ParseError.Row,
	// the meeting's first row), or for the recent drafts the press
	// release URL(s) of the row.
	Source string `json:"source"`
}

// Seats is the number of members of the Council in a year: 11 to 1965,
// 15 from 1966 (Charter amendment of Article 23 in force 31 August 1965).
func Seats(year int) int {
	if year < 1966 {
		return 11
	}
	return 15
}

// PermanentMembers are the codes of the permanent seats.
var PermanentMembers = []string{"CHN", "FRA", "GBR", "RUS", "USA"}

// Majority is the number of affirmative votes a decision needs: 7 of 11
// to 1965, 9 of 15 from 1966 (Article 27).
func Majority(year int) int {
	if year < 1966 {
		return 7
	}
	return 9
}
