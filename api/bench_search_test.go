package api_test

import (
	"context"
	"net/url"
	"os"
	"slices"
	"testing"
	"time"

	"unsc/models"
	"unsc/models/sqlstore"
)

// searchBenchQueries are two-word queries: one matching thousands of the
// record's meetings (Middle East), one under two hundred.
var searchBenchQueries = []string{"middle east", "somalia situation"}

// BenchmarkSearch measures a two-word search on the Council's record
// uncached: store/ is the store's call alone (the index's match, rank and
// the page's snippets); miss/ is the request through the router after a
// write, so that the response cache misses. Each reports its p99.
func BenchmarkSearch(b *testing.B) {
	e := newRecordEnv(b)
	e.spec = nil
	for _, q := range searchBenchQueries {
		b.Run("store/"+q, func(b *testing.B) { benchmarkSearchStore(b, e.store, q) })
	}
	day := 0
	for _, q := range searchBenchQueries {
		b.Run("miss/"+q, func(b *testing.B) {
			path := "/v1/search?q=" + url.QueryEscape(q)
			var took []time.Duration
			for b.Loop() {
				e.missNext(b, &day)
				start := time.Now()
				if code := e.serve(b, "GET", path, ""); code != 200 {
					b.Fatal(path, code)
				}
				took = append(took, time.Since(start))
			}
			reportP99(b, took)
		})
	}
}

// BenchmarkSearchAtScale measures the same searches at the store on the
// scale database (unsc seed --scale 100000: 100,000 more drafts and 1.5
// million positions with their evidence), which takes minutes to fill:
// it runs when UNSC_BENCH_SCALE names one, a file or a PostgreSQL URL,
// which it only reads. It adds a query matching every synthetic draft, the
// worst case: its rank is worked out over 100,000 documents.
func BenchmarkSearchAtScale(b *testing.B) {
	location := os.Getenv("UNSC_BENCH_SCALE")
	if location == "" {
		b.Skip("set UNSC_BENCH_SCALE to a database filled by unsc seed --scale 100000")
	}
	store, err := sqlstore.Open(location)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	for _, q := range append(slices.Clone(searchBenchQueries), "synthetic measuring") {
		b.Run("store/"+q, func(b *testing.B) { benchmarkSearchStore(b, store, q) })
	}
}

func benchmarkSearchStore(b *testing.B, s *sqlstore.Store, q string) {
	query, err := models.ParseSearch(q)
	if err != nil {
		b.Fatal(err)
	}
	var took []time.Duration
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		page, err := s.Search(context.Background(), models.SearchFilter{Query: query, Limit: 20})
		if err != nil || len(page.Items) == 0 {
			b.Fatal(q, err, len(page.Items))
		}
		took = append(took, time.Since(start))
	}
	reportP99(b, took)
}

// reportP99 reports the 99th percentile of the measured durations in ms.
func reportP99(b *testing.B, took []time.Duration) {
	if len(took) == 0 {
		return
	}
	slices.Sort(took)
	p99 := took[min(len(took)-1, len(took)*99/100)]
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
}
