package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"unsc/api/webhook"
	"unsc/models"
)

// receiver is a real HTTP server that takes webhooks, checks each
// signature with the Standard Webhooks reference library, and answers as
// told: the status of each next request in turn, then 204.
type receiver struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	secret string
	plan   []int
	got    []received
	arrive chan received
}

type received struct {
	id, signature string
	event         map[string]any
	verified      bool
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{t: t, arrive: make(chan received, 100)}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	secret, status := r.secret, http.StatusNoContent
	if len(r.plan) > 0 {
		status, r.plan = r.plan[0], r.plan[1:]
	}
	r.mu.Unlock()
	got := received{id: req.Header.Get("webhook-id"), signature: req.Header.Get("webhook-signature")}
	if wh, err := standardwebhooks.NewWebhook(secret); err == nil {
		got.verified = wh.Verify(body, req.Header) == nil
	}
	if err := json.Unmarshal(body, &got.event); err != nil {
		r.t.Errorf("a webhook body is not JSON: %s", body)
	}
	r.mu.Lock()
	r.got = append(r.got, got)
	r.mu.Unlock()
	r.arrive <- got
	w.WriteHeader(status)
	fmt.Fprint(w, "answered ", status)
}

// next waits for the next request.
func (r *receiver) next(within time.Duration) received {
	r.t.Helper()
	select {
	case got := <-r.arrive:
		return got
	case <-time.After(within):
		r.t.Fatal("no webhook arrived")
		return received{}
	}
}

// quiet checks that nothing arrives for a while.
func (r *receiver) quiet(d time.Duration) {
	r.t.Helper()
	select {
	case got := <-r.arrive:
		r.t.Fatalf("an unexpected webhook arrived: %v", got.event)
	case <-time.After(d):
	}
}

// startSender runs the tracker's webhook sender over the env's store
// until the test ends, allowed to reach the loopback receiver.
func startSender(t *testing.T, e *env, retry models.RetryPolicy) {
	s, err := webhook.New(e.store, webhook.Options{AllowPrivate: true, Timeout: 2 * time.Second, Poll: 20 * time.Millisecond, Retry: retry})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

func authed(e *env) []string { return []string{"Authorization", "Bearer " + e.token} }

// subscribe makes a webhook for the env's key and tells the receiver its
// secret.
func (r *receiver) subscribe(e *env, body map[string]any) map[string]any {
	r.t.Helper()
	body["url"] = r.srv.URL + "/hook"
	w := e.write("POST", "/v1/webhooks", body).expect(201).json()
	r.mu.Lock()
	r.secret = w["secret"].(string)
	r.mu.Unlock()
	return w
}

// sittingOn lists the members sitting on a day, permanent ones first.
func sittingOn(e *env, day string) (permanent, elected []string) {
	for _, m := range e.get("/v1/members?on=" + day).list() {
		if m["permanent"] == true {
			permanent = append(permanent, m["code"].(string))
		} else {
			elected = append(elected, m["code"].(string))
		}
	}
	return permanent, elected
}

// recordStance records a member's stance on a draft as of day.
func recordStance(e *env, draft int64, code, stance, day string) {
	e.t.Helper()
	e.write("PUT", fmt.Sprintf("/v1/drafts/%d/positions/%s", draft, code), map[string]any{"stance": stance, "as_of": day,
		"evidence": []map[string]any{{"quote": "q", "speaker": "s", "source_id": e.source}}}).expect(201)
}

// TestWebhooksDeliverSignedEvents: a subscription for one member's
// positions and for projection changes gets, signed so that the
// reference library accepts them, exactly the events it asked for, with
// the data shaped as the API serves it; the projection event carries the
// outcome before and after.
func TestWebhooksDeliverSignedEvents(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := newReceiver(t)
	startSender(t, e, models.RetryPolicy{})
	day := today.AddDate(0, 0, -1).Format(time.DateOnly)
	permanent, elected := sittingOn(e, day)
	draft := int64(e.write("POST", "/v1/drafts", map[string]any{"symbol": "S/2026/901", "title": "Hooks", "topic": "Testing",
		"introduced_on": day}).expect(201).json()["id"].(float64))
	for _, code := range append(permanent, elected[:4]...) {
		recordStance(e, draft, code, "support", day)
	}
	// Nine supporters: likely adopted. What the sender finds now is
	// remembered, not sent: the subscription comes after.
	w := r.subscribe(e, map[string]any{"events": []string{"position.recorded", "projection.changed"},
		"filter": map[string]any{"member": "rus"}})
	if w["filter"].(map[string]any)["member"] != "RUS" || !strings.HasPrefix(w["secret"].(string), "whsec_") {
		t.Fatalf("made %v", w)
	}
	r.quiet(300 * time.Millisecond)

	recordStance(e, draft, elected[4], "against", day) // another member: filtered out
	recordStance(e, draft, "RUS", "veto", day)
	types := map[string]received{}
	for range 2 {
		got := r.next(5 * time.Second)
		if !got.verified {
			t.Errorf("the reference library refused the signature %q of %s", got.signature, got.id)
		}
		types[got.event["type"].(string)] = got
	}
	pos, proj := types["position.recorded"], types["projection.changed"]
	data := pos.event["data"].(map[string]any)
	if data["stance"] != "veto" || data["member"].(map[string]any)["code"] != "RUS" || data["draft_id"] != float64(draft) {
		t.Errorf("position.recorded carries %v", data)
	}
	change := proj.event["data"].(map[string]any)
	if change["previous_outcome"] != "likely_adopted" || change["outcome"] != "likely_vetoed" ||
		change["projection"].(map[string]any)["outcome"] != "likely_vetoed" || change["previous"].(map[string]any)["outcome"] != "likely_adopted" {
		t.Errorf("projection.changed carries %v", change)
	}
	if !strings.HasPrefix(pos.id, "msg_") || proj.id != pos.id+"_projection" {
		t.Errorf("event ids %q and %q", pos.id, proj.id)
	}
	r.quiet(300 * time.Millisecond)

	deliveries := e.get(fmt.Sprintf("/v1/webhooks/%v/deliveries", w["id"]), authed(e)...).expect(200).list()
	if len(deliveries) != 2 {
		t.Fatalf("%d deliveries listed, want 2", len(deliveries))
	}
	for _, d := range deliveries {
		h := d["history"].([]any)
		if d["state"] != "delivered" || d["attempts"] != float64(1) || len(h) != 1 || h[0].(map[string]any)["status"] != float64(204) {
			t.Errorf("delivery %v", d)
		}
	}
	if n := e.count("SELECT COUNT(*) FROM webhook_deliveries"); n != 2 {
		t.Errorf("%d deliveries stored, want 2", n)
	}
}
