package sqlstore

import (
	"context"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"unsc/models"
)

// Feed returns the newest changes f picks, newest first, at most
// models.FeedLimit, each with what a feed says of it; and, when it picks
// none, the time of the newest change of all (zero when there is none),
// which dates an empty feed. A draft or member that does not exist is
// not found.
func (s *Store) Feed(ctx context.Context, f models.FeedFilter) ([]models.FeedEntry, time.Time, error) {
	if err := f.Validate(); err != nil {
		return nil, time.Time{}, err
	}
	var out []models.FeedEntry
	var latest time.Time
	err := s.read(ctx, func(tx *gorm.DB) error {
		if err := feedSubjectExists(tx, f); err != nil {
			return err
		}
		var rows []changeRow
		if err := feedChanges(tx, f).Order("id DESC").Limit(models.FeedLimit).Find(&rows).Error; err != nil {
			return err
		}
		out = make([]models.FeedEntry, len(rows))
		for i, r := range rows {
			out[i] = models.FeedEntry{Change: r.change()}
		}
		if len(rows) == 0 {
			var newest []changeRow
			if err := tx.Order("id DESC").Limit(1).Find(&newest).Error; err != nil || len(newest) == 0 {
				return err
			}
			latest = newest[0].At
			return nil
		}
		return describeFeed(tx, out, f.Member)
	})
	if err != nil {
		return nil, time.Time{}, err
	}
	return out, latest, nil
}

func feedSubjectExists(tx *gorm.DB, f models.FeedFilter) error {
	switch {
	case f.DraftID != 0:
		return mustExist(tx.Model(&draftRow{}).Where("id = ?", f.DraftID), models.NotFound("no draft %d", f.DraftID))
	case f.Member != "":
		return mustExist(tx.Model(&memberRow{}).Where("code = ?", f.Member), models.NotFound("no member %s", f.Member))
	}
	return nil
}

// feedChanges narrows the change feed to what f picks. A draft's feed
// also shows the links other drafts made to it; a member's, the roll
// calls that give its vote.
func feedChanges(tx *gorm.DB, f models.FeedFilter) *gorm.DB {
	q := tx.Model(&changeRow{})
	if f.DraftID != 0 {
		q = q.Where("(draft_id = ? OR (entity = ? AND entity_id IN (SELECT CAST(id AS TEXT) FROM draft_links WHERE other_id = ?)))",
			f.DraftID, models.EntityLink, f.DraftID)
	}
	if f.Member != "" {
		q = q.Where("(member_code = ? OR (entity = ? AND draft_id IN (SELECT draft_id FROM vote_casts WHERE member_code = ?)))",
			f.Member, models.EntityVote, f.Member)
	}
	if f.Topic != "" {
		q = q.Where("draft_id IN (SELECT id FROM drafts WHERE LOWER(topic) = LOWER(?))", f.Topic)
	}
	if f.Agenda != "" {
		// A draft's agenda item is its own, or that of a meeting that
		// decided on it; a meeting's, those of its record.
		like := "%" + escapeLike(strings.ToLower(f.Agenda)) + "%"
		q = q.Where(`(draft_id IN (SELECT id FROM drafts WHERE LOWER(agenda) LIKE ? ESCAPE '\')`+
			` OR draft_id IN (SELECT d.draft_id FROM meeting_decisions d JOIN meeting_agenda a ON a.meeting = d.meeting`+
			` WHERE d.draft_id IS NOT NULL AND LOWER(a.item) LIKE ? ESCAPE '\')`+
			` OR (entity = ? AND entity_id IN (SELECT meeting FROM meeting_agenda WHERE LOWER(item) LIKE ? ESCAPE '\')))`,
			like, like, models.EntityMeeting, like)
	}
	return q
}

// feedIDs gathers the ids the entries name, by entity.
type feedIDs struct {
	drafts, positions, votes, links, sources []int64
	members, meetings                        []string
}

