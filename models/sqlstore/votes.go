package sqlstore

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"
	"unsc/models"

	"gorm.io/gorm"
)

type voteRow struct {
	DraftID    int64 `gorm:"primaryKey;autoIncrement:false"`
	VotedOn    models.Date
	Meeting    string
	Version    int64
	RecordedBy string
	RecordedAt time.Time
	// Procedure and AdoptedWithoutVote: see Vote.
	Procedure          models.Procedure
	AdoptedWithoutVote bool
	// The tally (NULL where the record gives none), whether every sitting
	// member's vote is known, and where the vote comes from: see Vote.
	TallyYes, TallyNo, TallyAbstain, TallyNonVoting *int
	Complete                                        bool
	Source                                          string
}

func (voteRow) TableName() string { return "votes" }

// counts is the stored tally, nil where none is known.
func (r voteRow) counts() *models.Counts {
	if r.TallyYes == nil || r.TallyNo == nil || r.TallyAbstain == nil || r.TallyNonVoting == nil {
		return nil
	}
	return &models.Counts{Yes: *r.TallyYes, No: *r.TallyNo, Abstain: *r.TallyAbstain, NonVoting: *r.TallyNonVoting}
}

// setCounts stores c as the row's tally.
func (r *voteRow) setCounts(c *models.Counts) {
	r.TallyYes, r.TallyNo, r.TallyAbstain, r.TallyNonVoting = nil, nil, nil, nil
	if c != nil {
		r.TallyYes, r.TallyNo, r.TallyAbstain, r.TallyNonVoting = &c.Yes, &c.No, &c.Abstain, &c.NonVoting
	}
}

// tallyOf is the Art. 27 count of a stored vote on d: a whole roll call
// is counted from its casts; a vote known by its tally from the tally and
// the votes known; one known by its outcome alone keeps the outcome its
// draft's status holds.
func tallyOf(v *models.Vote, d models.Draft, byCode map[string]models.Member) models.Tally {
	council := models.CouncilOn(v.VotedOn)
	switch {
	case v.Complete:
		return models.CountVotes(council, d.Procedural, v.Votes, byCode)
	case v.Counts != nil:
		return models.CountTally(council, d.Procedural, *v.Counts, v.Votes, byCode)
	}
	t := models.Tally{Required: council.Required, Outcome: outcomeOf(d.Status), VetoedBy: []string{}}
	if t.Outcome == models.OutcomeVetoed {
		t.VetoedBy = models.PermanentNoes(v.Votes, byCode)
	}
	return t
}

// outcomeOf is the outcome a voted draft's status records.
func outcomeOf(st models.Status) models.Outcome {
	switch st {
	case models.StatusAdopted:
		return models.OutcomeAdopted
	case models.StatusVetoed:
		return models.OutcomeVetoed
	}
	return models.OutcomeFailed
}

type castRow struct {
	DraftID    int64  `gorm:"primaryKey;autoIncrement:false"`
	MemberCode string `gorm:"primaryKey"`
	Vote       models.Cast
}

func (castRow) TableName() string { return "vote_casts" }

