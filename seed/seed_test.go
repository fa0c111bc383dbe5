package seed_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"unsc/models"
	"unsc/seed"
)

// article is the AFP text the seed comes from (see testdata/README.md).
func article(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "afp-2012-01-30-arab-league-syria.txt"))
	if err != nil {
		t.Fatalf("the article is needed to check the seed's quotes: %v", err)
	}
	return string(b)
}

func TestQuotesAreVerbatim(t *testing.T) {
	text := article(t)
	n := 0
	for _, p := range seed.Positions {
		if len(p.Evidence) == 0 {
			t.Errorf("%s: no evidence", p.Member)
		}
		for _, q := range p.Evidence {
			n++
			if !strings.Contains(text, q.Text) {
				t.Errorf("%s: quote not in the article: %q", p.Member, q.Text)
			}
			if q.Speaker == "" {
				t.Errorf("%s: quote without speaker: %q", p.Member, q.Text)
			}
		}
	}
	if !strings.Contains(text, seed.Article.Title) || !strings.Contains(text, "Mona Salem, AFP") {
		t.Error("the source's title or byline is not the article's")
	}
	t.Logf("%d quotes checked against the article", n)
}

func open(t *testing.T) *models.Store {
	t.Helper()
	s, err := models.Open(filepath.Join(t.TempDir(), "unsc.db"), models.WithClock(func() time.Time { return time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// dump is every row of every table but the timestamps' own.
func dump(t *testing.T, s *models.Store) string {
	w, _ := s.Pools()
	var b strings.Builder
	for _, table := range []string{"members", "terms", "sources", "drafts", "draft_sponsors", "positions", "evidence", "current_positions", "votes", "vote_casts"} {
		rows, err := w.Query("SELECT * FROM " + table + " ORDER BY 1, 2")
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
			b.WriteString(table)
			for _, v := range vals {
				b.WriteString("|")
				b.WriteString(toString(v))
			}
			b.WriteString("\n")
		}
		rows.Close()
	}
	return b.String()
}

func toString(v any) string {
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	return fmt.Sprint(v)
}

func TestLoadTwiceChangesNothing(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	first, err := seed.Load(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if first != (seed.Report{Members: 20, Terms: 15, Sources: 1, Drafts: 2, Positions: 7, Votes: 1}) {
		t.Errorf("first load: %v", first)
	}
	before := dump(t, s)
	second, err := seed.Load(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if second != (seed.Report{}) {
		t.Errorf("second load added: %v", second)
	}
	if after := dump(t, s); after != before {
		t.Errorf("a second load changed the database:\n%s\nthen\n%s", before, after)
	}
}

func TestSeedFacts(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	if _, err := seed.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	on := models.Date("2012-01-30")
	page, err := s.ListMembers(ctx, models.MemberFilter{On: &on})
	if err != nil || len(page.Items) != 15 {
		t.Fatalf("members sitting on 2012-01-30: %d (%v)", len(page.Items), err)
	}
	drafts, err := s.ListDrafts(ctx, models.DraftFilter{Symbol: "S/2012/77"})
	if err != nil || len(drafts.Items) != 1 {
		t.Fatal(err)
	}
	d := drafts.Items[0]
	if d.IntroducedOn != "2012-01-27" || d.Topic != "Syria" || d.Status != models.StatusCirculating || d.Sponsors[0] != "MAR" {
		t.Errorf("S/2012/77 = %+v", d)
	}
	v, err := s.ListDrafts(ctx, models.DraftFilter{Symbol: "S/2011/612"})
	if err != nil || v.Items[0].Vote == nil {
		t.Fatal("S/2011/612 has no vote", err)
	}
	vote := v.Items[0].Vote
	if vote.Outcome != models.OutcomeVetoed || vote.Yes != 9 || vote.No != 2 || vote.Abstain != 4 || vote.Meeting != "S/PV.6627" {
		t.Errorf("October vote = %+v", vote.Tally)
	}
}