func feedIDsOf(entries []models.FeedEntry) feedIDs {
	var ids feedIDs
	for _, e := range entries {
		if e.DraftID != nil {
			ids.drafts = append(ids.drafts, *e.DraftID)
		}
		if e.Member != nil {
			ids.members = append(ids.members, *e.Member)
		}
		n, _ := strconv.ParseInt(e.EntityID, 10, 64)
		switch e.Entity {
		case models.EntityPosition:
			ids.positions = append(ids.positions, n)
		case models.EntityVote:
			ids.votes = append(ids.votes, n)
		case models.EntityLink:
			ids.links = append(ids.links, n)
		case models.EntitySource:
			ids.sources = append(ids.sources, n)
		case models.EntityMeeting:
			ids.meetings = append(ids.meetings, e.EntityID)
		}
	}
	return ids
}

// describeFeed completes each entry with what its change wrote, loaded a
// kind at a time; member is the feed's member, whose vote a roll call
// gives, or "".
func describeFeed(tx *gorm.DB, entries []models.FeedEntry, member string) error {
	ids := feedIDsOf(entries)
	var links []linkRow
	if err := findIn(tx, &links, "id", ids.links); err != nil {
		return err
	}
	for _, l := range links {
		ids.drafts = append(ids.drafts, l.OtherID)
	}
	var drafts []draftRow
	var members []memberRow
	var sources []models.Source
	if err := findIn(tx, &drafts, "id", ids.drafts); err != nil {
		return err
	}
	if err := findIn(tx, &members, "code", ids.members); err != nil {
		return err
	}
	if err := findIn(tx, &sources, "id", ids.sources); err != nil {
		return err
	}
	draftOf := byKey(drafts, func(r draftRow) int64 { return r.ID })
	nameOf := byKey(members, func(r memberRow) string { return r.Code })
	linkOf := byKey(links, func(r linkRow) int64 { return r.ID })
	sourceOf := byKey(sources, func(r models.Source) int64 { return r.ID })
	for i := range entries {
		e := &entries[i]
		if e.DraftID != nil {
			if d, ok := draftOf[*e.DraftID]; ok {
				e.Draft = feedDraft(d)
			}
		}
		if e.Member != nil {
			e.MemberName = nameOf[*e.Member].Name
		}
		n, _ := strconv.ParseInt(e.EntityID, 10, 64)
		if l, ok := linkOf[n]; ok && e.Entity == models.EntityLink {
			e.Link = &models.FeedLink{Kind: l.Kind, Other: *feedDraft(draftOf[l.OtherID])}
		}
		if s, ok := sourceOf[n]; ok && e.Entity == models.EntitySource {
			e.Source = s.Title
		}
	}
	if err := describePositions(tx, entries, ids.positions); err != nil {
		return err
	}
	if err := describeVotes(tx, entries, ids.votes, draftOf, member); err != nil {
		return err
	}
	return describeMeetings(tx, entries, ids.meetings)
}

func feedDraft(r draftRow) *models.FeedDraft {
	return &models.FeedDraft{ID: r.ID, Symbol: r.Symbol, Title: r.Title}
}

// findIn loads into dst the rows whose column is one of keys.
func findIn[K int64 | string](tx *gorm.DB, dst any, column string, keys []K) error {
	if len(keys) == 0 {
		return nil
	}
	return tx.Where(column+" IN ?", keys).Find(dst).Error
}

func byKey[T any, K comparable](rows []T, key func(T) K) map[K]T {
	m := make(map[K]T, len(rows))
	for _, r := range rows {
		m[key(r)] = r
	}
	return m
}

// describePositions adds the observations recorded or retracted, the
// reasons for retractions, and the position each recorded one followed.
func describePositions(tx *gorm.DB, entries []models.FeedEntry, ids []int64) error {
	var rows []positionRow
	var retractions []retractionRow
	if err := findIn(tx, &rows, "id", ids); err != nil {
		return err
	}
	if err := findIn(tx, &retractions, "position_id", ids); err != nil {
		return err
	}
	posOf := byKey(rows, func(r positionRow) int64 { return r.ID })
	reasonOf := byKey(retractions, func(r retractionRow) int64 { return r.PositionID })
	for i := range entries {
		e := &entries[i]
		if e.PositionID == nil {
			continue
		}
		p, ok := posOf[*e.PositionID]
		if !ok {
			continue
		}
		e.Position = &models.FeedPosition{Stance: p.Stance, AsOf: p.AsOf, Note: p.Note}
		switch e.Kind {
		case models.ChangePositionRetracted:
			e.Retraction = reasonOf[p.ID].Reason
		case models.ChangePositionAdded:
			before, err := positionBefore(tx, p, e.ID)
			if err != nil {
				return err
			}
			e.Before = before
		}
	}
	return nil
}

