package models

import (
	"strconv"
	"time"
)

// Bounds on the calendar: how far ahead a meeting or a vote may be
// expected, how many meetings one day may have scheduled, how many drafts
// one meeting may expect, how many days one look at the calendar spans
// and how many entries of each kind it lists.
const (
	MaxDaysAhead       = 366
	MaxMeetingsPerDay  = 10
	MaxScheduledDrafts = 20
	MaxCalendarDays    = 92
	DefaultCalendar    = 30
	MaxCalendarEntries = 500
)

// ScheduledMeeting is a meeting of the Council announced ahead: its day,
// its agenda item and the drafts expected to be put to the vote there.
//
// A meeting is known by its record's symbol (S/PV.9000) only once it is
// held, so a scheduled one is known by an id of its own; the symbol, when
// the announcement gives it, is kept beside it (unique among scheduled
// meetings) so that the meeting can be matched to its record later.
type ScheduledMeeting struct {
	ID     int64           `json:"id"`
	Date   Date            `json:"date"`
	Agenda string          `json:"agenda"`
	Symbol *string         `json:"symbol"`
	Drafts []ExpectedDraft `json:"drafts"`
	// URL is the API's address of the scheduled meeting.
	URL       string    `json:"url"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// ExpectedDraft is a draft as the calendar shows it: enough to name it,
// where it stands, and the day its vote is expected.
type ExpectedDraft struct {
	ID             int64   `json:"id"`
	Symbol         *string `json:"symbol"`
	Title          string  `json:"title"`
	Status         Status  `json:"status"`
	ExpectedVoteOn *Date   `json:"expected_vote_on"`
	URL            string  `json:"url"`
	// UpdatedAt is when the draft last changed: the calendar file's
	// stamp of its expected vote.
	UpdatedAt time.Time `json:"updated_at"`
}

// Calendar is what is coming in a period: the meetings scheduled, and the
// drafts whose vote is expected on a day of it and not yet held, each
// list by day. Truncated says a list was cut at MaxCalendarEntries.
type Calendar struct {
	From      Date               `json:"from"`
	To        Date               `json:"to"`
	Meetings  []ScheduledMeeting `json:"meetings"`
	Votes     []ExpectedDraft    `json:"expected_votes"`
	Truncated bool               `json:"truncated"`
}

// ScheduledPath is the API's address of scheduled meeting id.
func ScheduledPath(id int64) string { return "/v1/calendar/meetings/" + strconv.FormatInt(id, 10) }

// ScheduleInput is a meeting to schedule, as a client describes it.
type ScheduleInput struct {
	Date   Date
	Agenda string
	Symbol *string
	Drafts []int64
}

// Validate checks a meeting to schedule against today: on a day from
// today to MaxDaysAhead days on, with an agenda item, each draft once.
func (in *ScheduleInput) Validate(today Date) error {
	var p Problems
	checkAhead(&p, "date", in.Date, today)
	checkText(&p, "agenda", in.Agenda, true, MaxAgendaLen)
	if in.Symbol != nil {
		checkText(&p, "symbol", *in.Symbol, true, MaxMeetingLen)
		checkMeetingRecord(&p, "symbol", *in.Symbol)
	}
	if len(in.Drafts) > MaxScheduledDrafts {
		p.Add("drafts", "at most %d drafts", MaxScheduledDrafts)
	}
	seen := map[int64]bool{}
	for i, id := range in.Drafts {
		field := "drafts[" + itoa(i) + "]"
		switch {
		case id < 1:
			p.Add(field, "must be a draft's id")
		case seen[id]:
			p.Add(field, "is listed twice")
		}
		seen[id] = true
	}
	return p.Err()
}

// CheckExpectedVote checks the day a draft's vote is expected: a real
// day from today to MaxDaysAhead days on, not before the draft was
// introduced, and only for a draft not yet voted nor withdrawn.
func (d Draft) CheckExpectedVote(day Date, today Date) error {
	var p Problems
	checkAhead(&p, "expected_vote_on", day, today)
	if day < d.IntroducedOn {
		p.Add("expected_vote_on", "must not be before the draft was introduced, %s", d.IntroducedOn)
	}
	if d.Status.Voted() || d.Status == StatusWithdrawn {
		p.Add("expected_vote_on", "the draft is %s: no vote is expected", d.Status)
	}
	return p.Err()
}

// Expectable reports whether a vote can still be expected on d: it is
// neither voted nor withdrawn.
func (d Draft) Expectable() bool { return !d.Status.Voted() && d.Status != StatusWithdrawn }

// checkAhead refuses a day before today or more than MaxDaysAhead on.
func checkAhead(p *Problems, field string, d, today Date) {
	switch {
	case d == "":
		p.Add(field, "is required")
	case d < today:
		p.Add(field, "must not be in the past (today is %s)", today)
	case d > today.AddDays(MaxDaysAhead):
		p.Add(field, "must be at most %d days ahead", MaxDaysAhead)
	}
}

// CalendarPeriod checks a look at the calendar: from today and
// DefaultCalendar days on by default, to not before from, and at most
// MaxCalendarDays days.
func CalendarPeriod(from, to *Date, today Date) (Date, Date, error) {
	f, t := today, today.AddDays(DefaultCalendar)
	if from != nil {
		f = *from
		if to == nil {
			t = f.AddDays(DefaultCalendar)
		}
	}
	if to != nil {
		t = *to
	}
	switch {
	case t < f:
		return f, t, InvalidField("to", "is before from")
	case t > f.AddDays(MaxCalendarDays-1):
		return f, t, InvalidField("to", "the period spans at most %d days", MaxCalendarDays)
	}
	return f, t, nil
}
