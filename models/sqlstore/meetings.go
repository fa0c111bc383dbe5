package sqlstore

import (
	"context"
	"maps"
	"slices"
	"strings"
	"unsc/models"

	"gorm.io/gorm"
)

type meetingRow struct {
	Symbol       string `gorm:"primaryKey"`
	Number       int
	MetOn        models.Date
	Closed       bool
	Procedure    models.Procedure
	PressRelease string
	Source       string
}

func (meetingRow) TableName() string { return "meetings" }

type agendaRow struct {
	Meeting string `gorm:"primaryKey"`
	Ord     int    `gorm:"primaryKey;autoIncrement:false"`
	Item    string
}

func (agendaRow) TableName() string { return "meeting_agenda" }

type decisionRow struct {
	Meeting string `gorm:"primaryKey"`
	Ord     int    `gorm:"primaryKey;autoIncrement:false"`
	Kind    models.DecisionKind
	Symbol  string
	Text    string
	DraftID *int64
}

func (decisionRow) TableName() string { return "meeting_decisions" }

// ListMeetings pages through the Council's meetings, newest first (by
// day, then by record number), narrowed by f.
func (s *Store) ListMeetings(ctx context.Context, f models.MeetingFilter) (models.Page[models.Meeting], error) {
	if err := f.Validate(); err != nil {
		return models.Page[models.Meeting]{}, err
	}
	key := func(m models.Meeting) models.CursorKey {
		return models.CursorKey{S: string(m.Date) + "|" + m.Symbol, N: int64(models.MeetingNumber(m.Symbol))}
	}
	return readPage(s, ctx, f.Cursor, f.Limit, key, meetingSize, func(tx *gorm.DB, k models.CursorKey, limit *int) ([]models.Meeting, error) {
		q := meetingFilter(tx.Model(&meetingRow{}), f)
		if k.S != "" {
			date, symbol, _ := strings.Cut(k.S, "|")
			q = q.Where("(met_on, number, symbol) < (?, ?, ?)", date, k.N, symbol)
		}
		var rows []meetingRow
		if err := q.Order("met_on DESC, number DESC, symbol DESC").Limit(*limit + 1).Find(&rows).Error; err != nil {
			return nil, err
		}
		return loadMeetings(tx, rows)
	})
}

// meetingFilter narrows q to the meetings f keeps.
func meetingFilter(q *gorm.DB, f models.MeetingFilter) *gorm.DB {
	if f.From != nil {
		q = q.Where("met_on >= ?", *f.From)
	}
	if f.To != nil {
		q = q.Where("met_on <= ?", *f.To)
	}
	if f.Agenda != "" {
		q = q.Where(`EXISTS (SELECT 1 FROM meeting_agenda a WHERE a.meeting = meetings.symbol AND LOWER(a.item) LIKE ? ESCAPE '\')`,
			"%"+escapeLike(strings.ToLower(f.Agenda))+"%")
	}
	if len(f.Kinds) > 0 {
		var kinds []models.DecisionKind
		none := false
		for _, k := range f.Kinds {
			if k == models.DecisionNone {
				none = true
			} else {
				kinds = append(kinds, k)
			}
		}
		some := `EXISTS (SELECT 1 FROM meeting_decisions d WHERE d.meeting = meetings.symbol AND d.kind IN ?)`
		nothing := `NOT EXISTS (SELECT 1 FROM meeting_decisions d WHERE d.meeting = meetings.symbol)`
		switch {
		case none && len(kinds) > 0:
			q = q.Where(some+" OR "+nothing, kinds)
		case none:
			q = q.Where(nothing)
		default:
			q = q.Where(some, kinds)
		}
	}
	return q
}

// meetingSize estimates a meeting's encoded size, for bounding a page.
func meetingSize(m models.Meeting) int {
	n := 300 + models.TextSize(m.Symbol, m.PressRelease, m.Source) + models.TextSize(m.Agenda...)
	for _, d := range m.Decisions {
		n += 200 + models.TextSize(d.Symbol, d.Text)
	}
	return n
}