// positionBefore is the member's current position on p's draft just
// before change (which recorded p): of the observations recorded before
// p and not retracted by then, the one with the latest as_of, then the
// latest recorded, as current positions are chosen.
func positionBefore(tx *gorm.DB, p positionRow, change int64) (*models.FeedPosition, error) {
	var rows []positionRow
	err := tx.Where("draft_id = ? AND member_code = ? AND id < ?", p.DraftID, p.MemberCode, p.ID).
		Where("NOT EXISTS (SELECT 1 FROM changes r WHERE r.kind = ? AND r.entity_id = CAST(positions.id AS TEXT) AND r.id < ?)",
			models.ChangePositionRetracted, change).
		Order("as_of DESC, id DESC").Limit(1).Find(&rows).Error
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return &models.FeedPosition{Stance: rows[0].Stance, AsOf: rows[0].AsOf, Note: rows[0].Note}, nil
}

// describeVotes adds the roll calls recorded or corrected, each marked
// when a later change corrected it, with member's vote where it is known.
func describeVotes(tx *gorm.DB, entries []models.FeedEntry, ids []int64, draftOf map[int64]draftRow, member string) error {
	if len(ids) == 0 {
		return nil
	}
	var votes []voteRow
	if err := findIn(tx, &votes, "draft_id", ids); err != nil {
		return err
	}
	var last []struct {
		DraftID int64
		Last    int64
	}
	err := tx.Model(&changeRow{}).Select("draft_id, MAX(id) AS last").Where("entity = ? AND draft_id IN ?", models.EntityVote, ids).
		Group("draft_id").Find(&last).Error
	if err != nil {
		return err
	}
	var casts []castRow
	if member != "" {
		if err := tx.Where("member_code = ? AND draft_id IN ?", member, ids).Find(&casts).Error; err != nil {
			return err
		}
	}
	voteOf := byKey(votes, func(r voteRow) int64 { return r.DraftID })
	castOf := byKey(casts, func(r castRow) int64 { return r.DraftID })
	lastOf := map[int64]int64{}
	for _, l := range last {
		lastOf[l.DraftID] = l.Last
	}
	for i := range entries {
		e := &entries[i]
		if e.Entity != models.EntityVote || e.DraftID == nil {
			continue
		}
		v, ok := voteOf[*e.DraftID]
		if !ok {
			continue
		}
		e.Vote = &models.FeedVote{VotedOn: v.VotedOn, Meeting: v.Meeting, Outcome: draftOf[v.DraftID].Status,
			AdoptedWithoutVote: v.AdoptedWithoutVote, Counts: v.counts(), Cast: castOf[v.DraftID].Vote, Since: lastOf[v.DraftID] > e.ID}
	}
	return nil
}

// describeMeetings adds the meetings recorded, with their agenda items.
func describeMeetings(tx *gorm.DB, entries []models.FeedEntry, symbols []string) error {
	var rows []meetingRow
	if err := findIn(tx, &rows, "symbol", symbols); err != nil {
		return err
	}
	agendaOf := map[string][]string{}
	if len(symbols) > 0 {
		err := eachChild(tx, "meeting", symbols, func(a agendaRow) { agendaOf[a.Meeting] = append(agendaOf[a.Meeting], a.Item) })
		if err != nil {
			return err
		}
	}
	meetingOf := byKey(rows, func(r meetingRow) string { return r.Symbol })
	for i := range entries {
		e := &entries[i]
		if m, ok := meetingOf[e.EntityID]; ok && e.Entity == models.EntityMeeting {
			e.Meeting = &models.FeedMeeting{Symbol: m.Symbol, Date: m.MetOn, Agenda: agendaOf[m.Symbol]}
		}
	}
	return nil
}
