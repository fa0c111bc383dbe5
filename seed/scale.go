package seed

import (
	"context"
	"fmt"
	"time"

	"unsc/models"
)

// Scale adds drafts synthetic drafts, each with one position (with its
// evidence) for every member sitting in 2012, so that the tracker can be
// measured at the size of decades of Council work. It writes in large
// transactions straight to the database: run it on a database no server
// is writing to. The seed must be loaded first.
func Scale(ctx context.Context, s *models.Store, drafts int) (positions int, err error) {
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
	db, _ := s.Pools()
	stances := []models.Stance{models.StanceSupport, models.StanceLeaningSupport, models.StanceUndecided,
		models.StanceAbstain, models.StanceHostile, models.StanceAgainst}
	now := time.Now().UTC()
	const perTx = 2000
	for start := 0; start < drafts; start += perTx {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return positions, err
		}
		for i := start; i < min(start+perTx, drafts); i++ {
			day := time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%360).Format("2006-01-02")
			var id int64
			err := tx.QueryRowContext(ctx, `INSERT INTO drafts (symbol, title, topic, introduced_on, summary, procedural, status, version, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, FALSE, 'circulating', 1, ?, ?) RETURNING id`,
				fmt.Sprintf("S/SCALE/%d", i), fmt.Sprintf("Synthetic draft %d", i), []string{"Syria", "Libya", "Yemen", "Sudan"}[i%4],
				day, "A synthetic draft for measuring the tracker at scale.", now, now).Scan(&id)
			if err != nil {
				tx.Rollback()
				return positions, err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO draft_sponsors (draft_id, ord, sponsor) VALUES (?, 0, ?)", id, page.Items[i%15].Code); err != nil {
				tx.Rollback()
				return positions, err
			}
			for j, m := range page.Items {
				stance := stances[(i+j)%len(stances)]
				if m.Permanent && (i+j)%11 == 0 {
					stance = models.StanceVeto
				}
				var pid int64
				err := tx.QueryRowContext(ctx, `INSERT INTO positions (draft_id, member_code, stance, as_of, note, recorded_by, recorded_at)
					VALUES (?, ?, ?, ?, '', 'scale', ?) RETURNING id`, id, m.Code, stance, day, now).Scan(&pid)
				if err == nil {
					_, err = tx.ExecContext(ctx, "INSERT INTO evidence (position_id, ord, quote, speaker, source_id) VALUES (?, 0, ?, 'desk', ?)",
						pid, "A quote of about the length a news report gives a diplomat's words on a draft.", source)
				}
				if err == nil {
					_, err = tx.ExecContext(ctx, "INSERT INTO current_positions (draft_id, member_code, position_id) VALUES (?, ?, ?)", id, m.Code, pid)
				}
				if err != nil {
					tx.Rollback()
					return positions, err
				}
				positions++
			}
		}
		if err := tx.Commit(); err != nil {
			return positions, err
		}
	}
	return positions, nil
}
