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
