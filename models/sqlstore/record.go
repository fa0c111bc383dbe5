package sqlstore

import (
	"context"
	"fmt"
	"slices"
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

// lastStanceFrom is that lookup for a row holding c (a cast) and v (its
// vote), and lastStanceSQL the stance it finds.
var (
	lastStanceFrom = lastStanceFromOf("c.draft_id", "c.member_code")
	lastStanceSQL  = `(SELECT p.stance ` + lastStanceFrom + `)`
)

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
	k, limit, err := models.PageArgs(f.Cursor, f.Limit)
	if err != nil {
		return models.Page[models.MemberVote]{}, err
	}
	var out []models.MemberVote
	err = s.read(ctx, func(tx *gorm.DB) error {
		m, err := getMember(tx, code)
		if err != nil {
			return err
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
		rows, err := tx.Raw(sql+" ORDER BY v.voted_on DESC, v.draft_id DESC LIMIT ?", append(args, limit+1)...).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r memberVoteRow
			if err := rows.Scan(&r.ID, &r.Symbol, &r.Title, &r.VotedOn, &r.Meeting, &r.Vote, &r.Status, &r.Stance); err != nil {
				return err
			}
			outcome := models.Outcome(r.Status)
			out = append(out, models.MemberVote{Draft: models.DraftRef{ID: r.ID, Symbol: r.Symbol, Title: r.Title}, VotedOn: r.VotedOn, Meeting: r.Meeting,
				Vote: r.Vote, Outcome: outcome, Vetoed: m.Permanent && r.Vote == models.CastNo && outcome == models.OutcomeVetoed,
				Position: r.Stance, Agrees: models.Agrees(r.Stance, r.Vote)})
		}
		return rows.Err()
	})
	if err != nil {
		return models.Page[models.MemberVote]{}, err
	}
	return models.PageOf(out, limit, func(v models.MemberVote) models.CursorKey {
		return models.CursorKey{S: string(v.VotedOn), N: v.Draft.ID}
	},
		func(v models.MemberVote) int { return models.TextSize(v.Draft.Title, v.Meeting) + 256 }), nil
}

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
	k, limit, err := models.PageArgs(f.Cursor, f.Limit)
	if err != nil {
		return models.Page[models.Veto]{}, err
	}
	var out []models.Veto
	err = s.read(ctx, func(tx *gorm.DB) error {
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
		if err := q.Order("v.voted_on DESC, d.id DESC").Limit(limit + 1).Scan(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		ids := make([]int64, len(rows))
		idx := make(map[int64]int, len(rows))
		out = make([]models.Veto, len(rows))
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
			return err
		}
		for _, c := range casts {
			v := &out[idx[c.DraftID]]
			v.VetoedBy = append(v.VetoedBy, c.MemberCode)
		}
		return nil
	})
	if err != nil {
		return models.Page[models.Veto]{}, err
	}
	return models.PageOf(out, limit, func(v models.Veto) models.CursorKey { return models.CursorKey{S: string(v.VotedOn), N: v.Draft.ID} },
		func(v models.Veto) int { return models.TextSize(v.Draft.Title, v.Meeting, v.Agenda) + 256 }), nil
}

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

func periodSQL(sql string, args []any, from, to *models.Date) (string, []any) {
	if from != nil {
		sql, args = sql+" AND v.voted_on >= ?", append(args, *from)
	}
	if to != nil {
		sql, args = sql+" AND v.voted_on <= ?", append(args, *to)
	}
	return sql, args
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
	var casts []models.RollCallCast
	err = s.read(ctx, func(tx *gorm.DB) (err error) {
		casts, err = readCasts(tx, from, to)
		return err
	})
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

// judgedSQL judges a vote cast (c, in roll call v) by the member's last
// stance before it (StanceVote): 1 when the vote kept to it,
// mismatchWeight when it did not, null when the stance announced no vote
// or there is none. The stance is looked up once, in the subquery, for
// every row judged.
var judgedSQL = func() string {
	var b strings.Builder
	b.WriteString("(SELECT CASE p.stance")
	for _, st := range models.Stances {
		if want, ok := models.StanceVote(st); ok {
			fmt.Fprintf(&b, " WHEN '%s' THEN CASE WHEN c.vote = '%s' THEN 1 ELSE %d END", st, want, mismatchWeight)
		}
	}
	return b.String() + " END " + lastStanceFrom + ")"
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
		page := `SELECT v.draft_id, d.symbol, d.title, v.voted_on, c.member_code, c.vote, ` + lastStanceSQL + ` AS stance
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
