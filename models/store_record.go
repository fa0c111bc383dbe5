package models

import (
	"context"
	"slices"
	"strings"

	"gorm.io/gorm"
)

// lastStanceSQL is a member's last stance on a draft on or before the
// vote, retracted observations left out, for a row holding c (its cast)
// and v (the vote): one seek on positions_history.
const lastStanceSQL = `(SELECT p.stance FROM positions p
	WHERE p.draft_id = c.draft_id AND p.member_code = c.member_code AND p.as_of <= v.voted_on
		AND p.id NOT IN (SELECT position_id FROM position_retractions)
	ORDER BY p.as_of DESC, p.id DESC LIMIT 1)`

// rollCalls is the vote joined to its draft, decisions adopted without a
// vote left out (see record.go).
const rollCalls = `votes v JOIN drafts d ON d.id = v.draft_id AND NOT v.adopted_without_vote`

type memberVoteRow struct {
	ID      int64
	Symbol  *string
	Title   string
	VotedOn Date
	Meeting string
	Vote    Cast
	Status  Status
	Stance  *Stance
}

// MemberVotes pages through the roll calls a member took part in, newest
// first, each with the member's vote and its last stance before it.
func (s *Store) MemberVotes(ctx context.Context, code string, f MemberVoteFilter) (Page[MemberVote], error) {
	k, limit, err := pageArgs(f.Cursor, f.Limit)
	if err != nil {
		return Page[MemberVote]{}, err
	}
	var out []MemberVote
	err = s.read(ctx, func(tx *gorm.DB) error {
		m, err := getMember(tx, code)
		if err != nil {
			return err
		}
		q := tx.Table("vote_casts c").Joins("JOIN "+rollCalls+" AND v.draft_id = c.draft_id").
			Select("d.id, d.symbol, d.title, v.voted_on, v.meeting, c.vote, d.status, "+lastStanceSQL+" AS stance").
			Where("c.member_code = ?", code)
		if f.Cursor != "" {
			q = q.Where("(v.voted_on, d.id) < (?, ?)", k.S, k.N)
		}
		q = votedBetween(q, f.From, f.To)
		if f.Topic != "" {
			q = q.Where("LOWER(d.topic) = LOWER(?)", f.Topic)
		}
		if f.Agenda != "" {
			q = q.Where("LOWER(d.agenda) = LOWER(?)", f.Agenda)
		}
		if len(f.Outcomes) > 0 {
			q = q.Where("d.status IN ?", f.Outcomes)
		}
		if len(f.Votes) > 0 {
			q = q.Where("c.vote IN ?", f.Votes)
		}
		var rows []memberVoteRow
		if err := q.Order("v.voted_on DESC, d.id DESC").Limit(limit + 1).Scan(&rows).Error; err != nil {
			return err
		}
		out = make([]MemberVote, len(rows))
		for i, r := range rows {
			outcome := Outcome(r.Status)
			out[i] = MemberVote{Draft: DraftRef{ID: r.ID, Symbol: r.Symbol, Title: r.Title}, VotedOn: r.VotedOn, Meeting: r.Meeting,
				Vote: r.Vote, Outcome: outcome, Vetoed: m.Permanent && r.Vote == CastNo && outcome == OutcomeVetoed,
				Position: r.Stance, Agrees: Agrees(r.Stance, r.Vote)}
		}
		return nil
	})
	if err != nil {
		return Page[MemberVote]{}, err
	}
	return pageOf(out, limit, func(v MemberVote) cursorKey { return cursorKey{S: string(v.VotedOn), N: v.Draft.ID} },
		func(v MemberVote) int { return textSize(v.Draft.Title, v.Meeting) + 256 }), nil
}

// votedBetween keeps the votes taken from from to to, both included.
func votedBetween(q *gorm.DB, from, to *Date) *gorm.DB {
	if from != nil {
		q = q.Where("v.voted_on >= ?", *from)
	}
	if to != nil {
		q = q.Where("v.voted_on <= ?", *to)
	}
	return q
}

type vetoRow struct {
	ID      int64
	Symbol  *string
	Title   string
	Topic   string
	Agenda  string
	VotedOn Date
	Meeting string
}

type castCount struct {
	DraftID    int64
	MemberCode string
	Vote       Cast
	Permanent  bool
}

