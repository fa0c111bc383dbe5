package sqlstore

import (
	"context"
	"slices"
	"strings"
	"unsc/models"

	"gorm.io/gorm"
)

type agreementRow struct {
	A, B           string
	RollCalls      int
	BothVoting     int
	Identical      int
	YesNoPairs     int
	YesNoIdentical int
}

// agreementSQL counts, for every pair of members a < b in the roll calls
// selected, what Agreement reports.
const agreementSQL = `SELECT a.member_code AS a, b.member_code AS b, COUNT(*) AS roll_calls,
	SUM(CASE WHEN a.vote <> 'absent' AND b.vote <> 'absent' THEN 1 ELSE 0 END) AS both_voting,
	SUM(CASE WHEN a.vote = b.vote AND a.vote <> 'absent' THEN 1 ELSE 0 END) AS identical,
	SUM(CASE WHEN a.vote IN ('yes', 'no') AND b.vote IN ('yes', 'no') THEN 1 ELSE 0 END) AS yes_no_pairs,
	SUM(CASE WHEN a.vote = b.vote AND a.vote IN ('yes', 'no') THEN 1 ELSE 0 END) AS yes_no_identical
	FROM ` + rollCalls + `
	JOIN vote_casts a ON a.draft_id = v.draft_id
	JOIN vote_casts b ON b.draft_id = v.draft_id AND a.member_code < b.member_code`

// PairAgreement counts how two members voted beside each other from from
// to to (nil: from the first vote, to the last): the roll calls where both
// votes are known, and those held while both sat where one is not.
func (s *Store) PairAgreement(ctx context.Context, x, y string, from, to *models.Date) (models.Agreement, error) {
	a, b := min(x, y), max(x, y)
	if a == b {
		return models.Agreement{}, models.InvalidField("members", "name two different members")
	}
	out := models.Agreement{Members: []string{a, b}}
	err := s.read(ctx, func(tx *gorm.DB) error {
		var periods [2][]models.Period
		for i, code := range out.Members {
			m, err := getMember(tx, code)
			if models.KindOf(err) == models.KindNotFound {
				return models.InvalidField("members", "no member %s", code)
			} else if err != nil {
				return err
			}
			periods[i] = m.SittingPeriods()
		}
		sql, args := agreementSQL+" WHERE a.member_code = ? AND b.member_code = ?", []any{a, b}
		sql, args = periodSQL(sql, args, from, to)
		var rows []agreementRow
		if err := tx.Raw(sql+" GROUP BY a.member_code, b.member_code", args...).Scan(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 1 {
			out = rows[0].agreement()
		}
		out.Complete()
		both, bothArgs := inPeriods("v.voted_on", models.OverlapPeriods(periods[0], periods[1]))
		sql, args = periodSQL(`SELECT COUNT(*) FROM votes v WHERE NOT v.adopted_without_vote AND `+both, bothArgs, from, to)
		return tx.Raw(sql+` AND NOT (`+knownCast+` AND `+knownCast+`)`, append(args, a, b)...).Scan(&out.LeftOutUnknown).Error
	})
	return out, err
}

func (r agreementRow) agreement() models.Agreement {
	return models.Agreement{Members: []string{r.A, r.B}, RollCalls: r.RollCalls, BothVoting: r.BothVoting, Identical: r.Identical,
		YesNoPairs: r.YesNoPairs, YesNoIdentical: r.YesNoIdentical}
}

// AgreementMatrix pages through the agreement of every pair of members
// that sat at a roll call together from from to to (or are known to have
// voted in one), by their codes, each pair's roll calls where a vote of
// the two is not known left out and counted (CountPairs).
// The period is bounded (CheckMatrixPeriod). The pairs are counted in Go
// from one pass over the votes cast: a self-join in SQL makes a row per
// pair and roll call, a hundred per vote.
func (s *Store) AgreementMatrix(ctx context.Context, from, to models.Date, cursor string, limit int) (models.Page[models.Agreement], error) {
	k, limit, err := models.PageArgs(cursor, limit)
	if err != nil {
		return models.Page[models.Agreement]{}, err
	}
	if err := models.CheckMatrixPeriod(from, to); err != nil {
		return models.Page[models.Agreement]{}, err
	}
	casts, err := readValue(s, ctx, func(tx *gorm.DB) ([]models.RollCallCast, error) { return readCasts(tx, from, to) })
	if err != nil {
		return models.Page[models.Agreement]{}, err
	}
	all := models.CountPairs(casts)
	if cursor != "" {
		all = slices.DeleteFunc(all, func(a models.Agreement) bool { return a.Members[0]+","+a.Members[1] <= k.S })
	}
	return models.PageOf(all[:min(len(all), limit+1)], limit, func(a models.Agreement) models.CursorKey {
		return models.CursorKey{S: a.Members[0] + "," + a.Members[1]}
	}, nil), nil
}

// readCasts reads the votes cast in the roll calls from from to to, by
// roll call, with CastUnknown for each member sitting (Sitting) whose vote
// the record does not give. Each roll call comes as one row of code and
// vote letter pairs (RUSN,USAY): a row per vote cast would cost a call
// into SQLite per column. string_agg is PostgreSQL's, and SQLite's since
// 3.44; it gives NULL for a roll call no vote of which is known.
func readCasts(tx *gorm.DB, from, to models.Date) ([]models.RollCallCast, error) {
	all, err := allMembers(tx)
	if err != nil {
		return nil, err
	}
	rows, err := tx.Raw(`SELECT v.draft_id, v.voted_on, string_agg(c.member_code || CASE c.vote
			WHEN 'yes' THEN 'Y' WHEN 'no' THEN 'N' WHEN 'abstain' THEN 'A' ELSE 'X' END, ',')
		FROM votes v LEFT JOIN vote_casts c ON c.draft_id = v.draft_id
		WHERE NOT v.adopted_without_vote AND v.voted_on BETWEEN ? AND ? GROUP BY v.draft_id, v.voted_on`, from, to).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	letters := map[byte]models.Cast{'Y': models.CastYes, 'N': models.CastNo, 'A': models.CastAbstain, 'X': models.CastAbsent}
	// Terms are whole years: the members sitting are the same all year.
	sittingIn := map[int][]models.Member{}
	var out []models.RollCallCast
	for rows.Next() {
		var id int64
		var on models.Date
		var packed []byte
		if err := rows.Scan(&id, &on, &packed); err != nil {
			return nil, err
		}
		first := len(out)
		for _, cast := range strings.Split(string(packed), ",") {
			if len(cast) == 4 {
				out = append(out, models.RollCallCast{Draft: id, Member: cast[:3], Vote: letters[cast[3]]})
			}
		}
		known := out[first:]
		sitting, ok := sittingIn[on.Year()]
		if !ok {
			sitting = models.Sitting(all, on)
			sittingIn[on.Year()] = sitting
		}
		for _, m := range sitting {
			if !slices.ContainsFunc(known, func(c models.RollCallCast) bool { return c.Member == m.Code }) {
				out = append(out, models.RollCallCast{Draft: id, Member: m.Code, Vote: models.CastUnknown})
			}
		}
	}
	return out, rows.Err()
}
