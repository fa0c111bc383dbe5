package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"unsc/models"
	"unsc/models/sqlstore"
)

// largestPosition is an observation at every limit the server allows:
// the longest note and the most evidence, each with the longest quote and
// speaker.
func largestPosition(source int64, asOf string) models.PositionInput {
	in := models.PositionInput{Stance: models.StanceAgainst, AsOf: models.Date(asOf), Note: strings.Repeat("n", models.MaxNoteLen)}
	for range models.MaxEvidence {
		in.Evidence = append(in.Evidence, models.Evidence{Quote: strings.Repeat("\"q\"", models.MaxQuoteLen/3),
			Speaker: strings.Repeat("s", models.MaxSpeakerLen), SourceID: source})
	}
	return in
}

// TestLargestHistoryIsPagedWithinTheBound fills one member's history with
// the largest observations allowed, then reads it: every page stays under
// models.MaxPageBytes, the pages together hold every observation once,
// and parallel reads of it keep the server's memory flat. Fifty
// observations of about 440 KB each are five times the bound: unpaged,
// the parallel readers grow the heap by some 900 MB, well over the limit
// below, and every observation more only adds a page to read.
func TestLargestHistoryIsPagedWithinTheBound(t *testing.T) {
	e := newEnv(t)
	const observations = 50
	for i := range observations {
		_, err := e.store.RecordPosition(context.Background(), sqlstore.Edit[models.Position]{By: "desk"}, e.arab, "IND",
			largestPosition(e.source, fmt.Sprintf("2012-02-%02d", 1+i%28)))
		if err != nil {
			t.Fatal(err)
		}
	}
	want := e.count("SELECT COUNT(*) FROM positions WHERE draft_id = ? AND member_code = 'IND'", e.arab)
	path := fmt.Sprintf("/v1/drafts/%d/positions/IND/history?limit=500", e.arab)
	seen := map[float64]bool{}
	pages := 0
	for cursor := ""; ; pages++ {
		r := e.get(path + cursor).expect(200)
		if len(r.body) > models.MaxPageBytes {
			t.Errorf("page %d is %d bytes, over the bound of %d", pages, len(r.body), models.MaxPageBytes)
		}
		var page struct {
			Items []struct {
				ID float64 `json:"id"`
			} `json:"items"`
			Next *string `json:"next_cursor"`
		}
		if err := json.Unmarshal(r.body, &page); err != nil {
			t.Fatal(err)
		}
		for _, p := range page.Items {
			if seen[p.ID] {
				t.Errorf("observation %v on two pages", p.ID)
			}
			seen[p.ID] = true
		}
		if page.Next == nil {
			break
		}
		cursor = "&cursor=" + *page.Next
	}
	if len(seen) != want || pages < 2 {
		t.Errorf("%d observations over %d pages, want %d over several", len(seen), pages+1, want)
	}

	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
		}
	}()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 4 {
				// Distinct limits, so that the response cache serves none of them.
				req := httptest.NewRequest("GET", fmt.Sprintf("/v1/drafts/%d/positions/IND/history?limit=%d", e.arab, 500-g*10-i), nil)
				rec := httptest.NewRecorder()
				e.h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					t.Errorf("parallel read: %d %s", rec.Code, rec.Body.String())
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-sampled
	grew := int64(peak.Load()) - int64(base.HeapAlloc)
	t.Logf("heap grew by at most %d MB under 8 parallel readers of a %d-observation history", grew>>20, observations)
	if grew > 256<<20 {
		t.Errorf("heap grew by %d MB reading one history in parallel; pages should bound it", grew>>20)
	}
}
