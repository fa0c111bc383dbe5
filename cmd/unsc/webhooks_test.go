package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"syscall"
	"testing"
	"time"

	"unsc/models/dbtest"
)

// hookReceiver is a real HTTP server taking the tracker's webhooks: it
// fails while down, answers slowly, and counts, per event, the attempts
// in flight at once and the acknowledged deliveries.
type hookReceiver struct {
	mu       sync.Mutex
	down     bool
	inFlight map[string]int
	most     int // the most attempts of one event in flight at once
	drafts   map[float64]bool
	acked    map[string]bool
	attempts int
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	id := r.Header.Get("webhook-id")
	h.mu.Lock()
	h.attempts++
	h.inFlight[id]++
	h.most = max(h.most, h.inFlight[id])
	down := h.down
	h.mu.Unlock()
	time.Sleep(100 * time.Millisecond) // slow, so that attempts of one event would overlap if two ran
	var ev struct {
		Type string         `json:"type"`
		Data map[string]any `json:"data"`
	}
	json.Unmarshal(body, &ev)
	h.mu.Lock()
	h.inFlight[id]--
	if !down && ev.Type == "draft.created" {
		h.acked[id] = true
		h.drafts[ev.Data["id"].(float64)] = true
	}
	h.mu.Unlock()
	if down {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// TestWebhooksSurviveAKill: two real instances share one database; a
// receiver is down while drafts are written, and one instance is killed
// with SIGKILL with their deliveries pending. Once the receiver is back,
// the other instance delivers every draft's event, and no event is ever
// attempted twice at once.
func TestWebhooksSurviveAKill(t *testing.T) {
	t.Parallel()
	rec := &hookReceiver{down: true, inFlight: map[string]int{}, drafts: map[float64]bool{}, acked: map[string]bool{}}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	db := dbtest.Location(t)
	token := createKey(t, db, "hooks")
	env := []string{"UNSC_WEBHOOKS_PRIVATE=true", "UNSC_WEBHOOK_TIMEOUT=1s", "UNSC_WEBHOOK_RETRY_FIRST=200ms"}
	a, _ := twoInstances(t, db, env...) // the other delivers once a is killed
	post := func(p *process, path, body string) map[string]any {
		res, answer := call(t, "POST", "http://"+p.addr+path, token, json.RawMessage(body))
		if res.StatusCode != 201 {
			t.Fatalf("POST %s: %d %s", path, res.StatusCode, answer)
		}
		var out map[string]any
		json.Unmarshal(answer, &out)
		return out
	}
	post(a, "/v1/webhooks", fmt.Sprintf(`{"url":%q,"events":["draft.created"]}`, srv.URL+"/hook"))
	const n = 20
	ids := map[float64]bool{}
	for i := range n {
		d := post(a, "/v1/drafts", fmt.Sprintf(`{"title":"Hooked %d","topic":"Testing","introduced_on":"2012-02-01"}`, i))
		ids[d["id"].(float64)] = true
	}
	waitFor(t, 60*time.Second, "the first attempts", func() bool { rec.mu.Lock(); defer rec.mu.Unlock(); return rec.attempts > 0 })
	a.cmd.Process.Signal(syscall.SIGKILL)
	a.cmd.Wait()
	rec.mu.Lock()
	rec.down = false
	rec.mu.Unlock()
	// A job the killed instance was running is run again once River sees
	// it stuck: after the attempt's time limit and a rescue interval.
	waitFor(t, 120*time.Second, "every event delivered", func() bool { rec.mu.Lock(); defer rec.mu.Unlock(); return len(rec.acked) == n })
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for id := range ids {
		if !rec.drafts[id] {
			t.Errorf("draft %v's event was never delivered", id)
		}
	}
	if rec.most != 1 {
		t.Errorf("one event was attempted %d times at once", rec.most)
	}
	t.Logf("%d events delivered in %d attempts", len(rec.acked), rec.attempts)
}

// waitFor polls until check holds, failing the test after within.
func waitFor(t *testing.T, within time.Duration, what string, check func() bool) {
	t.Helper()
	for deadline := time.Now().Add(within); !check(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, within)
		}
	}
}
