package seed

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"strings"

	"unsc/models"
	"unsc/models/dhl"
	"unsc/models/sqlstore"
)

// The Council's record: every meeting of the Dag Hammarskjöld Library's
// yearly tables (1946 to June 2022) with its decisions, and the drafts put
// to the vote and not adopted since, from the UN's press releases, as
// seed/derive wrote them from the sources in data/dhl and data/recent.
//
//go:embed data/record.jsonl
var recordFile []byte

// RecordReport says what a load of the record added.
type RecordReport struct {
	Meetings, Drafts, Votes int
}

func (r RecordReport) String() string {
	return fmt.Sprintf("record: added %d meetings, %d drafts, %d votes", r.Meetings, r.Drafts, r.Votes)
}

// Record returns the meetings of the record shipped in the binary.
func Record() ([]dhl.Meeting, error) {
	return dhl.ReadRecord(bytes.NewReader(recordFile))
}

// LoadRecord adds the meetings of the record shipped in the binary that
// are missing; run again, it adds nothing.
func LoadRecord(ctx context.Context, s *sqlstore.Store) (RecordReport, error) {
	meetings, err := Record()
	if err != nil {
		return RecordReport{}, fmt.Errorf("seed/data/record.jsonl: %w", err)
	}
	return LoadMeetings(ctx, s, RecordedBy, meetings)
}

// LoadMeetings adds meetings of the record in one write, all or nothing,
// so that a problem anywhere leaves the database as it was. A meeting
// already stored as it is is left alone, with its drafts; one stored
// differently is a conflict naming it and its source. A draft the tracker
// already holds (by its symbol, or its resolution's) gets its vote from
// the record rather than a twin; one already voted keeps its roll call,
// which must agree with the record's tally.
func LoadMeetings(ctx context.Context, s *sqlstore.Store, by string, meetings []dhl.Meeting) (RecordReport, error) {
	var r RecordReport
	err := s.InBatch(ctx, by, func(b *sqlstore.Batch) error {
		r = RecordReport{}
		l := loader{b: b, report: &r, symbolUsed: map[string]bool{}}
		var err error
		if l.drafts, err = b.DraftsBySymbol(); err != nil {
			return err
		}
		fresh, err := l.newMeetings(meetings)
		if err != nil {
			return err
		}
		if err := l.votes(meetings, fresh); err != nil {
			return err
		}
		ms := make([]models.Meeting, len(fresh))
		for i, f := range fresh {
			ms[i] = f.meeting
		}
		r.Meetings = len(ms)
		return b.AddMeetings(ms)
	})
	return r, err
}

// freshMeeting is a meeting of the load not stored yet, and its row in
// the load.
type freshMeeting struct {
	row     int
	meeting models.Meeting
}

// newMeetings returns the meetings of the load that are not stored yet;
// one stored differently, or given twice, is an error naming its source.
func (l *loader) newMeetings(meetings []dhl.Meeting) ([]freshMeeting, error) {
	all := make([]models.Meeting, len(meetings))
	symbols := make([]string, len(meetings))
	seen := map[string]int{}
	for i := range meetings {
		m, err := meetingOf(&meetings[i])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", meetings[i].Source, err)
		}
		if j, ok := seen[m.Symbol]; ok {
			return nil, fmt.Errorf("%s: meeting %s is given twice, also at %s", meetings[i].Source, m.Symbol, meetings[j].Source)
		}
		seen[m.Symbol], all[i], symbols[i] = i, m, m.Symbol
	}
	stored, err := l.b.StoredMeetings(symbols)
	if err != nil {
		return nil, err
	}
	var fresh []freshMeeting
	for i, m := range all {
		old, ok := stored[m.Symbol]
		if !ok {
			fresh = append(fresh, freshMeeting{row: i, meeting: m})
			continue
		}
		if d := models.MeetingDifference(old, m); d != "" {
			return nil, fmt.Errorf("%s: %w", meetings[i].Source,
				models.Conflict("meeting %s is already recorded, differently: %s", m.Symbol, d))
		}
	}
	return fresh, nil
}

// loader carries a load's batch and what it learnt so far.
type loader struct {
	b      *sqlstore.Batch
	report *RecordReport
	drafts map[string]int64 // drafts stored, by symbol and resolution symbol
	// symbolUsed marks draft symbols this load gave a draft: the record
	// lists some drafts put to the vote twice (in parts, or again at a
	// later meeting); the second vote's draft is named in its title.
	symbolUsed map[string]bool
}

// meetingSymbol is how the tracker names a meeting of the record: its
// record (S/PV.6711), else (2020, written procedure) the letter that gave
// the outcome or the one that set out the procedure, else (a few 2021
// rows, press releases that give no meeting number) its first decision's
// symbol, else its day.
func meetingSymbol(m *dhl.Meeting) string {
	if s := recordOf(m); s != "" {
		return s
	}
	for _, o := range m.Outcomes {
		if o.Symbol != "" {
			return o.Symbol
		}
	}
	return "meeting of " + m.Date
}

// recordOf is the document that records a meeting: its record, or the
// letter of a decision by written procedure; "" when the sources give
// none.
func recordOf(m *dhl.Meeting) string {
	for _, s := range [][]string{{m.Record}, m.OutcomeLetters, m.ProcedureLetters} {
		if len(s) > 0 && s[0] != "" {
			return s[0]
		}
	}
	return ""
}

// meetingOf is the domain's meeting for a row of the record.
func meetingOf(dm *dhl.Meeting) (models.Meeting, error) {
	symbol := meetingSymbol(dm)
	date, err := models.ParseDate(dm.Date)
	if err != nil {
		return models.Meeting{}, fmt.Errorf("date %q: %w", dm.Date, err)
	}
	m := models.Meeting{Symbol: symbol, Date: date, Closed: dm.Closed, Procedure: models.ProcedureMeeting,
		PressRelease: dm.PressRelease, Agenda: append([]string{}, dm.Agenda...), Source: dm.Source, Decisions: []models.Decision{}}
	if dm.Record == "" && len(dm.OutcomeLetters)+len(dm.ProcedureLetters) > 0 {
		m.Procedure = models.ProcedureWritten
	}
	for _, o := range dm.Outcomes {
		d := models.Decision{Kind: decisionKind(o.Kind), Symbol: o.Symbol, Text: decisionText(o)}
		m.Decisions = append(m.Decisions, d)
	}
	return m, nil
}

// decisionKind maps the record's kinds of outcome to the domain's: its
// elections, notes, letters, referrals and bare documents are other
// decisions, named in their text.
func decisionKind(kind string) models.DecisionKind {
	switch kind {
	case dhl.KindResolution:
		return models.DecisionResolution
	case dhl.KindPresidentialStatement:
		return models.DecisionPresidentialStatement
	case dhl.KindCommunique:
		return models.DecisionCommunique
	case dhl.KindDraft:
		return models.DecisionDraftNotAdopted
	}
	return models.DecisionOther
}

// decisionText is the record's words for a decision: what an "other"
// decision was (an election, a note by the President...), and any remark
// the table adds.
func decisionText(o dhl.Outcome) string {
	var parts []string
	if decisionKind(o.Kind) == models.DecisionOther {
		parts = append(parts, strings.ReplaceAll(o.Kind, "_", " "))
	}
	if o.Text != "" {
		parts = append(parts, o.Text)
	}
	if len(o.Also) > 0 {
		parts = append(parts, "with "+strings.Join(o.Also, ", "))
	}
	return strings.Join(parts, ": ")
}
