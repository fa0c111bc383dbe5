package sqlstore

import (
	"fmt"
	"maps"
	"slices"

	"unsc/models"

	"gorm.io/gorm"
)

// Loading the Council's record one write at a time took about fifteen
// statements a vote and five a meeting: 4 s on SQLite, 20 s on
// PostgreSQL, where each is a round trip. The batch methods here add many
// at once, with the same checks and the same change feed as the single
// writes, in a few statements whatever their number.

// insertChunk is how many rows one INSERT carries: well under SQLite's
// 32,766 and PostgreSQL's 65,535 parameters for the widest row here.
const insertChunk = 500

// insertAll adds rows, insertChunk to a statement; the ids the database
// gives are set in rows.
func insertAll[T any](tx *gorm.DB, rows []T) error {
	if len(rows) == 0 {
		return nil
	}
	return tx.CreateInBatches(&rows, insertChunk).Error
}

// VotedDraft is a draft and its vote, as the record gives them: added by
// AddVotedDrafts as CreateDraft, RecordVote and, for a resolution, the
// PATCH that names it would add them one after the other. Name says which
// of the record's rows it is, for errors.
type VotedDraft struct {
	Name       string
	Draft      models.DraftInput
	Vote       models.VoteInput
	Resolution string
}

// AddVotedDrafts adds new drafts with their votes and returns their ids
// in order. Each is checked as the single writes check it; the first
// refused one fails the batch, its Name in the error.
func (b *Batch) AddVotedDrafts(items []VotedDraft) ([]int64, error) {
	if len(items) == 0 {
		return nil, nil
	}
	if b.all == nil {
		var err error
		if b.all, err = allMembers(b.tx); err != nil {
			return nil, err
		}
	}
	now := b.s.now().UTC()
	rows := make([]draftRow, len(items))
	counted := make([]models.CountedVote, len(items))
	votes := make([]models.VoteInput, len(items))
	for i := range items {
		row, v, c, err := b.checkVotedDraft(items[i])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", items[i].Name, err)
		}
		row.CreatedAt, row.UpdatedAt = now, now
		rows[i], votes[i], counted[i] = row, v, c
	}
	if err := insertAll(b.tx, rows); err != nil {
		if isUniqueViolation(err) {
			return nil, models.Conflict("a draft of the record has a symbol or resolution another draft holds")
		}
		return nil, err
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	if err := b.insertVotes(ids, items, votes, counted); err != nil {
		return nil, err
	}
	changes := make([]changeRow, 0, 2*len(ids))
	for _, id := range ids {
		draft := id
		changes = append(changes,
			changeRow{Kind: models.ChangeDraftCreated, Entity: models.EntityDraft, EntityID: idText(id), DraftID: &draft, KeyName: b.by, At: now},
			changeRow{Kind: models.ChangeVoteRecorded, Entity: models.EntityVote, EntityID: idText(id), DraftID: &draft, KeyName: b.by, At: now})
	}
	return ids, insertAll(b.tx, changes)
}

// checkVotedDraft checks a draft and its vote as the single writes do,
// and gives the draft's row as the vote leaves it.
func (b *Batch) checkVotedDraft(it VotedDraft) (draftRow, models.VoteInput, models.CountedVote, error) {
	in := it.Draft
	if err := b.s.checkDraft(&in); err != nil {
		return draftRow{}, models.VoteInput{}, models.CountedVote{}, err
	}
	v := it.Vote
	if err := v.Validate(); err != nil {
		return draftRow{}, v, models.CountedVote{}, err
	}
	if err := b.s.checkDate("voted_on", v.VotedOn); err != nil {
		return draftRow{}, v, models.CountedVote{}, err
	}
	d := models.Draft{IntroducedOn: in.IntroducedOn, Status: in.Status, Procedural: in.Procedural}
	v, err := d.CheckVote(v, 0, b.all)
	if err != nil {
		return draftRow{}, v, models.CountedVote{}, err
	}
	c, err := v.Count(b.all, in.Procedural)
	if err != nil {
		return draftRow{}, v, c, err
	}
	status := models.StatusAfter(c.Tally.Outcome)
	row := draftRow{Symbol: in.Symbol, Title: in.Title, Topic: in.Topic, Agenda: in.Agenda, IntroducedOn: in.IntroducedOn,
		Summary: in.Summary, Procedural: in.Procedural, Status: status, Version: 2}
	if it.Resolution != "" {
		if status != models.StatusAdopted {
			return row, v, c, models.InvalidField("resolution", "a draft that was %s became no resolution", status)
		}
		res := it.Resolution
		row.Resolution = &res
	}
	return row, v, c, nil
}

