package seed_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"unsc/models"
	"unsc/seed"
)

// TestRecordLoads loads the shipped record on the article's seed: every
// meeting, a draft and vote for every resolution and draft not adopted;
// the article's drafts get their votes from the record instead of twins;
// a second load adds nothing.
func TestRecordLoads(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := open(t)
	if _, err := seed.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	meetings, err := seed.Record()
	if err != nil {
		t.Fatal(err)
	}
	votes := 0
	for _, m := range meetings {
		for _, o := range m.Outcomes {
			if o.Kind == "resolution" || o.Kind == "draft" {
				votes++
			}
		}
	}
	start := time.Now()
	r, err := seed.LoadRecord(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%v in %v", r, time.Since(start))
	if r.Meetings != len(meetings) {
		t.Errorf("%d meetings loaded of %d", r.Meetings, len(meetings))
	}
	// Two votes of the record fall on the article's drafts: S/2011/612
	// keeps its roll call, S/2012/77 gets its vote; every other is new.
	if r.Drafts != votes-2 || r.Votes != votes-1 {
		t.Errorf("%d drafts and %d votes for %d votes in the record", r.Drafts, r.Votes, votes)
	}
	again, err := seed.LoadRecord(ctx, s)
	if err != nil || again != (seed.RecordReport{}) {
		t.Errorf("a second load: %v, %v", again, err)
	}
	page, err := s.ListDrafts(ctx, models.DraftFilter{Symbol: "S/2012/77"})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("S/2012/77: %v %v", page, err)
	}
	d, err := s.GetDraft(ctx, page.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	v := d.Vote
	if v == nil || v.VotedOn != "2012-02-04" || v.Meeting != "S/PV.6711" || !v.Complete || v.Yes != 13 || v.No != 2 ||
		!slices.Equal(v.VetoedBy, []string{"CHN", "RUS"}) || v.Votes["IND"] != models.CastYes || d.Status != models.StatusVetoed {
		t.Errorf("S/2012/77's vote: %+v, status %s", v, d.Status)
	}
	m, err := s.GetMeeting(ctx, "S/PV.6711")
	if err != nil || len(m.Decisions) != 1 || m.Decisions[0].DraftID == nil || *m.Decisions[0].DraftID != d.ID ||
		m.Decisions[0].Outcome != models.OutcomeVetoed {
		t.Errorf("S/PV.6711: %+v %v", m, err)
	}
}
