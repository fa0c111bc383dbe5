package sqlstore

import (
	"context"
	"time"
	"unsc/models"

	"gorm.io/gorm"
)

// scheduledRow is a meeting scheduled ahead, keyed by an id of its own:
// its record symbol, if announced, is kept beside it (see
// models.ScheduledMeeting).
type scheduledRow struct {
	ID        int64 `gorm:"primaryKey"`
	MeetsOn   models.Date
	Agenda    string
	Symbol    *string
	CreatedBy string
	CreatedAt time.Time
}

func (scheduledRow) TableName() string { return "scheduled_meetings" }

type scheduledDraftRow struct {
	MeetingID int64 `gorm:"primaryKey;autoIncrement:false"`
	Ord       int   `gorm:"primaryKey;autoIncrement:false"`
	DraftID   int64
}

func (scheduledDraftRow) TableName() string { return "scheduled_drafts" }

// ScheduleMeeting puts a meeting on the calendar, with the drafts
// expected to be voted there.
func (s *Store) ScheduleMeeting(ctx context.Context, e Edit[models.ScheduledMeeting], in models.ScheduleInput) (models.ScheduledMeeting, error) {
	if err := in.Validate(s.today()); err != nil {
		return models.ScheduledMeeting{}, err
	}
	return writeTx(s, ctx, e, func(tx *gorm.DB) (models.ScheduledMeeting, error) {
		var n int64
		if err := tx.Model(&scheduledRow{}).Where("meets_on = ?", in.Date).Count(&n).Error; err != nil {
			return models.ScheduledMeeting{}, err
		}
		if n >= models.MaxMeetingsPerDay {
			return models.ScheduledMeeting{}, models.Conflict("%s already has %d meetings scheduled, the most a day may have", in.Date, n)
		}
		if err := expectable(tx, in.Drafts); err != nil {
			return models.ScheduledMeeting{}, err
		}
		row := scheduledRow{MeetsOn: in.Date, Agenda: in.Agenda, Symbol: in.Symbol, CreatedBy: e.By, CreatedAt: s.now().UTC()}
		if err := tx.Create(&row).Error; err != nil {
			if isUniqueViolation(err) {
				return models.ScheduledMeeting{}, models.Conflict("a meeting with symbol %s is already scheduled", *in.Symbol)
			}
			return models.ScheduledMeeting{}, err
		}
		for i, id := range in.Drafts {
			if err := tx.Create(&scheduledDraftRow{MeetingID: row.ID, Ord: i, DraftID: id}).Error; err != nil {
				return models.ScheduledMeeting{}, err
			}
		}
		if err := s.logChange(tx, e.By, changed{kind: models.ChangeMeetingScheduled, entity: models.EntityScheduledMeeting, id: idText(row.ID)}); err != nil {
			return models.ScheduledMeeting{}, err
		}
		out, err := loadScheduled(tx, []scheduledRow{row})
		if err != nil {
			return models.ScheduledMeeting{}, err
		}
		return out[0], nil
	})
}

// expectable refuses drafts that do not exist, or whose vote can no
// longer be expected (voted or withdrawn), naming each by its place.
func expectable(tx *gorm.DB, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	var rows []draftRow
	if err := tx.Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return err
	}
	found := map[int64]models.Draft{}
	for _, r := range rows {
		found[r.ID] = r.draft()
	}
	var p models.Problems
	for i, id := range ids {
		field := "drafts[" + idText(int64(i)) + "]"
		d, ok := found[id]
		switch {
		case !ok:
			p.Add(field, "no draft %d", id)
		case !d.Expectable():
			p.Add(field, "draft %d is %s: no vote is expected", id, d.Status)
		}
	}
	return p.Err()
}

// CancelMeeting takes a scheduled meeting off the calendar and returns it
// as it was.
func (s *Store) CancelMeeting(ctx context.Context, e Edit[models.ScheduledMeeting], id int64) (models.ScheduledMeeting, error) {
	return writeTx(s, ctx, e, func(tx *gorm.DB) (models.ScheduledMeeting, error) {
		m, err := getScheduled(tx, id)
		if err != nil {
			return m, err
		}
		if err := tx.Where("meeting_id = ?", id).Delete(&scheduledDraftRow{}).Error; err != nil {
			return m, err
		}
		if err := tx.Where("id = ?", id).Delete(&scheduledRow{}).Error; err != nil {
			return m, err
		}
		return m, s.logChange(tx, e.By, changed{kind: models.ChangeMeetingCancelled, entity: models.EntityScheduledMeeting, id: idText(id)})
	})
}