// GetMeeting returns one meeting by its record's symbol.
func (s *Store) GetMeeting(ctx context.Context, symbol string) (models.Meeting, error) {
	var out []models.Meeting
	err := s.read(ctx, func(tx *gorm.DB) error {
		var rows []meetingRow
		if err := tx.Where("symbol = ?", symbol).Find(&rows).Error; err != nil {
			return err
		}
		var err error
		out, err = loadMeetings(tx, rows)
		return err
	})
	if err != nil {
		return models.Meeting{}, err
	}
	if len(out) == 0 {
		return models.Meeting{}, models.NotFound("no meeting %s in the record", symbol)
	}
	return out[0], nil
}

// loadMeetings completes meeting rows with their agenda items and
// decisions, each vote with its outcome, tally and vetoes.
func loadMeetings(tx *gorm.DB, rows []meetingRow) ([]models.Meeting, error) {
	out := make([]models.Meeting, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	index := make(map[string]int, len(rows))
	symbols := make([]string, len(rows))
	for i, r := range rows {
		index[r.Symbol], symbols[i] = i, r.Symbol
		out[i] = models.Meeting{Symbol: r.Symbol, Date: r.MetOn, Closed: r.Closed, Procedure: r.Procedure,
			PressRelease: r.PressRelease, Source: r.Source, Agenda: []string{}, Decisions: []models.Decision{}}
	}
	err := eachChild(tx, "meeting", symbols, func(a agendaRow) {
		m := &out[index[a.Meeting]]
		m.Agenda = append(m.Agenda, a.Item)
	})
	if err != nil {
		return nil, err
	}
	var decisions []decisionRow
	if err := tx.Where("meeting IN ?", symbols).Order("meeting, ord").Find(&decisions).Error; err != nil {
		return nil, err
	}
	votes, err := decisionVotes(tx, decisions)
	if err != nil {
		return nil, err
	}
	for _, d := range decisions {
		m := &out[index[d.Meeting]]
		dec := models.Decision{Kind: d.Kind, Symbol: d.Symbol, Text: d.Text, DraftID: d.DraftID}
		if d.DraftID != nil {
			path := models.DraftPath(*d.DraftID)
			dec.DraftURL = &path
			if v, ok := votes[*d.DraftID]; ok {
				dec.Outcome, dec.Tally, dec.VetoedBy = v.Outcome, v.Counts, v.VetoedBy
			}
		}
		m.Decisions = append(m.Decisions, dec)
	}
	return out, nil
}

// decisionVote is what a list of meetings shows of a vote.
type decisionVote struct {
	Outcome  models.Outcome
	Counts   *models.Counts
	VetoedBy []string
}

// decisionVotes reads the outcome, tally and vetoes of the drafts the
// decisions name, in two queries whatever their number.
func decisionVotes(tx *gorm.DB, decisions []decisionRow) (map[int64]decisionVote, error) {
	ids := map[int64]bool{}
	for _, d := range decisions {
		if d.DraftID != nil {
			ids[*d.DraftID] = true
		}
	}
	out := map[int64]decisionVote{}
	if len(ids) == 0 {
		return out, nil
	}
	list := slices.Sorted(maps.Keys(ids))
	var rows []struct {
		DraftID                                         int64
		TallyYes, TallyNo, TallyAbstain, TallyNonVoting *int
		Status                                          models.Status
	}
	err := tx.Table("votes v").Select("v.draft_id, v.tally_yes, v.tally_no, v.tally_abstain, v.tally_non_voting, d.status").
		Joins("JOIN drafts d ON d.id = v.draft_id").Where("v.draft_id IN ?", list).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	var vetoes []struct {
		DraftID    int64
		MemberCode string
	}
	err = tx.Table("vote_casts c").Select("c.draft_id, c.member_code").Joins("JOIN members m ON m.code = c.member_code").
		Where("c.draft_id IN ? AND c.vote = ? AND m.permanent", list, models.CastNo).Order("c.draft_id, c.member_code").Scan(&vetoes).Error
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		counts := voteRow{TallyYes: r.TallyYes, TallyNo: r.TallyNo, TallyAbstain: r.TallyAbstain, TallyNonVoting: r.TallyNonVoting}.counts()
		out[r.DraftID] = decisionVote{Outcome: outcomeOf(r.Status), Counts: counts, VetoedBy: []string{}}
	}
	for _, v := range vetoes {
		if d, ok := out[v.DraftID]; ok && d.Outcome == models.OutcomeVetoed {
			d.VetoedBy = append(d.VetoedBy, v.MemberCode)
			out[v.DraftID] = d
		}
	}
	return out, nil
}
