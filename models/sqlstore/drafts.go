package sqlstore

import (
	"context"
	"strings"
	"time"
	"unsc/models"

	"gorm.io/gorm"
)

type draftRow struct {
	ID           int64 `gorm:"primaryKey"`
	Symbol       *string
	Resolution   *string
	Title        string
	Topic        string
	Agenda       string
	IntroducedOn models.Date
	Summary      string
	Procedural   bool
	Status       models.Status
	// ExpectedVoteOn is the day the vote is expected, when announced.
	ExpectedVoteOn *models.Date
	Version        int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (draftRow) TableName() string { return "drafts" }

// draft is the one mapping from a stored row to a draft; sponsors and the
// vote are added by the caller.
func (r draftRow) draft() models.Draft {
	return models.Draft{ID: r.ID, Symbol: r.Symbol, Resolution: r.Resolution, Title: r.Title, Topic: r.Topic, Agenda: r.Agenda,
		Sponsors: []string{}, Links: []models.Link{},
		IntroducedOn: r.IntroducedOn, Summary: r.Summary, Procedural: r.Procedural, Status: r.Status, ExpectedVoteOn: r.ExpectedVoteOn,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Version: r.Version}
}

type sponsorRow struct {
	DraftID int64 `gorm:"primaryKey;autoIncrement:false"`
	Ord     int   `gorm:"primaryKey;autoIncrement:false"`
	Sponsor string
}

func (sponsorRow) TableName() string { return "draft_sponsors" }

// ListDrafts lists drafts, newest introduced first.
func (s *Store) ListDrafts(ctx context.Context, f models.DraftFilter) (models.Page[models.Draft], error) {
	key := func(d models.Draft) models.CursorKey { return models.CursorKey{S: string(d.IntroducedOn), N: d.ID} }
	return readPage(s, ctx, f.Cursor, f.Limit, key, models.Draft.Size, func(tx *gorm.DB, k models.CursorKey, limit *int) ([]models.Draft, error) {
		q := tx.Model(&draftRow{})
		if f.Cursor != "" {
			q = q.Where("(introduced_on, id) < (?, ?)", k.S, k.N)
		}
		if f.Symbol != "" {
			q = q.Where("symbol = ?", f.Symbol)
		}
		if f.Status != "" {
			q = q.Where("status = ?", f.Status)
		}
		if len(f.Statuses) > 0 {
			q = q.Where("status IN ?", f.Statuses)
		}
		if f.Resolution != "" {
			q = q.Where("resolution = ?", f.Resolution)
		}
		if len(f.VetoedBy) > 0 {
			// A vetoed draft's permanent "no" votes are its vetoes.
			q = q.Where(`status = ? AND id IN (SELECT c.draft_id FROM vote_casts c JOIN members m ON m.code = c.member_code
				WHERE c.vote = ? AND m.permanent AND c.member_code IN ?)`, models.StatusVetoed, models.CastNo, f.VetoedBy)
		}
		if f.VotedFrom != nil || f.VotedTo != nil {
			q = q.Where("id IN (?)", votedBetween(tx.Table("votes v").Select("v.draft_id"), f.VotedFrom, f.VotedTo))
		}
		if f.Topic != "" {
			q = q.Where("LOWER(topic) = LOWER(?)", f.Topic)
		}
		if f.Sponsor != "" {
			q = q.Where("id IN (SELECT draft_id FROM draft_sponsors WHERE LOWER(sponsor) = LOWER(?))", strings.TrimSpace(f.Sponsor))
		}
		for _, word := range strings.Fields(f.Query) {
			like := "%" + escapeLike(strings.ToLower(word)) + "%"
			q = q.Where(`(LOWER(COALESCE(symbol, '')) LIKE ? ESCAPE '\' OR LOWER(title) LIKE ? ESCAPE '\'`+
				` OR LOWER(topic) LIKE ? ESCAPE '\' OR LOWER(summary) LIKE ? ESCAPE '\')`, like, like, like, like)
		}
		var rows []draftRow
		if err := q.Order("introduced_on DESC, id DESC").Limit(*limit + 1).Find(&rows).Error; err != nil {
			return nil, err
		}
		return loadDrafts(tx, rows, false)
	})
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// loadDrafts adds sponsors and votes to draft rows. With full, each vote
// also carries every member's last position before it.
func loadDrafts(tx *gorm.DB, rows []draftRow, full bool) ([]models.Draft, error) {
	out := make([]models.Draft, len(rows))
	idx := make(map[int64]int, len(rows))
	ids := make([]int64, len(rows))
	for i, r := range rows {
		out[i] = r.draft()
		idx[r.ID] = i
		ids[i] = r.ID
	}
	if len(rows) == 0 {
		return out, nil
	}
	err := eachChild(tx, "draft_id", ids, func(sp sponsorRow) {
		d := &out[idx[sp.DraftID]]
		d.Sponsors = append(d.Sponsors, sp.Sponsor)
	})
	if err != nil {
		return nil, err
	}
	if err := loadLinks(tx, ids, out, idx); err != nil {
		return nil, err
	}
	votes, err := loadVotes(tx, ids, out, full)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if v, ok := votes[out[i].ID]; ok {
			out[i].Vote = v
		}
	}
	return out, nil
}

// GetDraft returns the draft with id, its vote in full if voted.
func (s *Store) GetDraft(ctx context.Context, id int64) (models.Draft, error) {
	return readValue(s, ctx, func(tx *gorm.DB) (models.Draft, error) { return getDraft(tx, id, true) })
}

func getDraft(tx *gorm.DB, id int64, full bool) (models.Draft, error) {
	var rows []draftRow
	if err := tx.Where("id = ?", id).Limit(1).Find(&rows).Error; err != nil {
		return models.Draft{}, err
	}
	if len(rows) == 0 {
		return models.Draft{}, models.NotFound("no draft %d", id)
	}
	ds, err := loadDrafts(tx, rows, full)
	if err != nil {
		return models.Draft{}, err
	}
	return ds[0], nil
}

// CreateDraft adds a draft.
func (s *Store) CreateDraft(ctx context.Context, e Edit[models.Draft], in models.DraftInput) (models.Draft, error) {
	if err := s.checkDraft(&in); err != nil {
		return models.Draft{}, err
	}
	return writeTx(s, ctx, e, func(tx *gorm.DB) (models.Draft, error) {
		return s.createDraft(tx, e.By, in)
	})
}

// checkDraft checks a new draft and tidies its sponsors.
func (s *Store) checkDraft(in *models.DraftInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	if err := s.checkDate("introduced_on", in.IntroducedOn); err != nil {
		return err
	}
	if in.ExpectedVoteOn != nil {
		return models.Draft{IntroducedOn: in.IntroducedOn, Status: in.Status}.CheckExpectedVote(*in.ExpectedVoteOn, s.today())
	}
	return nil
}

// createDraft adds a checked draft within tx.
func (s *Store) createDraft(tx *gorm.DB, by string, in models.DraftInput) (models.Draft, error) {
	now := s.now().UTC()
	row := draftRow{Symbol: in.Symbol, Title: in.Title, Topic: in.Topic, Agenda: in.Agenda, IntroducedOn: in.IntroducedOn,
		Summary: in.Summary, Procedural: in.Procedural, Status: in.Status, ExpectedVoteOn: in.ExpectedVoteOn, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := tx.Create(&row).Error; err != nil {
		if isUniqueViolation(err) {
			return models.Draft{}, models.Conflict("a draft with symbol %s already exists", *in.Symbol)
		}
		return models.Draft{}, err
	}
	if err := saveSponsors(tx, row.ID, in.Sponsors); err != nil {
		return models.Draft{}, err
	}
	d := row.draft()
	d.Sponsors = in.Sponsors
	return d, s.logChange(tx, by, changed{kind: models.ChangeDraftCreated, entity: models.EntityDraft, id: idText(d.ID), draft: &d.ID})
}

// resolutionFree refuses a resolution symbol another draft already has:
// one resolution comes from one draft.
func resolutionFree(tx *gorm.DB, id int64, resolution *string) error {
	if resolution == nil {
		return nil
	}
	var other []int64
	if err := tx.Model(&draftRow{}).Where("resolution = ? AND id <> ?", *resolution, id).Limit(1).Pluck("id", &other).Error; err != nil {
		return err
	}
	if len(other) > 0 {
		return models.Conflict("draft %d already has resolution %s", other[0], *resolution)
	}
	return nil
}

func saveSponsors(tx *gorm.DB, id int64, sponsors []string) error {
	if err := tx.Where("draft_id = ?", id).Delete(&sponsorRow{}).Error; err != nil {
		return err
	}
	for i, sp := range sponsors {
		if err := tx.Create(&sponsorRow{DraftID: id, Ord: i, Sponsor: sp}).Error; err != nil {
			return err
		}
	}
	return nil
}

// checkDate refuses a date after today (the tracker records what happened)
// or before the Council first met.
func (s *Store) checkDate(field string, d models.Date) error {
	return models.CheckDate(field, d, models.FirstMeeting, s.today())
}

// checkExpectedVote checks the expected vote day a patch gives d, when it
// gives a new one: a day kept as it was (passed since, or on a draft
// voted since) is left alone.
func (s *Store) checkExpectedVote(d, next models.Draft) error {
	if next.ExpectedVoteOn == nil || (d.ExpectedVoteOn != nil && *d.ExpectedVoteOn == *next.ExpectedVoteOn) {
		return nil
	}
	return next.CheckExpectedVote(*next.ExpectedVoteOn, s.today())
}

// PatchDraft changes a draft. version is the version the editor last saw;
// a draft changed since is refused, so that no edit is silently lost.
func (s *Store) PatchDraft(ctx context.Context, e Edit[models.Draft], id, version int64, p models.DraftPatch) (models.Draft, error) {
	if p.IntroducedOn != nil {
		if err := s.checkDate("introduced_on", *p.IntroducedOn); err != nil {
			return models.Draft{}, err
		}
	}
	return writeTx(s, ctx, e, func(tx *gorm.DB) (models.Draft, error) {
		d, err := getDraft(tx, id, false)
		if err != nil {
			return models.Draft{}, err
		}
		if d.Version != version {
			return models.Draft{}, &models.Error{Kind: models.KindStale, Message: "the draft has changed since you read it; fetch it again"}
		}
		next, err := p.Apply(d)
		if err != nil {
			return models.Draft{}, err
		}
		if err := s.checkExpectedVote(d, next); err != nil {
			return models.Draft{}, err
		}
		if next.SameAs(d) {
			// A patch that changes nothing writes nothing: the version,
			// and so the ETag, stay, and no change is logged.
			return getDraft(tx, id, true)
		}
		if err := resolutionFree(tx, id, next.Resolution); err != nil {
			return models.Draft{}, err
		}
		next.Version = d.Version + 1
		next.UpdatedAt = s.now().UTC()
		err = tx.Model(&draftRow{}).Where("id = ?", id).Updates(map[string]any{
			"symbol": next.Symbol, "resolution": next.Resolution, "title": next.Title, "topic": next.Topic,
			"agenda": next.Agenda, "introduced_on": next.IntroducedOn,
			"summary": next.Summary, "procedural": next.Procedural, "status": next.Status, "expected_vote_on": next.ExpectedVoteOn,
			"version": next.Version, "updated_at": next.UpdatedAt,
		}).Error
		if isUniqueViolation(err) {
			return models.Draft{}, models.Conflict("a draft with symbol %s already exists", *next.Symbol)
		}
		if err != nil {
			return models.Draft{}, err
		}
		if p.Sponsors != nil {
			if err := saveSponsors(tx, id, next.Sponsors); err != nil {
				return models.Draft{}, err
			}
		}
		if err := s.logChange(tx, e.By, changed{kind: models.ChangeDraftUpdated, entity: models.EntityDraft, id: idText(id), draft: &id}); err != nil {
			return models.Draft{}, err
		}
		return getDraft(tx, id, true)
	})
}
