package sqlstore

import (
	"context"
	"slices"
	"unsc/models"

	"gorm.io/gorm"
)

type memberVoteRow struct {
	ID      int64
	Symbol  *string
	Title   string
	VotedOn models.Date
	Meeting string
	Vote    models.Cast
	Status  models.Status
	Stance  *models.Stance
}

// MemberVotes pages through the roll calls held while a member sat
// (Member.SittingPeriods), and those it is recorded as voting in, newest
// first, each with the member's vote (CastUnknown where the record gives
// only the tally) and its last stance before it.
func (s *Store) MemberVotes(ctx context.Context, code string, f models.MemberVoteFilter) (models.Page[models.MemberVote], error) {
	key := func(v models.MemberVote) models.CursorKey {
		return models.CursorKey{S: string(v.VotedOn), N: v.Draft.ID}
	}
	size := func(v models.MemberVote) int { return models.TextSize(v.Draft.Title, v.Meeting) + 256 }
	return readPage(s, ctx, f.Cursor, f.Limit, key, size, func(tx *gorm.DB, k models.CursorKey, limit *int) ([]models.MemberVote, error) {
		m, err := getMember(tx, code)
		if err != nil {
			return nil, err
		}
		// The votes by date (votes_date), each one's cast of this member
		// if known, then the draft of those the filters keep, so that a
		// page stops reading once it is full; LEFT JOIN keeps SQLite to
		// that order as CROSS JOIN does (see castsByDate).
		sat, satArgs := inPeriods("v.voted_on", m.SittingPeriods())
		sql := `SELECT d.id, d.symbol, d.title, v.voted_on, v.meeting, COALESCE(c.vote, '` + string(models.CastUnknown) + `'), d.status,
			(SELECT p.stance ` + lastStanceFromOf("v.draft_id", "?") + `) AS stance
			FROM votes v LEFT JOIN vote_casts c ON c.draft_id = v.draft_id AND c.member_code = ? CROSS JOIN drafts d
			WHERE NOT v.adopted_without_vote AND d.id = v.draft_id AND (` + sat + ` OR c.member_code IS NOT NULL)`
		args := append([]any{code, code}, satArgs...)
		where := func(cond string, a ...any) { sql, args = sql+" AND "+cond, append(args, a...) }
		if f.Cursor != "" {
			where("(v.voted_on, v.draft_id) < (?, ?)", k.S, k.N)
		}
		if f.From != nil {
			where("v.voted_on >= ?", *f.From)
		}
		if f.To != nil {
			where("v.voted_on <= ?", *f.To)
		}
		if f.Topic != "" {
			where("LOWER(d.topic) = LOWER(?)", f.Topic)
		}
		if f.Agenda != "" {
			where("LOWER(d.agenda) = LOWER(?)", f.Agenda)
		}
		if len(f.Outcomes) > 0 {
			where("d.status IN ?", f.Outcomes)
		}
		if len(f.Votes) > 0 {
			known := slices.DeleteFunc(slices.Clone(f.Votes), func(c models.Cast) bool { return c == models.CastUnknown })
			switch {
			case len(known) == len(f.Votes):
				where("c.vote IN ?", known)
			case len(known) == 0:
				where("c.vote IS NULL")
			default:
				where("(c.vote IN ? OR c.vote IS NULL)", known)
			}
		}
		// Scanned by hand: a CSV of a permanent member's record reads
		// thousands of rows, and gorm's scanning by reflection cost as
		// much as the query.
		rows, err := tx.Raw(sql+" ORDER BY v.voted_on DESC, v.draft_id DESC LIMIT ?", append(args, *limit+1)...).Rows()
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []models.MemberVote
		for rows.Next() {
			var r memberVoteRow
			if err := rows.Scan(&r.ID, &r.Symbol, &r.Title, &r.VotedOn, &r.Meeting, &r.Vote, &r.Status, &r.Stance); err != nil {
				return nil, err
			}
			outcome := models.Outcome(r.Status)
			out = append(out, models.MemberVote{Draft: models.DraftRef{ID: r.ID, Symbol: r.Symbol, Title: r.Title}, VotedOn: r.VotedOn, Meeting: r.Meeting,
				Vote: r.Vote, Outcome: outcome, Vetoed: m.Permanent && r.Vote == models.CastNo && outcome == models.OutcomeVetoed,
				Position: r.Stance, Agrees: models.Agrees(r.Stance, r.Vote)})
		}
		return out, rows.Err()
	})
}

