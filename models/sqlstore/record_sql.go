package sqlstore

import (
	"strings"
	"unsc/models"

	"gorm.io/gorm"
)

// lastStanceFromOf finds a member's last stance on a draft on or before
// the vote (v), retracted observations left out, the draft and the member
// named by the SQL expressions given: one seek on positions_stance_before,
// which holds the stance, and one on position_retractions per observation
// it passes.
func lastStanceFromOf(draft, member string) string {
	return `FROM positions p
	WHERE p.draft_id = ` + draft + ` AND p.member_code = ` + member + ` AND p.as_of <= v.voted_on
		AND NOT EXISTS (SELECT 1 FROM position_retractions r WHERE r.position_id = p.id)
	ORDER BY p.as_of DESC, p.id DESC LIMIT 1`
}

// inPeriods is the condition that the SQL expression col (a date) falls
// within one of periods, FALSE for none, and its arguments: a member's
// sitting periods (Member.SittingPeriods) are a handful of date ranges,
// cheaper to compare each roll call's date with than its terms.
func inPeriods(col string, periods []models.Period) (string, []any) {
	if len(periods) == 0 {
		return "FALSE", nil
	}
	conds := make([]string, len(periods))
	args := make([]any, 0, 2*len(periods))
	for i, p := range periods {
		conds[i] = col + " BETWEEN ? AND ?"
		args = append(args, p.From, p.To)
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

// knownCast is the condition that member's vote in roll call v is known,
// its argument the member's code.
const knownCast = `EXISTS (SELECT 1 FROM vote_casts k WHERE k.draft_id = v.draft_id AND k.member_code = ?)`

// rollCalls is the vote joined to its draft, decisions adopted without a
// vote left out (see the models package's record.go).
const rollCalls = `votes v JOIN drafts d ON d.id = v.draft_id AND NOT v.adopted_without_vote`

// castsOn joins a vote (v) to its casts (c), decisions adopted without a
// vote left out.
const castsOn = `c.draft_id = v.draft_id AND NOT v.adopted_without_vote`

// castsByDate is every vote cast in a roll call (c) beside its vote (v)
// and draft (d), to be read newest roll call first: the votes by date
// (votes_date), then each one's casts, then the draft of those the
// filters keep, so that a page stops reading once it is full rather than
// sorting every row the filters keep, and a correlated column
// (lastStanceSQL) is computed for the rows of the page alone. CROSS JOIN
// is how SQLite is told to keep that order of tables; to PostgreSQL it is
// a plain join. castsByDateOn joins them.
const (
	castsByDate   = `votes v CROSS JOIN vote_casts c CROSS JOIN drafts d`
	castsByDateOn = castsOn + ` AND d.id = v.draft_id`
)

// votedBetween keeps the votes taken from from to to, both included.
func votedBetween(q *gorm.DB, from, to *models.Date) *gorm.DB {
	if from != nil {
		q = q.Where("v.voted_on >= ?", *from)
	}
	if to != nil {
		q = q.Where("v.voted_on <= ?", *to)
	}
	return q
}

// periodSQL adds to sql, and its arguments args, the condition that the
// vote (v) was taken from from to to, both included, for a query written
// as text rather than built by gorm (votedBetween).
func periodSQL(sql string, args []any, from, to *models.Date) (string, []any) {
	if from != nil {
		sql, args = sql+" AND v.voted_on >= ?", append(args, *from)
	}
	if to != nil {
		sql, args = sql+" AND v.voted_on <= ?", append(args, *to)
	}
	return sql, args
}
