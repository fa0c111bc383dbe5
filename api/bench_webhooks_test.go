package api_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"unsc/api/webhook"
)

// BenchmarkWebhooks measures what webhooks cost: the time from a write's
// acknowledgement to its event's arrival at a receiver, with the sender's
// default settings (latency: p50 and p99 over the writes); and what a
// thousand subscriptions wanting every position cost a write (the write
// itself, with none and with a thousand) and the fan-out that follows it
// (its deliveries and jobs queued in one transaction).
func BenchmarkWebhooks(b *testing.B) {
	b.Run("latency", func(b *testing.B) {
		e := newLiveEnv(b)
		arrived := make(chan time.Time, 1024)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			arrived <- time.Now()
			w.WriteHeader(http.StatusNoContent)
		}))
		defer srv.Close()
		s, err := webhook.New(e.store, webhook.Options{AllowPrivate: true, Log: slog.New(slog.DiscardHandler)})
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { s.Run(ctx); close(done) }()
		defer func() { cancel(); <-done }()
		hook := fmt.Sprintf(`{"url":%q,"events":["position.recorded"]}`, srv.URL)
		if code := e.serve(b, "POST", "/v1/webhooks", hook); code != http.StatusCreated {
			b.Fatal(code)
		}
		path := fmt.Sprintf("/v1/drafts/%d/positions/IND", e.arab)
		body := fmt.Sprintf(`{"stance":"abstain","as_of":"2012-02-01","evidence":[{"quote":"q","speaker":"s","source_id":%d}]}`, e.source)
		var lat []time.Duration
		for b.Loop() {
			if code := e.serve(b, "PUT", path, body); code != http.StatusCreated {
				b.Fatal(code)
			}
			acked := time.Now()
			select {
			case at := <-arrived:
				lat = append(lat, at.Sub(acked))
			case <-time.After(30 * time.Second):
				b.Fatal("no delivery")
			}
		}
		slices.Sort(lat)
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	})
	for _, subs := range []int{0, 1000} {
		b.Run(fmt.Sprintf("write-and-fan-out/subscriptions=%d", subs), func(b *testing.B) {
			e := newLiveEnv(b)
			for i := range subs {
				if i%25 == 0 { // a key holds at most 25
					token, err := e.store.CreateKey(context.Background(), fmt.Sprintf("bench-%d", i))
					if err != nil {
						b.Fatal(err)
					}
					e.token = token
				}
				if code := e.serve(b, "POST", "/v1/webhooks", `{"url":"https://hooks.example.org/x","events":["position.recorded"]}`); code != http.StatusCreated {
					b.Fatal(code)
				}
			}
			path := fmt.Sprintf("/v1/drafts/%d/positions/IND", e.arab)
			body := fmt.Sprintf(`{"stance":"abstain","as_of":"2012-02-01","evidence":[{"quote":"q","speaker":"s","source_id":%d}]}`, e.source)
			var write, fan time.Duration
			for b.Loop() {
				start := time.Now()
				if code := e.serve(b, "PUT", path, body); code != http.StatusCreated {
					b.Fatal(code)
				}
				mid := time.Now()
				if _, err := e.store.Dispatch(context.Background(), time.Now()); err != nil {
					b.Fatal(err)
				}
				write, fan = write+mid.Sub(start), fan+time.Since(mid)
			}
			b.ReportMetric(float64(write.Microseconds())/1000/float64(b.N), "write-ms")
			b.ReportMetric(float64(fan.Microseconds())/1000/float64(b.N), "fan-out-ms")
		})
	}
}