// insertVotes adds the votes of new drafts and their members' votes.
func (b *Batch) insertVotes(ids []int64, items []VotedDraft, votes []models.VoteInput, counted []models.CountedVote) error {
	now := b.s.now().UTC()
	rows := make([]voteRow, len(ids))
	var casts []castRow
	var sponsors []sponsorRow
	for i, id := range ids {
		v := votes[i]
		rows[i] = voteRow{DraftID: id, VotedOn: v.VotedOn, Meeting: v.Meeting, Version: 1, RecordedBy: b.by, RecordedAt: now,
			Procedure: v.Procedure, AdoptedWithoutVote: v.AdoptedWithoutVote, Complete: counted[i].Complete, Source: v.Source}
		rows[i].setCounts(counted[i].Counts)
		for _, code := range slices.Sorted(maps.Keys(counted[i].Votes)) {
			casts = append(casts, castRow{DraftID: id, MemberCode: code, Vote: counted[i].Votes[code]})
		}
		for n, s := range items[i].Draft.Sponsors {
			sponsors = append(sponsors, sponsorRow{DraftID: id, Ord: n + 1, Sponsor: s})
		}
	}
	if err := insertAll(b.tx, rows); err != nil {
		return err
	}
	if err := insertAll(b.tx, casts); err != nil {
		return err
	}
	return insertAll(b.tx, sponsors)
}

// StoredMeetings returns the meetings of these symbols that are stored,
// by symbol.
func (b *Batch) StoredMeetings(symbols []string) (map[string]models.Meeting, error) {
	out := map[string]models.Meeting{}
	for start := 0; start < len(symbols); start += insertChunk {
		var rows []meetingRow
		if err := b.tx.Where("symbol IN ?", symbols[start:min(start+insertChunk, len(symbols))]).Find(&rows).Error; err != nil {
			return nil, err
		}
		ms, err := loadMeetings(b.tx, rows)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			out[m.Symbol] = m
		}
	}
	return out, nil
}

// AddMeetings adds meetings of the record none of which is stored yet
// (StoredMeetings tells), each with its agenda and decisions, and a
// change for each.
func (b *Batch) AddMeetings(ms []models.Meeting) error {
	now := b.s.now().UTC()
	var rows []meetingRow
	var items []agendaRow
	var decisions []decisionRow
	var changes []changeRow
	for _, m := range ms {
		rows = append(rows, meetingRow{Symbol: m.Symbol, Number: models.MeetingNumber(m.Symbol), MetOn: m.Date, Closed: m.Closed,
			Procedure: m.Procedure, PressRelease: m.PressRelease, Source: m.Source})
		for i, a := range m.Agenda {
			items = append(items, agendaRow{Meeting: m.Symbol, Ord: i + 1, Item: a})
		}
		for i, d := range m.Decisions {
			decisions = append(decisions, decisionRow{Meeting: m.Symbol, Ord: i + 1, Kind: d.Kind, Symbol: d.Symbol, Text: d.Text, DraftID: d.DraftID})
		}
		changes = append(changes, changeRow{Kind: models.ChangeMeetingRecorded, Entity: models.EntityMeeting, EntityID: m.Symbol, KeyName: b.by, At: now})
	}
	if err := insertAll(b.tx, rows); err != nil {
		if isUniqueViolation(err) {
			return models.Conflict("a meeting of the record is already stored")
		}
		return err
	}
	if err := insertAll(b.tx, items); err != nil {
		return err
	}
	if err := insertAll(b.tx, decisions); err != nil {
		return err
	}
	if err := indexMeetings(b.tx, ms); err != nil {
		return err
	}
	return insertAll(b.tx, changes)
}

// indexMeetings adds meetings' documents to the search index, once their
// agenda items and decisions are stored: a meeting is written only here,
// so its document is written once, not once more per item (each an FTS
// rewrite on SQLite).
func indexMeetings(tx *gorm.DB, ms []models.Meeting) error {
	symbols := make([]string, len(ms))
	for i, m := range ms {
		symbols[i] = m.Symbol
	}
	for start := 0; start < len(symbols); start += insertChunk {
		err := tx.Exec(`INSERT INTO search_docs (kind, ref, day, symbols, title, head, body)
			SELECT 'meeting', m.symbol, m.met_on, ' ' || upper(m.symbol) || ' ', m.symbol, m.symbol,
				trim(COALESCE((SELECT string_agg(a.item, ' ' ORDER BY a.ord) FROM meeting_agenda a WHERE a.meeting = m.symbol), '') || ' ' ||
					COALESCE((SELECT string_agg(trim(c.symbol || ' ' || c.text), ' ' ORDER BY c.ord) FROM meeting_decisions c WHERE c.meeting = m.symbol), ''))
			FROM meetings m WHERE m.symbol IN ?`, symbols[start:min(start+insertChunk, len(symbols))]).Error
		if err != nil {
			return err
		}
	}
	return nil
}
