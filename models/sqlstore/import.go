package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
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
	return writeTx(s, ctx, Edit[models.ImportReport]{By: by, bulk: true}, func(tx *gorm.DB) (models.ImportReport, error) {
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
	id, err := importedDraft(tx, v)
	if err != nil {
		return err
	}
	var d models.Draft
	if id == 0 {
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
		existing, err := getDraft(tx, id, false)
		if err != nil {
			return err
		}
		switch {
		case existing.Vote == nil:
		case existing.Vote.Complete:
			r.AlreadyThere++
			return nil
		default:
			return s.completeVote(tx, by, all, byCode, existing, v, r)
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

// importedDraft finds the draft a roll call of a file is on: by its
// symbol, else by the resolution it became, else by the vote's date and
// meeting (the one draft voted there, or the one of that title), else (a
// draft without symbol or vote) by title and date; 0 when none is. A
// draft found by resolution or meeting whose symbol is another than the
// file's is not the file's draft.
func importedDraft(tx *gorm.DB, v models.ImportVote) (int64, error) {
	fits := func(r draftRow) bool { return v.Symbol == "" || r.Symbol == nil || *r.Symbol == v.Symbol }
	var rows []draftRow
	if v.Symbol != "" {
		if err := tx.Select("id, symbol").Where("symbol = ?", v.Symbol).Limit(1).Find(&rows).Error; err != nil || len(rows) == 1 {
			return firstID(rows), err
		}
	}
	if v.Resolution != "" {
		if err := tx.Select("id, symbol").Where("resolution = ?", v.Resolution).Limit(1).Find(&rows).Error; err != nil {
			return 0, err
		}
		if len(rows) == 1 {
			if !fits(rows[0]) {
				return 0, fmt.Errorf("%s is the resolution of draft %s, not of %s", v.Resolution, *rows[0].Symbol, v.Symbol)
			}
			return rows[0].ID, nil
		}
	}
	if v.Meeting != "" {
		err := tx.Select("drafts.id, drafts.symbol, drafts.title").Joins("JOIN votes ON votes.draft_id = drafts.id").
			Where("votes.voted_on = ? AND votes.meeting = ?", v.VotedOn, v.Meeting).Order("drafts.id").Find(&rows).Error
		if err != nil {
			return 0, err
		}
		rows = slices.DeleteFunc(rows, func(r draftRow) bool { return !fits(r) })
		if len(rows) > 1 {
			rows = slices.DeleteFunc(rows, func(r draftRow) bool { return r.Title != v.Title })
		}
		if len(rows) == 1 {
			return rows[0].ID, nil
		}
	}
	if v.Symbol != "" {
		return 0, nil
	}
	err := tx.Select("id").Where("symbol IS NULL AND title = ? AND introduced_on = ?", v.Title, v.VotedOn).Limit(1).Find(&rows).Error
	return firstID(rows), err
}

func firstID(rows []draftRow) int64 {
	if len(rows) == 0 {
		return 0
	}
	return rows[0].ID
}

// completeVote gives draft d, whose vote is known by its tally (or its
// outcome) and the votes of some members, the members' votes of file
// roll call v. They must agree with the votes known, the tally and the
// outcome; a problem names the file's line and column.
func (s *Store) completeVote(tx *gorm.DB, by string, all []models.Member, byCode map[string]models.Member, d models.Draft, v models.ImportVote, r *models.ImportReport) error {
	old := d.Vote
	if v.VotedOn != old.VotedOn {
		return &castError{line: v.Line, column: v.DateColumn,
			msg: fmt.Sprintf("date: the vote on draft %d is recorded on %s (%s), the file says %s", d.ID, old.VotedOn, old.Source, v.VotedOn)}
	}
	votes := maps.Clone(old.Votes)
	// What the tally leaves for the members the file names: each count
	// less the votes known of members it does not name.
	var left models.Counts
	if old.Counts != nil {
		left = *old.Counts
	}
	named := map[string]bool{}
	for _, c := range v.Casts {
		named[c.Code] = true
	}
	for code, c := range old.Votes {
		if !named[code] {
			take(&left, c)
		}
	}
	added := 0
	for _, c := range v.Casts {
		known, ok := old.Votes[c.Code]
		if ok && known != c.Vote {
			return &castError{line: c.Line, column: c.VoteColumn,
				msg: fmt.Sprintf("ms_vote: the record has %s voting %s on draft %d (%s)", c.Code, known, d.ID, old.Source)}
		}
		if old.Counts != nil && take(&left, c.Vote) < 0 {
			t := *old.Counts
			return &castError{line: c.Line, column: c.VoteColumn,
				msg: fmt.Sprintf("ms_vote: one %s too many: the recorded tally of draft %d is %d-%d-%d, %d not voting (%s)",
					c.Vote, d.ID, t.Yes, t.No, t.Abstain, t.NonVoting, old.Source)}
		}
		if !ok {
			votes[c.Code] = c.Vote
			added++
		}
	}
	if added == 0 {
		r.AlreadyThere++
		return nil
	}
	in := models.VoteInput{VotedOn: old.VotedOn, Meeting: old.Meeting, Votes: votes, Procedure: old.Procedure,
		AdoptedWithoutVote: old.AdoptedWithoutVote, Counts: old.Counts, Outcome: outcomeOf(d.Status), Source: old.Source}
	if _, _, err := s.applyVote(tx, by, d, all, in, old.Version); err != nil {
		// The outcome no longer follows: a permanent member's no the
		// record does not name as a veto, most likely.
		for _, c := range v.Casts {
			if _, known := old.Votes[c.Code]; !known && c.Vote == models.CastNo && byCode[c.Code].Permanent {
				return &castError{line: c.Line, column: c.VoteColumn, msg: fmt.Sprintf("ms_vote: %s voting no: %v", c.Code, err)}
			}
		}
		return err
	}
	r.Completed++
	return nil
}

// take counts one vote of kind c off what is left of a tally and returns
// what is left of that kind.
func take(left *models.Counts, c models.Cast) int {
	p := &left.NonVoting
	switch c {
	case models.CastYes:
		p = &left.Yes
	case models.CastNo:
		p = &left.No
	case models.CastAbstain:
		p = &left.Abstain
	}
	*p--
	return *p
}
