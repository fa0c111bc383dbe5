package models

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// Status is where a draft stands in its life.
type Status string

// Draft statuses: circulating -> in_blue -> adopted | failed | vetoed, or
// withdrawn. The three outcomes are set only by recording a vote.
const (
	StatusCirculating Status = "circulating"
	StatusInBlue      Status = "in_blue"
	StatusAdopted     Status = "adopted"
	StatusFailed      Status = "failed"
	StatusVetoed      Status = "vetoed"
	StatusWithdrawn   Status = "withdrawn"
)

// Statuses lists every status.
var Statuses = []Status{StatusCirculating, StatusInBlue, StatusAdopted, StatusFailed, StatusVetoed, StatusWithdrawn}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Voted reports whether s is the result of a recorded vote.
func (s Status) Voted() bool {
	return s == StatusAdopted || s == StatusFailed || s == StatusVetoed
}

// CanSetTo reports whether an editor may move a draft from s to next by
// hand. Outcomes come only from a recorded vote; a withdrawn or voted draft
// stays as it is; a draft in blue may be reopened for changes.
func (s Status) CanSetTo(next Status) bool {
	if s == next {
		return true
	}
	switch s {
	case StatusCirculating:
		return next == StatusInBlue || next == StatusWithdrawn
	case StatusInBlue:
		return next == StatusCirculating || next == StatusWithdrawn
	}
	return false
}

// StatusAfter is the status a vote with outcome o leaves its draft in.
func StatusAfter(o Outcome) Status {
	switch o {
	case OutcomeAdopted:
		return StatusAdopted
	case OutcomeVetoed:
		return StatusVetoed
	}
	return StatusFailed
}

