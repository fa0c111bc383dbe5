package api_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"unsc/models"
	"unsc/models/dbtest"
	"unsc/seed"
)

// The record's questions on the whole synthetic history (seed.History):
// the answers agree with the record worked out here in Go from the raw
// rows, and each is served from the response cache the second time it is
// asked.

// oracleVote is a roll-call vote as the raw rows hold it, with the
// member's last stance before it worked out in Go.
type oracleVote struct {
	draft   int64
	on      models.Date
	member  string
	vote    models.Cast
	stance  *models.Stance
	matched *bool // Agrees(stance, vote)
}

// oracle reads every roll-call vote and every observation, and sets each
// vote beside the member's last observation on the draft on or before the
// vote date, retracted ones left out (latest as_of, then latest recorded),
// newest roll call first, then by member.
func oracle(t *testing.T, e *env) []oracleVote {
	w := e.store.ReadPool()
	type obs struct {
		id        int64
		asOf      models.Date
		stance    models.Stance
		retracted bool
	}
	history := map[string][]obs{}
	dbtest.Rows(t, w, `SELECT p.id, p.draft_id, p.member_code, p.as_of, p.stance,
		EXISTS (SELECT 1 FROM position_retractions r WHERE r.position_id = p.id) FROM positions p`, func(read func(...any)) {
		var o obs
		var draft int64
		var member string
		read(&o.id, &draft, &member, &o.asOf, &o.stance, &o.retracted)
		history[fmt.Sprint(draft, member)] = append(history[fmt.Sprint(draft, member)], o)
	})
	var out []oracleVote
	dbtest.Rows(t, w, `SELECT v.draft_id, v.voted_on, c.member_code, c.vote FROM votes v JOIN vote_casts c ON c.draft_id = v.draft_id
		WHERE NOT v.adopted_without_vote`, func(read func(...any)) {
		var v oracleVote
		read(&v.draft, &v.on, &v.member, &v.vote)
		var last *obs
		for _, o := range history[fmt.Sprint(v.draft, v.member)] {
			if o.retracted || o.asOf > v.on {
				continue
			}
			if last == nil || o.asOf > last.asOf || (o.asOf == last.asOf && o.id > last.id) {
				last = &o
			}
		}
		if last != nil {
			v.stance = &last.stance
		}
		v.matched = models.Agrees(v.stance, v.vote)
		out = append(out, v)
	})
	slices.SortFunc(out, func(a, b oracleVote) int {
		if c := strings.Compare(string(b.on), string(a.on)); c != 0 {
			return c
		}
		if a.draft != b.draft {
			return int(b.draft - a.draft)
		}
		return strings.Compare(a.member, b.member)
	})
	return out
}

func TestRecordOnTheWholeHistory(t *testing.T) {
	t.Parallel()
	// The whole of it on SQLite, whose figures the issue is about (and
	// whose bodies must fit the cache); on PostgreSQL, where writing it
	// takes a minute, and under -short, the years since 2010.
	from := seed.HistoryFrom
	if testing.Short() || dbtest.Postgres() != "" {
		from = 2010
	}
	e := historyEnv(t, from, seed.HistoryTo)
	ctx := context.Background()
	votes := oracle(t, e)
	if len(votes) < (seed.HistoryTo-from+1)*11*10 {
		t.Fatalf("%d votes", len(votes))
	}

	t.Run("alignment", func(t *testing.T) {
		d := func(s string) *models.Date { v := models.Date(s); return &v }
		for _, f := range []models.AlignmentFilter{{}, {Member: "USA"}, {Member: "GAB"}, {From: d("2000-01-01"), To: d("2012-06-30")}, {Member: "RUS", To: d("2011-12-31")}} {
			var want models.Alignment
			var mismatches []string
			for _, v := range votes {
				if (f.Member != "" && v.member != f.Member) || (f.From != nil && v.on < *f.From) || (f.To != nil && v.on > *f.To) {
					continue
				}
				switch {
				case v.matched == nil:
					want.Uncheckable++
				case *v.matched:
					want.Matched++
				default:
					want.Mismatched++
					mismatches = append(mismatches, fmt.Sprint(v.on, v.draft, v.member, *v.stance, v.vote))
				}
			}
			var got []string
			for cursor := ""; ; {
				f.Cursor, f.Limit = cursor, 300
				a, err := e.store.Alignment(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				if a.Matched != want.Matched || a.Mismatched != want.Mismatched || a.Uncheckable != want.Uncheckable {
					t.Fatalf("%+v: %d matched, %d mismatched, %d uncheckable; want %d, %d, %d", f,
						a.Matched, a.Mismatched, a.Uncheckable, want.Matched, want.Mismatched, want.Uncheckable)
				}
				for _, m := range a.Mismatches {
					got = append(got, fmt.Sprint(m.VotedOn, m.Draft.ID, m.Member, m.Stance, m.Vote))
				}
				if a.NextCursor == nil {
					break
				}
				cursor = *a.NextCursor
			}
			if !slices.Equal(got, mismatches) {
				t.Errorf("%+v: %d mismatches listed, want %d", f, len(got), len(mismatches))
			}
			if want.Matched == 0 || want.Mismatched == 0 || want.Uncheckable == 0 {
				t.Errorf("%+v: %+v: the history should hold votes of every kind", f, want)
			}
		}
	})

	t.Run("member votes", func(t *testing.T) {
		for _, code := range []string{"RUS", "GAB"} {
			var want []string
			for _, v := range votes {
				if v.member == code {
					want = append(want, fmt.Sprint(v.on, v.draft, v.vote, v.stance != nil && *v.stance != "", v.matched != nil && *v.matched))
				}
			}
			var got []string
			for cursor := ""; ; {
				p, err := e.store.MemberVotes(ctx, code, models.MemberVoteFilter{Cursor: cursor, Limit: 200})
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range p.Items {
					got = append(got, fmt.Sprint(v.VotedOn, v.Draft.ID, v.Vote, v.Position != nil, v.Agrees != nil && *v.Agrees))
				}
				if cursor = p.Next; cursor == "" {
					break
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: %d votes, want %d; first difference at %d", code, len(got), len(want), firstDifference(got, want))
			}
		}
	})

	// Each answer once, then again with the reader pool closed: the second
	// time must come from the response cache, since a query now fails. A
	// request not asked before shows that it would.
	t.Run("cached", func(t *testing.T) {
		cases := recordCases()
		first := map[string]string{}
		for _, c := range cases {
			r := e.get(c.path).expect(200)
			first[c.path] = string(r.body)
		}
		for _, c := range cases {
			if r := e.get(c.path).expect(200); string(r.body) != first[c.path] {
				t.Fatalf("%s changed with nothing written", c.path)
			}
		}
		reader := e.store.ReadPool()
		reader.Close()
		if r := e.get("/v1/alignment?member=IND"); r.status != 500 {
			t.Fatalf("a request never asked before answered %d with the database closed", r.status)
		}
		for _, c := range cases {
			if r := e.get(c.path); r.status != 200 || string(r.body) != first[c.path] {
				t.Errorf("%s (%s) was not served from the cache the second time: %d", c.name, c.path, r.status)
			}
		}
	})
}

func firstDifference(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
