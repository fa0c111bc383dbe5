package models

import (
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
	ID           int64     `json:"id"`
	Symbol       *string   `json:"symbol"`
	Title        string    `json:"title"`
	Topic        string    `json:"topic"`
	Sponsors     []string  `json:"sponsors"`
	IntroducedOn Date      `json:"introduced_on"`
	Summary      string    `json:"summary"`
	Procedural   bool      `json:"procedural"`
	Status       Status    `json:"status"`
	Vote         *Vote     `json:"vote"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	// Version grows with every change to the draft or its vote.
	Version int64 `json:"-"`
}

// Date is the day on which the Council's membership is read for a draft:
// its vote date once voted, else the day it was introduced.
func (d Draft) Date() Date {
	if d.Vote != nil {
		return d.Vote.VotedOn
	}
	return d.IntroducedOn
}

// size estimates d's encoded size, for bounding a page.
func (d Draft) size() int {
	n := 600 + textSize(d.Title, d.Topic, d.Summary)
	if d.Symbol != nil {
		n += textSize(*d.Symbol)
	}
	for _, s := range d.Sponsors {
		n += textSize(s)
	}
	if d.Vote != nil {
		n += 400 + textSize(d.Vote.Meeting, d.Vote.RecordedBy) + 40*len(d.Vote.Votes)
	}
	return n
}

// sameAs reports whether d and o hold the same editable fields.
func (d Draft) sameAs(o Draft) bool {
	return (d.Symbol == nil) == (o.Symbol == nil) && (d.Symbol == nil || *d.Symbol == *o.Symbol) &&
		d.Title == o.Title && d.Topic == o.Topic && slices.Equal(d.Sponsors, o.Sponsors) &&
		d.IntroducedOn == o.IntroducedOn && d.Summary == o.Summary && d.Procedural == o.Procedural && d.Status == o.Status
}

// DraftInput is a new draft as a client describes it.
type DraftInput struct {
	Symbol       *string
	Title        string
	Topic        string
	Sponsors     []string
	IntroducedOn Date
	Summary      string
	Procedural   bool
	Status       Status
}

// DraftPatch holds the fields an editor changes; nil leaves a field alone.
// An empty Symbol removes the symbol.
type DraftPatch struct {
	Symbol       *string
	Title        *string
	Topic        *string
	Sponsors     *[]string
	IntroducedOn *Date
	Summary      *string
	Procedural   *bool
	Status       *Status
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
	set(&next.Title, p.Title)
	set(&next.Topic, p.Topic)
	set(&next.Sponsors, p.Sponsors)
	set(&next.IntroducedOn, p.IntroducedOn)
	set(&next.Summary, p.Summary)
	set(&next.Procedural, p.Procedural)
	set(&next.Status, p.Status)
	in := DraftInput{Symbol: next.Symbol, Title: next.Title, Topic: next.Topic, Sponsors: next.Sponsors,
		IntroducedOn: next.IntroducedOn, Summary: next.Summary, Procedural: next.Procedural, Status: next.Status}
	var probs Problems
	in.check(&probs)
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
	}
	checkText(p, "title", in.Title, true, MaxTitleLen)
	checkText(p, "topic", in.Topic, true, MaxTopicLen)
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
		if ValidCode(strings.ToUpper(s)) {
			s = strings.ToUpper(s)
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