// Vetoes pages through the vetoed drafts, newest vote first, each with the
// permanent members whose negative vote vetoed it and the tally.
func (s *Store) Vetoes(ctx context.Context, f VetoFilter) (Page[Veto], error) {
	k, limit, err := pageArgs(f.Cursor, f.Limit)
	if err != nil {
		return Page[Veto]{}, err
	}
	var out []Veto
	err = s.read(ctx, func(tx *gorm.DB) error {
		q := tx.Table(rollCalls).Select("d.id, d.symbol, d.title, d.topic, d.agenda, v.voted_on, v.meeting").
			Where("d.status = ?", StatusVetoed)
		if f.Cursor != "" {
			q = q.Where("(v.voted_on, d.id) < (?, ?)", k.S, k.N)
		}
		q = votedBetween(q, f.From, f.To)
		if len(f.Members) > 0 {
			q = q.Where(`EXISTS (SELECT 1 FROM vote_casts c JOIN members m ON m.code = c.member_code
				WHERE c.draft_id = d.id AND c.vote = ? AND m.permanent AND c.member_code IN ?)`, CastNo, f.Members)
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
		out = make([]Veto, len(rows))
		for i, r := range rows {
			ids[i], idx[r.ID] = r.ID, i
			agenda := r.Agenda
			if agenda == "" {
				agenda = r.Topic
			}
			out[i] = Veto{Draft: DraftRef{ID: r.ID, Symbol: r.Symbol, Title: r.Title}, VotedOn: r.VotedOn, Meeting: r.Meeting,
				Agenda: agenda, VetoedBy: []string{}}
		}
		var casts []castCount
		err := tx.Table("vote_casts c").Joins("JOIN members m ON m.code = c.member_code").
			Select("c.draft_id, c.member_code, c.vote, m.permanent").Where("c.draft_id IN ?", ids).
			Order("c.draft_id, c.member_code").Scan(&casts).Error
		if err != nil {
			return err
		}
		for _, c := range casts {
			v := &out[idx[c.DraftID]]
			switch c.Vote {
			case CastYes:
				v.Yes++
			case CastNo:
				v.No++
				// The draft is vetoed, so every permanent "no" is a veto.
				if c.Permanent {
					v.VetoedBy = append(v.VetoedBy, c.MemberCode)
				}
			case CastAbstain:
				v.Abstain++
			default:
				v.Absent++
			}
		}
		return nil
	})
	if err != nil {
		return Page[Veto]{}, err
	}
	return pageOf(out, limit, func(v Veto) cursorKey { return cursorKey{S: string(v.VotedOn), N: v.Draft.ID} },
		func(v Veto) int { return textSize(v.Draft.Title, v.Meeting, v.Agenda) + 256 }), nil
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
	SUM(a.vote <> 'absent' AND b.vote <> 'absent') AS both_voting,
	SUM(a.vote = b.vote AND a.vote <> 'absent') AS identical,
	SUM(a.vote IN ('yes', 'no') AND b.vote IN ('yes', 'no')) AS yes_no_pairs,
	SUM(a.vote = b.vote AND a.vote IN ('yes', 'no')) AS yes_no_identical
	FROM ` + rollCalls + `
	JOIN vote_casts a ON a.draft_id = v.draft_id
	JOIN vote_casts b ON b.draft_id = v.draft_id AND a.member_code < b.member_code`

// PairAgreement counts how two members voted beside each other from from
// to to (nil: from the first vote, to the last).
func (s *Store) PairAgreement(ctx context.Context, x, y string, from, to *Date) (Agreement, error) {
	a, b := min(x, y), max(x, y)
	if a == b {
		return Agreement{}, InvalidField("members", "name two different members")
	}
	out := Agreement{Members: []string{a, b}}
	err := s.read(ctx, func(tx *gorm.DB) error {
		for _, code := range out.Members {
			if _, err := getMember(tx, code); KindOf(err) == KindNotFound {
				return InvalidField("members", "no member %s", code)
			} else if err != nil {
				return err
			}
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
		out.complete()
		return nil
	})
	return out, err
}

func periodSQL(sql string, args []any, from, to *Date) (string, []any) {
	if from != nil {
		sql, args = sql+" AND v.voted_on >= ?", append(args, *from)
	}
	if to != nil {
		sql, args = sql+" AND v.voted_on <= ?", append(args, *to)
	}
	return sql, args
}

func (r agreementRow) agreement() Agreement {
	return Agreement{Members: []string{r.A, r.B}, RollCalls: r.RollCalls, BothVoting: r.BothVoting, Identical: r.Identical,
		YesNoPairs: r.YesNoPairs, YesNoIdentical: r.YesNoIdentical}
}

// AgreementMatrix pages through the agreement of every pair of members
// that took part in a roll call together from from to to, by their codes.
// The period is bounded (CheckMatrixPeriod).
func (s *Store) AgreementMatrix(ctx context.Context, from, to Date, cursor string, limit int) (Page[Agreement], error) {
	k, limit, err := pageArgs(cursor, limit)
	if err != nil {
		return Page[Agreement]{}, err
	}
	if err := CheckMatrixPeriod(from, to); err != nil {
		return Page[Agreement]{}, err
	}
	var out []Agreement
	err = s.read(ctx, func(tx *gorm.DB) error {
		sql, args := periodSQL(agreementSQL+" WHERE TRUE", nil, &from, &to)
		if cursor != "" {
			a, b, _ := strings.Cut(k.S, ",")
			sql, args = sql+" AND (a.member_code, b.member_code) > (?, ?)", append(args, a, b)
		}
		var rows []agreementRow
		err := tx.Raw(sql+" GROUP BY a.member_code, b.member_code ORDER BY a.member_code, b.member_code LIMIT ?",
			append(args, limit+1)...).Scan(&rows).Error
		if err != nil {
			return err
		}
		out = make([]Agreement, len(rows))
		for i, r := range rows {
			out[i] = r.agreement()
			out[i].complete()
		}
		return nil
	})
	if err != nil {
		return Page[Agreement]{}, err
	}
	return pageOf(out, limit, func(a Agreement) cursorKey { return cursorKey{S: a.Members[0] + "," + a.Members[1]} }, nil), nil
}

type alignmentRow struct {
	DraftID    int64
	Symbol     *string
	Title      string
	VotedOn    Date
	MemberCode string
	Vote       Cast
	Stance     *Stance
}

// Alignment sets each vote in the period (of one member, or of all) beside
// the member's last stance before it, counts those that kept to it and
// those that did not, and pages through the latter, newest first.
func (s *Store) Alignment(ctx context.Context, f AlignmentFilter) (Alignment, error) {
	k, limit, err := pageArgs(f.Cursor, f.Limit)
	if err != nil {
		return Alignment{}, err
	}
	out := Alignment{Mismatches: []Mismatch{}}
	var rows []alignmentRow
	err = s.read(ctx, func(tx *gorm.DB) error {
		if f.Member != "" {
			if _, err := getMember(tx, f.Member); KindOf(err) == KindNotFound {
				return InvalidField("member", "no member %s", f.Member)
			} else if err != nil {
				return err
			}
		}
		q := tx.Table("vote_casts c").Joins("JOIN " + rollCalls + " AND v.draft_id = c.draft_id").
			Select("c.draft_id, d.symbol, d.title, v.voted_on, c.member_code, c.vote, " + lastStanceSQL + " AS stance")
		if f.Member != "" {
			q = q.Where("c.member_code = ?", f.Member)
		}
		q = votedBetween(q, f.From, f.To)
		return q.Scan(&rows).Error
	})
	if err != nil {
		return Alignment{}, err
	}
	for _, r := range rows {
		switch agree := Agrees(r.Stance, r.Vote); {
		case agree == nil:
			out.Uncheckable++
		case *agree:
			out.Matched++
		default:
			out.Mismatched++
			out.Mismatches = append(out.Mismatches, Mismatch{Draft: DraftRef{ID: r.DraftID, Symbol: r.Symbol, Title: r.Title},
				VotedOn: r.VotedOn, Member: r.MemberCode, Stance: *r.Stance, Vote: r.Vote})
		}
	}
	// Newest first, then by draft and member, so that a cursor is a place
	// in one order.
	key := func(m Mismatch) cursorKey { return cursorKey{S: string(m.VotedOn) + " " + m.Member, N: m.Draft.ID} }
	after := func(m Mismatch, k cursorKey) bool {
		mk := key(m)
		mDate, mMember, _ := strings.Cut(mk.S, " ")
		kDate, kMember, _ := strings.Cut(k.S, " ")
		if mDate != kDate {
			return mDate < kDate
		}
		if mk.N != k.N {
			return mk.N < k.N
		}
		return mMember > kMember
	}
	slices.SortFunc(out.Mismatches, func(a, b Mismatch) int {
		switch {
		case a.VotedOn != b.VotedOn:
			return strings.Compare(string(b.VotedOn), string(a.VotedOn))
		case a.Draft.ID != b.Draft.ID:
			return int(b.Draft.ID - a.Draft.ID)
		}
		return strings.Compare(a.Member, b.Member)
	})
	if f.Cursor != "" {
		i := slices.IndexFunc(out.Mismatches, func(m Mismatch) bool { return after(m, k) })
		if i < 0 {
			i = len(out.Mismatches)
		}
		out.Mismatches = out.Mismatches[i:]
	}
	page := pageOf(out.Mismatches, limit, key, func(m Mismatch) int { return textSize(m.Draft.Title) + 256 })
	out.Mismatches = page.Items
	if page.Next != "" {
		out.NextCursor = &page.Next
	}
	return out, nil
}
