package api_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"unsc/models"
	"unsc/seed"
)

// serve runs one request through the router, without checking it against
// the OpenAPI document (that is the tests' job).
func (e *env) serve(b *testing.B, method, path, body string) int {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	req.Header.Set("Authorization", "Bearer "+e.token)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec.Code
}

// BenchmarkHotReads measures the hot reads through the router: served
// from the response cache, as on the day of a vote.
func BenchmarkHotReads(b *testing.B) {
	e := newEnv(b)
	e.spec = nil
	for _, path := range []string{fmt.Sprintf("/v1/drafts/%d/positions", e.arab), fmt.Sprintf("/v1/drafts/%d", e.arab), "/v1/members?on=2012-01-30"} {
		b.Run(path, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if code := e.serve(b, "GET", path, ""); code != 200 {
					b.Fatal(code)
				}
			}
		})
	}
}

// BenchmarkDraftPositionsQuery measures what a cache miss costs: the
// store's queries for one draft's positions.
func BenchmarkDraftPositionsQuery(b *testing.B) {
	e := newEnv(b)
	b.ReportAllocs()
	for b.Loop() {
		ps, err := e.store.DraftPositions(context.Background(), e.arab, models.PositionFilter{})
		if err != nil || len(ps.Items) != 15 {
			b.Fatal(err, len(ps.Items))
		}
	}
}

// BenchmarkRecordPosition measures one position write at a time through
// the router, each committed to disk (synchronous=FULL) before it returns.
func BenchmarkRecordPosition(b *testing.B) {
	e := newEnv(b)
	path := fmt.Sprintf("/v1/drafts/%d/positions/IND", e.arab)
	body := fmt.Sprintf(`{"stance":"abstain","as_of":"2012-02-01","evidence":[{"quote":"q","speaker":"s","source_id":%d}]}`, e.source)
	b.ReportAllocs()
	for b.Loop() {
		if code := e.serve(b, "PUT", path, body); code != http.StatusCreated {
			b.Fatal(code)
		}
	}
}

// BenchmarkRecordQueries measures the researchers' questions uncached, on
// the store, over 5,000 voted drafts (75,000 roll-call votes and as many
// positions): every member of the 2012 Council votes on each, Russia
// vetoing one in seven.
func BenchmarkRecordQueries(b *testing.B) {
	e := newEnv(b)
	ctx := context.Background()
	const drafts = 5000
	if _, err := seed.Scale(ctx, e.store, drafts); err != nil {
		b.Fatal(err)
	}
	page, err := e.store.ListDrafts(ctx, models.DraftFilter{Query: "synthetic", Limit: models.MaxLimit})
	for err == nil {
		err = e.store.InBatch(ctx, "bench", func(bt *models.Batch) error {
			for _, d := range page.Items {
				votes := map[string]models.Cast{}
				for i, code := range []string{"AZE", "CHN", "COL", "DEU", "FRA", "GBR", "GTM", "IND", "MAR", "PAK", "PRT", "RUS", "TGO", "USA", "ZAF"} {
					votes[code] = []models.Cast{models.CastYes, models.CastYes, models.CastAbstain}[(int(d.ID)+i)%3]
				}
				if d.ID%7 == 0 {
					votes["RUS"] = models.CastNo
				}
				if err := bt.RecordVote(d.ID, models.VoteInput{VotedOn: d.IntroducedOn, Meeting: "S/PV.1", Votes: votes}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || page.Next == "" {
			break
		}
		page, err = e.store.ListDrafts(ctx, models.DraftFilter{Query: "synthetic", Cursor: page.Next, Limit: models.MaxLimit})
	}
	if err != nil {
		b.Fatal(err)
	}
	if n := e.count("SELECT COUNT(*) FROM vote_casts"); n < drafts*15 {
		b.Fatalf("%d votes cast", n)
	}
	from, to := models.Date("2012-01-01"), models.Date("2012-12-31")
	for _, c := range []struct {
		name string
		run  func() (int, error)
	}{
		{"MemberVotes/RUS", func() (int, error) {
			p, err := e.store.MemberVotes(ctx, "RUS", models.MemberVoteFilter{})
			return len(p.Items), err
		}},
		{"MemberVotes/RUS/vetoed", func() (int, error) {
			p, err := e.store.MemberVotes(ctx, "RUS", models.MemberVoteFilter{Outcomes: []models.Outcome{models.OutcomeVetoed}})
			return len(p.Items), err
		}},
		{"Vetoes", func() (int, error) {
			p, err := e.store.Vetoes(ctx, models.VetoFilter{})
			return len(p.Items), err
		}},
		{"Vetoes/RUS/2012", func() (int, error) {
			p, err := e.store.Vetoes(ctx, models.VetoFilter{Members: []string{"RUS"}, From: &from, To: &to})
			return len(p.Items), err
		}},
		{"DraftsVetoedBy/RUS", func() (int, error) {
			p, err := e.store.ListDrafts(ctx, models.DraftFilter{VetoedBy: []string{"RUS"}})
			return len(p.Items), err
		}},
		{"PairAgreement/USA,RUS", func() (int, error) {
			a, err := e.store.PairAgreement(ctx, "USA", "RUS", nil, nil)
			return a.RollCalls, err
		}},
		{"AgreementMatrix/2012", func() (int, error) {
			p, err := e.store.AgreementMatrix(ctx, from, to, "", models.MaxLimit)
			return len(p.Items), err
		}},
		{"Alignment/IND", func() (int, error) {
			a, err := e.store.Alignment(ctx, models.AlignmentFilter{Member: "IND"})
			return a.Matched + a.Mismatched, err
		}},
		{"Alignment/all", func() (int, error) {
			a, err := e.store.Alignment(ctx, models.AlignmentFilter{})
			return a.Matched + a.Mismatched, err
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if n, err := c.run(); err != nil || n == 0 {
					b.Fatal(n, err)
				}
			}
		})
	}
}
