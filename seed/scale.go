package seed

import (
	"context"
	"fmt"
	"time"

	"unsc/models"
	"unsc/models/sqlstore"
)

// Scale adds drafts synthetic drafts, each with one position (with its
// evidence) for every member sitting in 2012, so that the tracker can be
// measured at the size of decades of Council work. It writes through the
// store, in batches of drafts that commit together, so the change feed,
// the change counter and every server's cache stay true. The seed must be
// loaded first.
func Scale(ctx context.Context, s *sqlstore.Store, drafts int) (positions int, err error) {
	on := models.Date("2012-06-01")
	page, err := s.ListMembers(ctx, models.MemberFilter{On: &on, Limit: 15})
	if err != nil {
		return 0, err
	}
	if len(page.Items) != 15 {
		return 0, fmt.Errorf("scale: load the seed first (found %d members sitting in 2012)", len(page.Items))
	}
	source, err := s.FindSource(ctx, Article.Title, Article.Publisher)
	if err != nil || source == 0 {
		return 0, fmt.Errorf("scale: load the seed first: %v", err)
	}
	stances := []models.Stance{models.StanceSupport, models.StanceLeaningSupport, models.StanceUndecided,
		models.StanceAbstain, models.StanceHostile, models.StanceAgainst}
	const perBatch = 1000
	for start := 0; start < drafts; start += perBatch {
		err := s.InBatch(ctx, "scale", func(b *sqlstore.Batch) error {
			for i := start; i < min(start+perBatch, drafts); i++ {
				day := models.DateOf(time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%360))
				symbol := fmt.Sprintf("S/2098/%d", i+1) // a year of synthetic drafts: no real one has its symbol
				d, err := b.CreateDraft(models.DraftInput{Symbol: &symbol, Title: fmt.Sprintf("Synthetic draft %d", i),
					Topic: []string{"Syria", "Libya", "Yemen", "Sudan"}[i%4], Sponsors: []string{page.Items[i%15].Code},
					IntroducedOn: day, Summary: "A synthetic draft for measuring the tracker at scale."})
				if err != nil {
					return err
				}
				for j, m := range page.Items {
					stance := stances[(i+j)%len(stances)]
					if m.Permanent && (i+j)%11 == 0 {
						stance = models.StanceVeto
					}
					_, err := b.RecordPosition(d.ID, m.Code, models.PositionInput{Stance: stance, AsOf: day,
						Evidence: []models.Evidence{{Quote: "A quote of about the length a news report gives a diplomat's words on a draft.",
							Speaker: "desk", SourceID: source}}})
					if err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return positions, err
		}
		positions += (min(start+perBatch, drafts) - start) * len(page.Items)
	}
	return positions, nil
}