// GetScheduledMeeting returns one scheduled meeting by its id.
func (s *Store) GetScheduledMeeting(ctx context.Context, id int64) (models.ScheduledMeeting, error) {
	return readValue(s, ctx, func(tx *gorm.DB) (models.ScheduledMeeting, error) { return getScheduled(tx, id) })
}

func getScheduled(tx *gorm.DB, id int64) (models.ScheduledMeeting, error) {
	var rows []scheduledRow
	if err := tx.Where("id = ?", id).Find(&rows).Error; err != nil {
		return models.ScheduledMeeting{}, err
	}
	if len(rows) == 0 {
		return models.ScheduledMeeting{}, models.NotFound("no scheduled meeting %d", id)
	}
	out, err := loadScheduled(tx, rows)
	if err != nil {
		return models.ScheduledMeeting{}, err
	}
	return out[0], nil
}

// Calendar lists what is coming from one day to another, both included:
// the meetings scheduled and the votes expected on drafts not yet voted
// nor withdrawn, each by day, at most MaxCalendarEntries of each.
func (s *Store) Calendar(ctx context.Context, from, to models.Date) (models.Calendar, error) {
	out := models.Calendar{From: from, To: to}
	err := s.read(ctx, func(tx *gorm.DB) error {
		var rows []scheduledRow
		err := tx.Where("meets_on >= ? AND meets_on <= ?", from, to).Order("meets_on, id").Limit(models.MaxCalendarEntries + 1).Find(&rows).Error
		if err != nil {
			return err
		}
		if len(rows) > models.MaxCalendarEntries {
			rows, out.Truncated = rows[:models.MaxCalendarEntries], true
		}
		if out.Meetings, err = loadScheduled(tx, rows); err != nil {
			return err
		}
		var drafts []draftRow
		err = tx.Where("expected_vote_on >= ? AND expected_vote_on <= ? AND status IN ?", from, to,
			[]models.Status{models.StatusCirculating, models.StatusInBlue}).
			Order("expected_vote_on, id").Limit(models.MaxCalendarEntries + 1).Find(&drafts).Error
		if err != nil {
			return err
		}
		if len(drafts) > models.MaxCalendarEntries {
			drafts, out.Truncated = drafts[:models.MaxCalendarEntries], true
		}
		out.Votes = make([]models.ExpectedDraft, len(drafts))
		for i, r := range drafts {
			out.Votes[i] = expectedDraft(r)
		}
		return nil
	})
	return out, err
}

func expectedDraft(r draftRow) models.ExpectedDraft {
	return models.ExpectedDraft{ID: r.ID, Symbol: r.Symbol, Title: r.Title, Status: r.Status,
		ExpectedVoteOn: r.ExpectedVoteOn, URL: models.DraftPath(r.ID), UpdatedAt: r.UpdatedAt}
}

// loadScheduled completes scheduled meeting rows with their drafts, in
// the order given, in one query whatever their number.
func loadScheduled(tx *gorm.DB, rows []scheduledRow) ([]models.ScheduledMeeting, error) {
	out := make([]models.ScheduledMeeting, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	index := make(map[int64]int, len(rows))
	ids := make([]int64, len(rows))
	for i, r := range rows {
		index[r.ID], ids[i] = i, r.ID
		out[i] = models.ScheduledMeeting{ID: r.ID, Date: r.MeetsOn, Agenda: r.Agenda, Symbol: r.Symbol, Drafts: []models.ExpectedDraft{},
			URL: models.ScheduledPath(r.ID), CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt}
	}
	var links []scheduledDraftRow
	if err := tx.Where("meeting_id IN ?", ids).Order("meeting_id, ord").Find(&links).Error; err != nil {
		return nil, err
	}
	if len(links) == 0 {
		return out, nil
	}
	draftIDs := make([]int64, len(links))
	for i, l := range links {
		draftIDs[i] = l.DraftID
	}
	var drafts []draftRow
	if err := tx.Where("id IN ?", draftIDs).Find(&drafts).Error; err != nil {
		return nil, err
	}
	byID := make(map[int64]draftRow, len(drafts))
	for _, d := range drafts {
		byID[d.ID] = d
	}
	for _, l := range links {
		m := &out[index[l.MeetingID]]
		m.Drafts = append(m.Drafts, expectedDraft(byID[l.DraftID]))
	}
	return out, nil
}