// loadVotes returns the votes on the given drafts, keyed by draft id. With
// full, each carries every member's vote beside its last position before.
func loadVotes(tx *gorm.DB, ids []int64, drafts []models.Draft, full bool) (map[int64]*models.Vote, error) {
	var rows []voteRow
	if err := tx.Where("draft_id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[int64]*models.Vote, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	voted := make([]int64, len(rows))
	for i, r := range rows {
		voted[i] = r.DraftID
		out[r.DraftID] = &models.Vote{DraftID: r.DraftID, VotedOn: r.VotedOn, Meeting: r.Meeting, Votes: map[string]models.Cast{},
			RecordedBy: r.RecordedBy, RecordedAt: r.RecordedAt, Version: r.Version,
			Procedure: r.Procedure, AdoptedWithoutVote: r.AdoptedWithoutVote,
			Complete: r.Complete, Source: r.Source, Counts: r.counts(), TallyKnown: r.counts() != nil}
	}
	if err := linkMeetings(tx, out); err != nil {
		return nil, err
	}
	var casts []castRow
	if err := tx.Where("draft_id IN ?", voted).Find(&casts).Error; err != nil {
		return nil, err
	}
	voters := map[string]bool{}
	for _, c := range casts {
		out[c.DraftID].Votes[c.MemberCode] = c.Vote
		voters[c.MemberCode] = true
	}
	// Only those who voted: a page of votes names a few dozen members at
	// most, not the whole record; but a vote shown in full lists every
	// member sitting, those whose vote is not known too.
	var all []models.Member
	var err error
	if full {
		all, err = allMembers(tx)
	} else {
		all, err = readMembers(tx, func(q *gorm.DB) *gorm.DB { return q.Where("code IN ?", slices.Sorted(maps.Keys(voters))) })
	}
	if err != nil {
		return nil, err
	}
	byCode := membersByCode(all)
	for _, d := range drafts {
		v, ok := out[d.ID]
		if !ok {
			continue
		}
		v.Tally = tallyOf(v, d, byCode)
		if !full {
			continue
		}
		before, err := positionsBefore(tx, d.ID, v.VotedOn)
		if err != nil {
			return nil, err
		}
		v.Members = voteMembers(v, d.ID, all, before)
	}
	return out, nil
}

// linkMeetings gives each vote whose meeting the record holds, on the
// vote's day, the meeting's address, in one query whatever the number of
// votes. A vote an editor placed at a meeting the record dates otherwise
// (a symbol mistyped, or invented) links to none.
func linkMeetings(tx *gorm.DB, votes map[int64]*models.Vote) error {
	named := map[string]bool{}
	for _, v := range votes {
		if v.Meeting != "" {
			named[v.Meeting] = true
		}
	}
	if len(named) == 0 {
		return nil
	}
	var held []meetingRow
	if err := tx.Select("symbol", "met_on").Where("symbol IN ?", slices.Sorted(maps.Keys(named))).Find(&held).Error; err != nil {
		return err
	}
	metOn := map[string]models.Date{}
	for _, m := range held {
		metOn[m.Symbol] = m.MetOn
	}
	for _, v := range votes {
		if day, ok := metOn[v.Meeting]; ok && day == v.VotedOn {
			path := models.MeetingPath(v.Meeting)
			v.MeetingURL = &path
		}
	}
	return nil
}

// voteMembers lists every member sitting on the vote's day with its vote
// (CastUnknown where the record does not give it) beside its last
// position before the vote; a member recorded as voting who no longer
// sits that day (a term changed since) is listed too.
func voteMembers(v *models.Vote, draftID int64, all []models.Member, before map[string]models.Position) []models.VoteMember {
	codes := map[string]bool{}
	for code := range v.Votes {
		codes[code] = true
	}
	for _, m := range models.Sitting(all, v.VotedOn) {
		codes[m.Code] = true
	}
	byCode := membersByCode(all)
	out := make([]models.VoteMember, 0, len(codes))
	for _, code := range slices.Sorted(maps.Keys(codes)) {
		m := byCode[code]
		p, ok := before[code]
		if !ok {
			p = models.UnknownPosition(draftID, m)
		}
		cast, known := v.Votes[code]
		if !known {
			cast = models.CastUnknown
		}
		out = append(out, models.VoteMember{Member: m.RefOn(v.VotedOn), Vote: cast, Position: p})
	}
	return out
}

// GetVote returns the vote on a draft.
func (s *Store) GetVote(ctx context.Context, draftID int64) (models.Vote, error) {
	d, err := s.GetDraft(ctx, draftID)
	if err != nil {
		return models.Vote{}, err
	}
	if d.Vote == nil {
		return models.Vote{}, &models.Error{Kind: models.KindNotYet, Message: fmt.Sprintf("draft %d exists but no vote on it is recorded yet", draftID)}
	}
	return *d.Vote, nil
}

// VoteResult is a recorded vote and whether it was the draft's first.
type VoteResult struct {
	models.Vote
	Created bool
}

// RecordVote records the roll call on a draft and sets the draft's status
// from its outcome. A vote already on record is replaced (a correction)
// only when version names the version the editor last saw; for a first
// vote version must be 0.
func (s *Store) RecordVote(ctx context.Context, e Edit[VoteResult], draftID int64, in models.VoteInput, version int64) (VoteResult, error) {
	if err := in.Validate(); err != nil {
		return VoteResult{}, err
	}
	if err := s.checkDate("voted_on", in.VotedOn); err != nil {
		return VoteResult{}, err
	}
	return writeTx(s, ctx, e, func(tx *gorm.DB) (VoteResult, error) {
		return s.recordVote(tx, e.By, draftID, in, version)
	})
}

// recordVote records a checked roll call within tx.
func (s *Store) recordVote(tx *gorm.DB, by string, draftID int64, in models.VoteInput, version int64) (VoteResult, error) {
	d, err := getDraft(tx, draftID, false)
	if err != nil {
		return VoteResult{}, err
	}
	all, err := allMembers(tx)
	if err != nil {
		return VoteResult{}, err
	}
	kind, _, err := s.applyVote(tx, by, d, all, in, version)
	if err != nil {
		return VoteResult{}, err
	}
	d, err = getDraft(tx, draftID, true)
	if err != nil {
		return VoteResult{}, err
	}
	return VoteResult{Vote: *d.Vote, Created: kind == models.ChangeVoteRecorded}, nil
}

// applyVote checks a roll call on draft d against the members all and
// stores it, with the status it leaves the draft in. It returns the kind
// of change it made and that status. An import of many votes calls it
// with the members read once.
func (s *Store) applyVote(tx *gorm.DB, by string, d models.Draft, all []models.Member, in models.VoteInput, version int64) (string, models.Status, error) {
	in, err := d.CheckVote(in, version, all)
	if err != nil {
		return "", "", err
	}
	counted, err := in.Count(all, d.Procedural)
	if err != nil {
		return "", "", err
	}
	now := s.now().UTC()
	row := voteRow{DraftID: d.ID, VotedOn: in.VotedOn, Meeting: in.Meeting, Version: 1, RecordedBy: by, RecordedAt: now,
		Procedure: in.Procedure, AdoptedWithoutVote: in.AdoptedWithoutVote, Complete: counted.Complete, Source: in.Source}
	row.setCounts(counted.Counts)
	kind := models.ChangeVoteRecorded
	if d.Vote != nil {
		kind = models.ChangeVoteCorrected
		row.Version = d.Vote.Version + 1
		if err := tx.Where("draft_id = ?", d.ID).Delete(&castRow{}).Error; err != nil {
			return "", "", err
		}
		if err := tx.Save(&row).Error; err != nil {
			return "", "", err
		}
	} else if err := tx.Create(&row).Error; err != nil {
		return "", "", err
	}
	casts := make([]castRow, 0, len(counted.Votes))
	for _, code := range slices.Sorted(maps.Keys(counted.Votes)) {
		casts = append(casts, castRow{DraftID: d.ID, MemberCode: code, Vote: counted.Votes[code]})
	}
	if len(casts) > 0 {
		if err := tx.Create(&casts).Error; err != nil {
			return "", "", err
		}
	}
	status := models.StatusAfter(counted.Tally.Outcome)
	err = tx.Model(&draftRow{}).Where("id = ?", d.ID).Updates(map[string]any{
		"status": status, "version": d.Version + 1, "updated_at": now,
		// A correction that undoes the adoption takes the resolution with it.
		"resolution": gorm.Expr("CASE WHEN ? THEN resolution END", status == models.StatusAdopted)}).Error
	if err != nil {
		return "", "", err
	}
	id := d.ID
	return kind, status, s.logChange(tx, by, changed{kind: kind, entity: models.EntityVote, id: idText(id), draft: &id})
}

// VotedDrafts pages through the drafts that have a recorded vote (one
// draft when draftID is not 0), by vote date, each with its roll call,
// and every member, to name those who voted.
func (s *Store) VotedDrafts(ctx context.Context, draftID int64, cursor string, limit int) (models.Page[models.Draft], []models.Member, error) {
	var members []models.Member
	key := func(d models.Draft) models.CursorKey { return models.CursorKey{S: string(d.Vote.VotedOn), N: d.ID} }
	page, err := readPage(s, ctx, cursor, limit, key, nil, func(tx *gorm.DB, k models.CursorKey, limit *int) ([]models.Draft, error) {
		q := tx.Model(&draftRow{}).Joins("JOIN votes v ON v.draft_id = drafts.id").Where("(v.voted_on, drafts.id) > (?, ?)", k.S, k.N)
		if draftID != 0 {
			q = q.Where("drafts.id = ?", draftID)
		}
		var rows []draftRow
		if err := q.Order("v.voted_on, drafts.id").Limit(*limit + 1).Find(&rows).Error; err != nil {
			return nil, err
		}
		out, err := loadDrafts(tx, rows, false)
		if err != nil {
			return nil, err
		}
		members, err = allMembers(tx)
		return out, err
	})
	if err != nil {
		return models.Page[models.Draft]{}, nil, err
	}
	return page, members, nil
}
