package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// ImportVote is one roll call read from a file of votes.
type ImportVote struct {
	Symbol     string
	Title      string
	Topic      string
	VotedOn    Date
	Meeting    string
	Procedural bool
	Casts      []ImportCast
	Line       int // the file line of its first row, for messages
}

// ImportCast is one member's vote in an imported roll call.
type ImportCast struct {
	Code      string
	Name      string
	Permanent bool
	Vote      Cast
}

// ImportReport says what an import did.
type ImportReport struct {
	Members, Terms, Drafts, Votes, AlreadyThere int
}

func (r ImportReport) String() string {
	return fmt.Sprintf("import: added %d members, %d terms, %d drafts, %d votes; %d votes were already recorded",
		r.Members, r.Terms, r.Drafts, r.Votes, r.AlreadyThere)
}

// Import records roll calls read from a file, all in one transaction:
// either every vote is recorded or nothing is. Members not yet known are
// added; an elected member not known to sit in a vote's year is given a
// term of that year. A draft is found by its symbol (else by its title and
// date) or added; a draft that already has a vote is left as it is, so
// importing a file twice changes nothing.
func (s *Store) Import(ctx context.Context, by string, votes []ImportVote) (ImportReport, error) {
	return writeTx(s, ctx, Edit[ImportReport]{By: by}, func(tx *gorm.DB) (ImportReport, error) {
		var r ImportReport
		for _, v := range votes {
			if err := s.importVote(tx, by, v, &r); err != nil {
				return ImportReport{}, fmt.Errorf("line %d: %w", v.Line, err)
			}
		}
		return r, nil
	})
}

func (s *Store) importVote(tx *gorm.DB, by string, v ImportVote, r *ImportReport) error {
	year := v.VotedOn.Year()
	in := VoteInput{VotedOn: v.VotedOn, Meeting: v.Meeting, Votes: map[string]Cast{}}
	for _, c := range v.Casts {
		in.Votes[c.Code] = c.Vote
		m, err := getMember(tx, c.Code)
		switch {
		case KindOf(err) == KindNotFound:
			m = Member{Code: c.Code, Name: c.Name, Permanent: c.Permanent, Terms: []Term{}}
			if !c.Permanent {
				m.Terms = []Term{{Start: year, End: year}}
			}
			if err := m.Validate(); err != nil {
				return err
			}
			if _, err := s.createMember(tx, by, m); err != nil {
				return err
			}
			r.Members++
			r.Terms += len(m.Terms)
		case err != nil:
			return err
		case !m.SitsOn(v.VotedOn):
			if _, err := s.addTerm(tx, by, c.Code, Term{Start: year, End: year}); err != nil {
				return err
			}
			r.Terms++
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
	var id int64
	if len(rows) == 0 {
		d := DraftInput{Title: v.Title, Topic: v.Topic, IntroducedOn: v.VotedOn, Procedural: v.Procedural, Sponsors: []string{}}
		if v.Symbol != "" {
			d.Symbol = &v.Symbol
		}
		if err := d.Validate(); err != nil {
			return err
		}
		created, err := s.createDraft(tx, by, d)
		if err != nil {
			return err
		}
		id = created.ID
		r.Drafts++
	} else {
		id = rows[0].ID
		var n int64
		if err := tx.Model(&voteRow{}).Where("draft_id = ?", id).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			r.AlreadyThere++
			return nil
		}
	}
	if err := in.Validate(); err != nil {
		return err
	}
	if err := s.checkDate("date", v.VotedOn); err != nil {
		return err
	}
	if _, err := s.recordVote(tx, by, id, in, 0); err != nil {
		return err
	}
	r.Votes++
	return nil
}
