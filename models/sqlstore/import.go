package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"unsc/models"

	"gorm.io/gorm"
)

// Import records roll calls read from a file, all in one transaction:
// either every vote is recorded or nothing is. Every member must be known
// and sitting on the vote's date (the seed holds the Council since 1946);
// the file never adds members or terms. A draft is found by its symbol
// (else by its title and date) or added; a draft that already has a vote
// is left as it is, so importing a file twice changes nothing.
func (s *Store) Import(ctx context.Context, by string, votes []models.ImportVote) (models.ImportReport, error) {
	return writeTx(s, ctx, Edit[models.ImportReport]{By: by}, func(tx *gorm.DB) (models.ImportReport, error) {
		var r models.ImportReport
		all, err := allMembers(tx)
		if err != nil {
			return r, err
		}
		byCode := membersByCode(all)
		for _, v := range votes {
			if err := s.importVote(tx, by, all, byCode, v, &r); err != nil {
				var placed *castError
				if errors.As(err, &placed) {
					return models.ImportReport{}, err
				}
				return models.ImportReport{}, fmt.Errorf("line %d: %w", v.Line, err)
			}
		}
		return r, nil
	})
}

// importResolution gives draft d, just voted, the resolution its vote
// adopted, with the checks a PATCH makes.
func (s *Store) importResolution(tx *gorm.DB, by string, d models.Draft, resolution string) error {
	id := d.ID
	if err := d.CheckResolution(resolution); err != nil {
		return err
	}
	if err := resolutionFree(tx, id, &resolution); err != nil {
		return err
	}
	if err := tx.Model(&draftRow{}).Where("id = ?", id).Update("resolution", resolution).Error; err != nil {
		return err
	}
	return s.logChange(tx, by, changed{kind: models.ChangeDraftUpdated, entity: models.EntityDraft, id: idText(id), draft: &id})
}

// castError is a problem with one member's vote, placed in the file.
type castError struct {
	line, column int
	msg          string
}

func (e *castError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.line, e.column, e.msg)
}

func badCast(c models.ImportCast, format string, args ...any) error {
	return &castError{line: c.Line, column: c.Column, msg: fmt.Sprintf(format, args...)}
}

// importVote records one roll call; all holds every member known, byCode
// the same by code, read once for the whole file.
func (s *Store) importVote(tx *gorm.DB, by string, all []models.Member, byCode map[string]models.Member, v models.ImportVote, r *models.ImportReport) error {
	vote := models.VoteInput{VotedOn: v.VotedOn, Meeting: v.Meeting, Votes: map[string]models.Cast{}, AdoptedWithoutVote: v.WithoutVote}
	for _, c := range v.Casts {
		vote.Votes[c.Code] = c.Vote
		// Members come from the Council's known terms, never from the
		// file: a row that names a state not sitting that day is an error
		// in the file (or a term still to record), not a term to invent.
		m, known := byCode[c.Code]
		switch {
		case !known:
			return badCast(c, "%s is not a member the tracker knows: add it, with its terms, first", c.Code)
		case !m.SitsOn(v.VotedOn):
			return badCast(c, "%s does not sit on the Council on %s: record its term first if the file is right", c.Code, v.VotedOn)
		case m.Permanent != c.Permanent:
			return badCast(c, "%s is recorded as permanent=%t, the file says %t", c.Code, m.Permanent, c.Permanent)
		}
	}
	var rows []draftRow
	q := tx.Where("symbol = ?", v.Symbol)
	if v.Symbol == "" {
		q = tx.Where("symbol IS NULL AND title = ? AND introduced_on = ?", v.Title, v.VotedOn)
	}
	if err := q.Limit(1).Find(&rows).Error; err != nil {
		return err
	}
	var d models.Draft
	if len(rows) == 0 {
		in := models.DraftInput{Title: v.Title, Topic: v.Topic, IntroducedOn: v.VotedOn, Procedural: v.Procedural, Sponsors: []string{}}
		if v.Symbol != "" {
			in.Symbol = &v.Symbol
		}
		if err := in.Validate(); err != nil {
			return err
		}
		created, err := s.createDraft(tx, by, in)
		if err != nil {
			return err
		}
		d = created
		r.Drafts++
	} else {
		existing, err := getDraft(tx, rows[0].ID, false)
		if err != nil {
			return err
		}
		if existing.Vote != nil {
			r.AlreadyThere++
			return nil
		}
		d = existing
	}
	if err := vote.Validate(); err != nil {
		return err
	}
	if err := s.checkDate("date", v.VotedOn); err != nil {
		return err
	}
	_, status, err := s.applyVote(tx, by, d, all, vote, 0)
	if err != nil {
		return err
	}
	if v.Resolution != "" {
		d.Status, d.Vote = status, &models.Vote{VotedOn: v.VotedOn}
		if err := s.importResolution(tx, by, d, v.Resolution); err != nil {
			return err
		}
	}
	r.Votes++
	return nil
}
