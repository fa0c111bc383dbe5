package seed_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"unsc/seed"
)

// historyOf writes the history of the years from to to into a new seeded
// store and returns the report and, for the year of, each roll call's
// votes and each observation, named by symbol (draft ids depend on what
// was written before).
func historyOf(t *testing.T, from, to, of int) (seed.HistoryReport, string) {
	t.Helper()
	s := open(t)
	ctx := context.Background()
	if _, err := seed.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	rep, err := seed.History(ctx, s, from, to)
	if err != nil {
		t.Fatal(err)
	}
	r := s.ReadPool()
	var b strings.Builder
	for _, q := range []string{
		`SELECT d.symbol, d.status, v.voted_on, v.meeting, v.adopted_without_vote, c.member_code, c.vote
			FROM drafts d JOIN votes v ON v.draft_id = d.id JOIN vote_casts c ON c.draft_id = d.id
			WHERE d.symbol LIKE '%s' ORDER BY d.symbol, c.member_code`,
		`SELECT d.symbol, p.member_code, p.stance, p.as_of, EXISTS (SELECT 1 FROM position_retractions r WHERE r.position_id = p.id)
			FROM drafts d JOIN positions p ON p.draft_id = d.id WHERE d.symbol LIKE '%s' ORDER BY d.symbol, p.id`,
	} {
		rows, err := r.Query(fmt.Sprintf(q, fmt.Sprintf("S/%d/9____", of)))
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s\n", vals)
		}
		rows.Close()
	}
	return rep, b.String()
}

// TestHistory: across the enlargement of the Council, every roll call is
// cast by the members sitting that day (11 in 1965, 15 in 1966; the store
// refuses any other roll call), most members' positions come before it,
// and a year comes out the same whether written alone or after another.
func TestHistory(t *testing.T) {
	t.Parallel()
	rep, both := historyOf(t, 1965, 1966, 1966)
	if want := 17*11 + 17*15; rep.RollCalls != 34 || rep.Casts != want {
		t.Errorf("%v: want 34 roll calls, %d votes cast", rep, want)
	}
	if rep.Positions < rep.Casts/2 || rep.Retracted == 0 {
		t.Errorf("%v: want positions before most votes, some retracted", rep)
	}
	_, alone := historyOf(t, 1966, 1966, 1966)
	if both != alone || strings.Count(both, "\n") < 17*15 {
		t.Errorf("1966 written after 1965:\n%s\nwritten alone:\n%s", both, alone)
	}
}
