package seed_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"unsc/models"
	"unsc/models/dbtest"
	"unsc/models/sqlstore"
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
	t.Parallel()
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

func open(t *testing.T) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(dbtest.Location(t), sqlstore.WithClock(func() time.Time { return time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// dump is every row of every table.
func dump(t *testing.T, s *sqlstore.Store) string {
	w := s.ReadPool()
	return dbtest.Dump(t, w)
}

func TestLoadTwiceChangesNothing(t *testing.T) {
	t.Parallel()
	s := open(t)
	ctx := context.Background()
	first, err := seed.Load(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if first != (seed.Report{Members: 137, Terms: 381, Sources: 1, Drafts: 2, Positions: 7, Votes: 1}) {
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
	t.Parallel()
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

func TestScaleWritesThroughTheStore(t *testing.T) {
	t.Parallel()
	s := open(t)
	ctx := context.Background()
	if _, err := seed.Scale(ctx, s, 3); err == nil {
		t.Error("scale on an empty database: no error")
	}
	if _, err := seed.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	before, _ := s.DataVersion(ctx)
	_, start, err := s.Changes(ctx, "", models.MaxLimit)
	if err != nil {
		t.Fatal(err)
	}
	n, err := seed.Scale(ctx, s, 1200) // more than one batch
	if err != nil || n != 1200*15 {
		t.Fatalf("scale: %d positions, %v", n, err)
	}
	if after, _ := s.DataVersion(ctx); after == before {
		t.Error("the change counter did not move: caches would serve what was there before")
	}
	drafts, positions := 0, 0
	for cursor := start; ; {
		items, next, err := s.Changes(ctx, cursor, models.MaxLimit)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) == 0 {
			break
		}
		for _, c := range items {
			switch c.Kind {
			case models.ChangeDraftCreated:
				drafts++
			case models.ChangePositionAdded:
				positions++
			}
			if c.By != "scale" {
				t.Fatalf("change by %q, want scale", c.By)
			}
		}
		cursor = next
	}
	if drafts != 1200 || positions != 1200*15 {
		t.Errorf("change feed: %d drafts, %d positions; want 1200 and 18000", drafts, positions)
	}
	page, err := s.ListDrafts(ctx, models.DraftFilter{Symbol: "S/2098/1200"})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("S/2098/1200: %v", err)
	}
	// Read on the day it was introduced: an unvoted draft is otherwise
	// read against today's Council.
	ps, err := s.DraftPositions(ctx, page.Items[0].ID, models.PositionFilter{On: &page.Items[0].IntroducedOn})
	if err != nil || len(ps.Items) != 15 {
		t.Fatalf("positions on a scaled draft: %d, %v", len(ps.Items), err)
	}
	for _, p := range ps.Items {
		if p.Stance == models.StanceUnknown || len(p.Evidence) != 1 {
			t.Errorf("%s: %s with %d evidence", p.Member.Code, p.Stance, len(p.Evidence))
		}
	}
}
