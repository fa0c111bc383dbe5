package sqlstore

import (
	"context"
	"unsc/models"

	"gorm.io/gorm"
)

// Batch is a run of writes that commit together, all or nothing, with the
// same checks and the same change feed as the store's single writes. It
// is for loading many records at once (the synthetic data that measures
// the tracker at scale), where one commit per record would take hours.
type Batch struct {
	s       *Store
	tx      *gorm.DB
	by      string
	members map[string]models.Member
	all     []models.Member // every member, read at the batch's first vote
}

// InBatch runs fn's writes, made by `by`, as one write: they commit
// together once fn returns nil, and none stands if it returns an error.
func (s *Store) InBatch(ctx context.Context, by string, fn func(b *Batch) error) error {
	return s.writeBulk(ctx, func(tx *gorm.DB) error {
		return fn(&Batch{s: s, tx: tx, by: by, members: map[string]models.Member{}})
	})
}

// NoMembers reports whether no member is recorded yet, as the batch's own
// transaction sees it: writes commit one at a time, so a batch that finds
// the database empty is the first to fill it.
func (b *Batch) NoMembers() (bool, error) {
	var n int64
	err := b.tx.Model(&memberRow{}).Count(&n).Error
	return n == 0, err
}

// CreateDraft adds a draft, as Store.CreateDraft does.
func (b *Batch) CreateDraft(in models.DraftInput) (models.Draft, error) {
	if err := b.s.checkDraft(&in); err != nil {
		return models.Draft{}, err
	}
	return b.s.createDraft(b.tx, b.by, in)
}

// RecordPosition records an observation, as Store.RecordPosition does.
// Members are read once per batch: a batch adds no members.
func (b *Batch) RecordPosition(draftID int64, code string, in models.PositionInput) (models.Position, error) {
	if err := b.s.checkPosition(in); err != nil {
		return models.Position{}, err
	}
	m, ok := b.members[code]
	if !ok {
		var err error
		if m, err = getMember(b.tx, code); err != nil {
			return models.Position{}, err
		}
		b.members[code] = m
	}
	return b.s.recordPosition(b.tx, b.by, draftID, m, in)
}

// CreateMember adds a member, as Store.CreateMember does.
func (b *Batch) CreateMember(m models.Member) (models.Member, error) {
	m, err := models.PrepareMember(m)
	if err != nil {
		return models.Member{}, err
	}
	return b.s.createMember(b.tx, b.by, m)
}

// AddTerm gives a member a term, as Store.AddTerm does.
func (b *Batch) AddTerm(code string, t models.Term) (models.Member, error) {
	if err := models.ValidateTerm(t); err != nil {
		return models.Member{}, err
	}
	return b.s.addTerm(b.tx, b.by, code, t)
}

// RecordVote records a first roll call on a draft, as Store.RecordVote
// does. Members are read once per batch.
func (b *Batch) RecordVote(draftID int64, in models.VoteInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	if err := b.s.checkDate("voted_on", in.VotedOn); err != nil {
		return err
	}
	return b.applyVote(draftID, in, 0)
}

// RetractPosition retracts an observation, as Store.RetractPosition does.
func (b *Batch) RetractPosition(draftID int64, code string, positionID int64, in models.RetractionInput) (models.Position, error) {
	if err := in.Validate(); err != nil {
		return models.Position{}, err
	}
	return b.s.retractPosition(b.tx, b.by, draftID, code, positionID, in)
}

// DraftsBySymbol maps the symbols and resolution symbols of the drafts
// stored to their ids, so that a load finds the drafts it must not add
// again in one query.
func (b *Batch) DraftsBySymbol() (map[string]int64, error) {
	var rows []draftRow
	if err := b.tx.Select("id, symbol, resolution").Where("symbol IS NOT NULL OR resolution IS NOT NULL").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]int64, 2*len(rows))
	for _, r := range rows {
		for _, s := range []*string{r.Symbol, r.Resolution} {
			if s != nil {
				out[*s] = r.ID
			}
		}
	}
	return out, nil
}

// GetDraft reads a draft with its vote within the batch.
func (b *Batch) GetDraft(id int64) (models.Draft, error) {
	return getDraft(b.tx, id, false)
}

// CorrectVote replaces the vote of the given version on a draft, as
// Store.RecordVote does a correction: for a load that makes a vote known
// by its tally more known (the vetoes named, each member's vote).
func (b *Batch) CorrectVote(draftID int64, in models.VoteInput, version int64) error {
	if err := in.Validate(); err != nil {
		return err
	}
	return b.applyVote(draftID, in, version)
}

// applyVote applies a vote checked by the caller to a draft: a first
// one (version 0) or a correction of the given version. Members are
// read once per batch.
func (b *Batch) applyVote(draftID int64, in models.VoteInput, version int64) error {
	d, err := getDraft(b.tx, draftID, false)
	if err != nil {
		return err
	}
	if b.all == nil {
		if b.all, err = allMembers(b.tx); err != nil {
			return err
		}
	}
	_, _, err = b.s.applyVote(b.tx, b.by, d, b.all, in, version)
	return err
}

// VotedDecision is a vote of the record: a decision of a meeting that
// links to its draft (a resolution, a draft not adopted).
type VotedDecision struct {
	Meeting string
	MetOn   models.Date
	Kind    models.DecisionKind
	Symbol  string
	Text    string
	DraftID int64
}

// VotedDecisions lists the votes of the meetings held from one day to
// another, in the record's order (day, record number, decision).
func (b *Batch) VotedDecisions(from, to models.Date) ([]VotedDecision, error) {
	var out []VotedDecision
	err := b.tx.Table("meeting_decisions d").
		Select("d.meeting AS meeting, m.met_on AS met_on, d.kind AS kind, d.symbol AS symbol, d.text AS text, d.draft_id AS draft_id").
		Joins("JOIN meetings m ON m.symbol = d.meeting").
		Where("m.met_on BETWEEN ? AND ? AND d.draft_id IS NOT NULL", from, to).
		Order("m.met_on, m.number, d.meeting, d.ord").Scan(&out).Error
	return out, err
}
