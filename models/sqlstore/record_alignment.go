package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"unsc/models"

	"gorm.io/gorm"
)

// judgedSQL judges a vote cast (c) by the member's last stance before it
// (StanceVote), kept on the cast's row (stance_before, see migration
// 00012): 1 when the vote kept to it, mismatchWeight when it did not,
// null when the stance announced no vote or there is none.
var judgedSQL = func() string {
	var b strings.Builder
	b.WriteString("(CASE c.stance_before")
	for _, st := range models.Stances {
		if want, ok := models.StanceVote(st); ok {
			fmt.Fprintf(&b, " WHEN '%s' THEN CASE WHEN c.vote = '%s' THEN 1 ELSE %d END", st, want, mismatchWeight)
		}
	}
	return b.String() + " END)"
}()

// mismatchWeight lets one SUM over judgedSQL count the votes that kept to
// their stance and those that did not, so that one pass over the votes,
// each stance looked up once, gives both: matched = sum % mismatchWeight,
// mismatched = sum / mismatchWeight, exact while there are fewer than
// 2^31 votes.
const mismatchWeight = 1 << 32

type alignmentRow struct {
	DraftID    int64
	Symbol     *string
	Title      string
	VotedOn    models.Date
	MemberCode string
	Vote       models.Cast
	Stance     models.Stance
}

// Alignment sets each vote in the period (of one member, or of all) beside
// the member's last stance before it, counts those that kept to it and
// those that did not, and pages through the latter, newest first. Of one
// member it counts its votes known, and the roll calls held while it sat
// without them as left out; of every member, the complete roll calls, and
// the others as left out (models.Alignment). The database does the
// counting, in one pass: the answer is four numbers and a page.
func (s *Store) Alignment(ctx context.Context, f models.AlignmentFilter) (models.Alignment, error) {
	k, limit, err := models.PageArgs(f.Cursor, f.Limit)
	if err != nil {
		return models.Alignment{}, err
	}
	out := models.Alignment{Mismatches: []models.Mismatch{}}
	var rows []alignmentRow
	err = s.read(ctx, func(tx *gorm.DB) error {
		where, args := "TRUE", []any{}
		// The roll calls left out: those held while the member sat
		// without its vote, or those not complete.
		leftOut, leftOutArgs := "NOT v.complete", []any{}
		if f.Member != "" {
			m, err := getMember(tx, f.Member)
			if models.KindOf(err) == models.KindNotFound {
				return models.InvalidField("member", "no member %s", f.Member)
			} else if err != nil {
				return err
			}
			where, args = where+" AND c.member_code = ?", append(args, f.Member)
			sat, satArgs := inPeriods("v.voted_on", m.SittingPeriods())
			leftOut, leftOutArgs = sat+" AND NOT "+knownCast, append(satArgs, f.Member)
		} else {
			where += " AND v.complete"
		}
		where, args = periodSQL(where, args, f.From, f.To)
		sql, sqlArgs := periodSQL(`SELECT COUNT(*) FROM votes v WHERE NOT v.adopted_without_vote AND `+leftOut, leftOutArgs, f.From, f.To)
		if err := tx.Raw(sql, sqlArgs...).Scan(&out.LeftOutUnknown).Error; err != nil {
			return err
		}
		var counts struct {
			Votes  int
			Judged int64
		}
		err := tx.Raw(`SELECT COUNT(*) AS votes, CAST(COALESCE(SUM(`+judgedSQL+`), 0) AS BIGINT) AS judged
			FROM vote_casts c JOIN votes v ON `+castsOn+` WHERE `+where, args...).Scan(&counts).Error
		if err != nil {
			return err
		}
		out.Matched, out.Mismatched = int(counts.Judged%mismatchWeight), int(counts.Judged/mismatchWeight)
		out.Uncheckable = counts.Votes - out.Matched - out.Mismatched
		if out.Mismatched == 0 {
			return nil
		}
		page := `SELECT v.draft_id, d.symbol, d.title, v.voted_on, c.member_code, c.vote, c.stance_before AS stance
			FROM ` + castsByDate + ` WHERE ` + castsByDateOn + ` AND ` + where + ` AND ` + judgedSQL + fmt.Sprintf(" = %d", mismatchWeight)
		if f.Cursor != "" {
			date, code, _ := strings.Cut(k.S, " ")
			page += ` AND (v.voted_on < ? OR (v.voted_on = ? AND (v.draft_id < ? OR (v.draft_id = ? AND c.member_code > ?))))`
			args = append(args, date, date, k.N, k.N, code)
		}
		return tx.Raw(page+` ORDER BY v.voted_on DESC, v.draft_id DESC, c.member_code LIMIT ?`, append(args, limit+1)...).Scan(&rows).Error
	})
	if err != nil {
		return models.Alignment{}, err
	}
	ms := make([]models.Mismatch, len(rows))
	for i, r := range rows {
		ms[i] = models.Mismatch{Draft: models.DraftRef{ID: r.DraftID, Symbol: r.Symbol, Title: r.Title}, VotedOn: r.VotedOn,
			Member: r.MemberCode, Stance: r.Stance, Vote: r.Vote}
	}
	page := models.PageOf(ms, limit, func(m models.Mismatch) models.CursorKey {
		return models.CursorKey{S: string(m.VotedOn) + " " + m.Member, N: m.Draft.ID}
	},
		func(m models.Mismatch) int { return models.TextSize(m.Draft.Title) + 256 })
	out.Mismatches = page.Items
	if page.Next != "" {
		out.NextCursor = &page.Next
	}
	return out, nil
}
