package sqlstore

import (
	"context"
	"strconv"
	"unsc/models"
)

// eventReader builds the events of a batch of changes, reading each
// draft once.
type eventReader struct {
	s        *Store
	ctx      context.Context
	drafts   map[int64]*models.Draft
	meetings map[string]*models.ScheduledMeeting
}

// meeting reads the scheduled meeting a change names; nil when it was
// cancelled since.
func (ev *eventReader) meeting(c changeRow) (*models.ScheduledMeeting, error) {
	if m, ok := ev.meetings[c.EntityID]; ok {
		return m, nil
	}
	id, err := strconv.ParseInt(c.EntityID, 10, 64)
	if err != nil {
		return nil, err
	}
	m, err := ev.s.GetScheduledMeeting(ev.ctx, id)
	if models.KindOf(err) == models.KindNotFound {
		ev.meetings[c.EntityID] = nil
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ev.meetings[c.EntityID] = &m
	return &m, nil
}

func (ev *eventReader) draft(id int64) (*models.Draft, error) {
	if d, ok := ev.drafts[id]; ok {
		return d, nil
	}
	d, err := ev.s.GetDraft(ev.ctx, id)
	if models.KindOf(err) == models.KindNotFound {
		ev.drafts[id] = nil
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ev.drafts[id] = &d
	return &d, nil
}

// subject is what a change concerns, for the subscriptions' filters: its
// draft with the draft's topic and agenda item, its member.
func (ev *eventReader) subject(c changeRow) (models.EventSubject, error) {
	subject := models.EventSubject{Type: c.Kind, DraftID: c.DraftID, Member: c.MemberCode}
	if c.Entity == models.EntityScheduledMeeting {
		m, err := ev.meeting(c)
		if err != nil || m == nil {
			return subject, err
		}
		subject.Agenda = []string{m.Agenda}
		for _, d := range m.Drafts {
			subject.Drafts = append(subject.Drafts, d.ID)
		}
		return subject, nil
	}
	if c.DraftID != nil {
		d, err := ev.draft(*c.DraftID)
		if err != nil || d == nil {
			return subject, err
		}
		subject.Topic = d.Topic
		if d.Agenda != "" {
			subject.Agenda = []string{d.Agenda}
		}
	}
	return subject, nil
}

// event is a change as subscribers receive it: the resource it wrote, as
// the API serves it now.
func (ev *eventReader) event(c changeRow) (models.Event, error) {
	e := models.Event{ID: models.EventID(c.ID, c.Kind), Type: c.Kind, Timestamp: c.At.UTC()}
	var err error
	switch c.Entity {
	case models.EntityDraft:
		var d *models.Draft
		d, err = ev.draft(*c.DraftID)
		e.Data = d
	case models.EntityPosition:
		e.Data, err = ev.s.positionByID(ev.ctx, c.EntityID)
	case models.EntityVote:
		e.Data, err = ev.s.GetVote(ev.ctx, *c.DraftID)
	case models.EntityScheduledMeeting:
		e.Data, err = ev.meeting(c)
	default:
		e.Data = c.change()
	}
	return e, err
}

// positionByID reads one position of a draft's history.
func (s *Store) positionByID(ctx context.Context, id string) (models.Position, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return models.Position{}, err
	}
	var rows []positionRow
	if err := s.r.WithContext(ctx).Where("id = ?", n).Limit(1).Find(&rows).Error; err != nil {
		return models.Position{}, err
	}
	if len(rows) == 0 {
		return models.Position{}, models.NotFound("no position %d", n)
	}
	out, err := loadPositions(s.r.WithContext(ctx), rows)
	if err != nil {
		return models.Position{}, err
	}
	return out[0], nil
}

// cancelled reports whether a change schedules a meeting cancelled since.
func (ev *eventReader) cancelled(c changeRow) (bool, error) {
	if c.Entity != models.EntityScheduledMeeting {
		return false, nil
	}
	m, err := ev.meeting(c)
	return m == nil, err
}