type vetoRow struct {
	ID                                              int64
	Symbol                                          *string
	Title                                           string
	Topic                                           string
	Agenda                                          string
	VotedOn                                         models.Date
	Meeting                                         string
	TallyYes, TallyNo, TallyAbstain, TallyNonVoting *int
}

type vetoCast struct {
	DraftID    int64
	MemberCode string
}

// Vetoes pages through the vetoed drafts, newest vote first, each with the
// permanent members known to have voted no (the record names every veto)
// and the tally as the record gives it: a tally's known votes are only
// some of the members', so the tally is the stored one, not a count of
// the votes cast, and none where the record gives none.
func (s *Store) Vetoes(ctx context.Context, f models.VetoFilter) (models.Page[models.Veto], error) {
	key := func(v models.Veto) models.CursorKey { return models.CursorKey{S: string(v.VotedOn), N: v.Draft.ID} }
	size := func(v models.Veto) int { return models.TextSize(v.Draft.Title, v.Meeting, v.Agenda) + 256 }
	return readPage(s, ctx, f.Cursor, f.Limit, key, size, func(tx *gorm.DB, k models.CursorKey, limit *int) ([]models.Veto, error) {
		q := tx.Table(rollCalls).Select("d.id, d.symbol, d.title, d.topic, d.agenda, v.voted_on, v.meeting, v.tally_yes, v.tally_no, v.tally_abstain, v.tally_non_voting").
			Where("d.status = ?", models.StatusVetoed)
		if f.Cursor != "" {
			q = q.Where("(v.voted_on, d.id) < (?, ?)", k.S, k.N)
		}
		q = votedBetween(q, f.From, f.To)
		if len(f.Members) > 0 {
			q = q.Where(`EXISTS (SELECT 1 FROM vote_casts c JOIN members m ON m.code = c.member_code
				WHERE c.draft_id = d.id AND c.vote = ? AND m.permanent AND c.member_code IN ?)`, models.CastNo, f.Members)
		}
		var rows []vetoRow
		if err := q.Order("v.voted_on DESC, d.id DESC").Limit(*limit + 1).Scan(&rows).Error; err != nil {
			return nil, err
		}
		if len(rows) == 0 {
			return nil, nil
		}
		ids := make([]int64, len(rows))
		idx := make(map[int64]int, len(rows))
		out := make([]models.Veto, len(rows))
		for i, r := range rows {
			ids[i], idx[r.ID] = r.ID, i
			agenda := r.Agenda
			if agenda == "" {
				agenda = r.Topic
			}
			out[i] = models.Veto{Draft: models.DraftRef{ID: r.ID, Symbol: r.Symbol, Title: r.Title}, VotedOn: r.VotedOn, Meeting: r.Meeting,
				Agenda: agenda, VetoedBy: []string{}}
			if r.TallyYes != nil && r.TallyNo != nil && r.TallyAbstain != nil && r.TallyNonVoting != nil {
				out[i].Yes, out[i].No, out[i].Abstain, out[i].Absent = r.TallyYes, r.TallyNo, r.TallyAbstain, r.TallyNonVoting
			}
		}
		// The draft is vetoed, so every permanent "no" known is a veto.
		var casts []vetoCast
		err := tx.Table("vote_casts c").Joins("JOIN members m ON m.code = c.member_code").
			Select("c.draft_id, c.member_code").Where("c.draft_id IN ? AND c.vote = ? AND m.permanent", ids, models.CastNo).
			Order("c.draft_id, c.member_code").Scan(&casts).Error
		if err != nil {
			return nil, err
		}
		for _, c := range casts {
			v := &out[idx[c.DraftID]]
			v.VetoedBy = append(v.VetoedBy, c.MemberCode)
		}
		return out, nil
	})
}