// Draft is a draft resolution before the Council.
type Draft struct {
	ID           int64    `json:"id"`
	Symbol       *string  `json:"symbol"`
	Resolution   *string  `json:"resolution"`
	Title        string   `json:"title"`
	Topic        string   `json:"topic"`
	Agenda       string   `json:"agenda"`
	Sponsors     []string `json:"sponsors"`
	IntroducedOn Date     `json:"introduced_on"`
	Summary      string   `json:"summary"`
	Procedural   bool     `json:"procedural"`
	Status       Status   `json:"status"`
	// ExpectedVoteOn is the day the draft's vote is expected, when one
	// is announced.
	ExpectedVoteOn *Date     `json:"expected_vote_on"`
	Vote           *Vote     `json:"vote"`
	Links          []Link    `json:"links"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
	// Version grows with every change to the draft or its vote.
	Version int64 `json:"-"`
}

// Date is the day on which the Council's membership is read for a draft:
// its vote date once voted, else today, since a draft not yet voted will be
// voted by the Council sitting now, not the one that saw it introduced (a
// draft introduced in December and voted in January meets the new members).
func (d Draft) Date(today Date) Date {
	if d.Vote != nil {
		return d.Vote.VotedOn
	}
	return today
}

// Size estimates d's encoded size, for bounding a page.
func (d Draft) Size() int {
	n := 600 + TextSize(d.Title, d.Topic, d.Summary, d.Agenda) + 80*len(d.Links)
	for _, s := range []*string{d.Symbol, d.Resolution} {
		if s != nil {
			n += TextSize(*s)
		}
	}
	for _, s := range d.Sponsors {
		n += TextSize(s)
	}
	if d.Vote != nil {
		n += 400 + TextSize(d.Vote.Meeting, d.Vote.RecordedBy) + 40*len(d.Vote.Votes)
	}
	return n
}

// SameAs reports whether d and o hold the same editable fields.
func (d Draft) SameAs(o Draft) bool {
	return sameText(d.Symbol, o.Symbol) && sameText(d.Resolution, o.Resolution) && d.Agenda == o.Agenda &&
		d.Title == o.Title && d.Topic == o.Topic && slices.Equal(d.Sponsors, o.Sponsors) &&
		d.IntroducedOn == o.IntroducedOn && d.Summary == o.Summary && d.Procedural == o.Procedural && d.Status == o.Status &&
		sameDay(d.ExpectedVoteOn, o.ExpectedVoteOn)
}

func sameDay(a, b *Date) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func sameText(a, b *string) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

// ResolutionPattern is how the UN writes a resolution's symbol: S/RES/2085
// (2012), the number and the year of adoption.
const ResolutionPattern = `S/RES/[1-9][0-9]{0,4} \(([0-9]{4})\)`

var resolutionSymbol = regexp.MustCompile("^" + ResolutionPattern + "$")

// DraftFilter narrows a list of drafts. Empty fields match everything.
type DraftFilter struct {
	Symbol  string
	Status  Status
	Topic   string
	Sponsor string
	Query   string // words in the symbol, title, topic or summary
	// Statuses keeps drafts with any of them, beside Status.
	Statuses []Status
	// Resolution is an adopted draft's exact resolution symbol.
	Resolution string
	// VetoedBy keeps the drafts vetoed by any of these members.
	VetoedBy []string
	// VotedFrom and VotedTo keep the drafts voted in that period, both
	// days included.
	VotedFrom, VotedTo *Date
	Cursor             string
	Limit              int
}

// DraftInput is a new draft as a client describes it.
type DraftInput struct {
	Symbol       *string
	Title        string
	Topic        string
	Agenda       string
	Sponsors     []string
	IntroducedOn Date
	Summary      string
	Procedural   bool
	Status       Status
	// ExpectedVoteOn is the day the vote is expected, nil when none is
	// announced; the store checks it against today (CheckExpectedVote).
	ExpectedVoteOn *Date
}

// DraftPatch holds the fields an editor changes; nil leaves a field alone.
// An empty Symbol or Resolution removes it.
type DraftPatch struct {
	Symbol       *string
	Resolution   *string
	Title        *string
	Topic        *string
	Agenda       *string
	Sponsors     *[]string
	IntroducedOn *Date
	Summary      *string
	Procedural   *bool
	Status       *Status
	// ExpectedVoteOn sets the day the vote is expected; an empty date
	// removes it. The store checks a new day against today.
	ExpectedVoteOn *Date
}

// Apply returns d changed by p, checked.
func (p DraftPatch) Apply(d Draft) (Draft, error) {
	next := d
	if p.Symbol != nil {
		next.Symbol = p.Symbol
		if strings.TrimSpace(*p.Symbol) == "" {
			next.Symbol = nil
		}
	}
	if p.Resolution != nil {
		next.Resolution = p.Resolution
		if strings.TrimSpace(*p.Resolution) == "" {
			next.Resolution = nil
		}
	}
	set(&next.Title, p.Title)
	set(&next.Topic, p.Topic)
	set(&next.Agenda, p.Agenda)
	set(&next.Sponsors, p.Sponsors)
	set(&next.IntroducedOn, p.IntroducedOn)
	set(&next.Summary, p.Summary)
	set(&next.Procedural, p.Procedural)
	set(&next.Status, p.Status)
	if p.ExpectedVoteOn != nil {
		next.ExpectedVoteOn = p.ExpectedVoteOn
		if *p.ExpectedVoteOn == "" {
			next.ExpectedVoteOn = nil
		}
	}
	in := DraftInput{Symbol: next.Symbol, Title: next.Title, Topic: next.Topic, Agenda: next.Agenda, Sponsors: next.Sponsors,
		IntroducedOn: next.IntroducedOn, Summary: next.Summary, Procedural: next.Procedural, Status: next.Status}
	var probs Problems
	in.check(&probs)
	if next.Resolution != nil && !sameText(next.Resolution, d.Resolution) {
		checkResolution(&probs, *next.Resolution, next)
	}
	if p.Status != nil && !d.Status.CanSetTo(*p.Status) {
		probs.Add("status", "cannot change from %s to %s by hand: outcomes come only from a recorded vote", d.Status, *p.Status)
	}
	if d.Vote != nil {
		if p.Procedural != nil && *p.Procedural != d.Procedural {
			probs.Add("procedural", "cannot change once a vote is recorded: it decides the outcome")
		}
		if next.IntroducedOn > d.Vote.VotedOn {
			probs.Add("introduced_on", "must not be after the vote on %s", d.Vote.VotedOn)
		}
	}
	if err := probs.Err(); err != nil {
		return d, err
	}
	next.Sponsors = in.Sponsors
	return next, nil
}

// checkResolution checks a resolution symbol given to d: well formed, and
// only for a draft a recorded vote adopted, in the year of that vote.
func checkResolution(p *Problems, r string, d Draft) {
	m := resolutionSymbol.FindStringSubmatch(r)
	switch {
	case m == nil:
		p.Add("resolution", "must be a resolution symbol such as S/RES/2085 (2012)")
	case d.Status != StatusAdopted || d.Vote == nil:
		p.Add("resolution", "only an adopted draft has a resolution; this one is %s", d.Status)
	case m[1] != string(d.Vote.VotedOn)[:4]:
		p.Add("resolution", "must name the year of the vote that adopted it, %s", string(d.Vote.VotedOn)[:4])
	}
}

// CheckResolution checks resolution r given to d, as checkResolution does.
func (d Draft) CheckResolution(r string) error {
	var p Problems
	checkResolution(&p, r, d)
	return p.Err()
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// Validate checks a new draft and tidies its sponsors.
func (in *DraftInput) Validate() error {
	if in.Status == "" {
		in.Status = StatusCirculating
	}
	var p Problems
	in.check(&p)
	if in.Status != StatusCirculating && in.Status != StatusInBlue && in.Status.Valid() {
		p.Add("status", "a new draft is circulating or in_blue; outcomes come only from a recorded vote")
	}
	return p.Err()
}

func (in *DraftInput) check(p *Problems) {
	if in.Symbol != nil {
		checkText(p, "symbol", *in.Symbol, true, MaxSymbolLen)
		checkDraftSymbol(p, "symbol", *in.Symbol)
	}
	checkText(p, "title", in.Title, true, MaxTitleLen)
	checkText(p, "topic", in.Topic, true, MaxTopicLen)
	checkText(p, "agenda", in.Agenda, false, MaxAgendaLen)
	checkText(p, "summary", in.Summary, false, MaxSummaryLen)
	if in.IntroducedOn == "" {
		p.Add("introduced_on", "is required")
	}
	if !in.Status.Valid() {
		p.Add("status", "must be one of circulating, in_blue, withdrawn")
	}
	if len(in.Sponsors) > MaxSponsors {
		p.Add("sponsors", "at most %d sponsors", MaxSponsors)
	}
	seen := map[string]bool{}
	tidy := make([]string, 0, len(in.Sponsors))
	for i, s := range in.Sponsors {
		field := "sponsors[" + itoa(i) + "]"
		s = strings.TrimSpace(s)
		if ValidCode(NormalizeCode(s)) {
			s = NormalizeCode(s)
		}
		checkText(p, field, s, true, MaxNameLen)
		if seen[strings.ToLower(s)] {
			p.Add(field, "is listed twice")
		}
		seen[strings.ToLower(s)] = true
		tidy = append(tidy, s)
	}
	in.Sponsors = tidy
}
