package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"unsc/api/webhook"
	"unsc/models"
	"unsc/models/dbtest"
	"unsc/models/sqlstore"
	"unsc/seed"
)

// receiver is a real HTTP server that takes webhooks, checks each
// signature with the Standard Webhooks reference library (with every
// secret it was told), and answers as told: each next request after its
// step's delay with its step's status, then at once with 204.
type receiver struct {
	t       *testing.T
	srv     *httptest.Server
	mu      sync.Mutex
	secrets []string
	plan    []step
	got     []received
	arrive  chan received
}

type step struct {
	status int
	delay  time.Duration
}

type received struct {
	id, signature string
	event         map[string]any
	// verified says whether each secret the receiver holds verifies it.
	verified []bool
}

func (r received) allVerified() bool {
	for _, ok := range r.verified {
		if !ok {
			return false
		}
	}
	return len(r.verified) > 0
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
	secrets, now := r.secrets, step{status: http.StatusNoContent}
	if len(r.plan) > 0 {
		now, r.plan = r.plan[0], r.plan[1:]
	}
	r.mu.Unlock()
	got := received{id: req.Header.Get("webhook-id"), signature: req.Header.Get("webhook-signature")}
	for _, secret := range secrets {
		wh, err := standardwebhooks.NewWebhook(secret)
		got.verified = append(got.verified, err == nil && wh.Verify(body, req.Header) == nil)
	}
	if err := json.Unmarshal(body, &got.event); err != nil {
		r.t.Errorf("a webhook body is not JSON: %s", body)
	}
	r.mu.Lock()
	r.got = append(r.got, got)
	r.mu.Unlock()
	r.arrive <- got
	time.Sleep(now.delay)
	w.WriteHeader(now.status)
	fmt.Fprint(w, "answered ", now.status)
}

// drain forgets the requests that arrived so far.
func (r *receiver) drain() {
	for {
		select {
		case <-r.arrive:
		default:
			return
		}
	}
}

// answer sets how the next requests are answered.
func (r *receiver) answer(steps ...step) {
	r.mu.Lock()
	r.plan = steps
	r.mu.Unlock()
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
// until the test ends.
func startSender(t *testing.T, e *env, o webhook.Options) {
	o.Poll, o.Log = 20*time.Millisecond, slog.New(slog.DiscardHandler)
	if o.Timeout == 0 {
		o.Timeout = 2 * time.Second
	}
	s, err := webhook.New(e.store, o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

func authed(e *env) []string { return []string{"Authorization", "Bearer " + e.token} }

// newLiveEnv is newEnv on the real clock: deliveries are timed, retried
// and signed by it, and a receiver checks their timestamps against it.
func newLiveEnv(t testing.TB) *env {
	t.Helper()
	open := func(location string) *sqlstore.Store {
		store, err := sqlstore.Open(location)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { store.Close() })
		return store
	}
	if dbtest.Postgres() != "" {
		store := open(dbtest.Location(t))
		if _, err := seed.Load(context.Background(), store); err != nil {
			t.Fatal(err)
		}
		return envOn(t, store)
	}
	return envOn(t, open(fromTemplate(t, "seed", func(context.Context, *sqlstore.Store) (any, error) { return nil, nil })))
}

// subscribe makes a webhook for the env's key and tells the receiver its
// secret.
func (r *receiver) subscribe(e *env, body map[string]any) map[string]any {
	r.t.Helper()
	body["url"] = r.srv.URL + "/hook"
	w := e.write("POST", "/v1/webhooks", body).expect(201).json()
	r.mu.Lock()
	r.secrets = []string{w["secret"].(string)}
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
	e := newLiveEnv(t)
	r := newReceiver(t)
	startSender(t, e, webhook.Options{AllowPrivate: true})
	day := today.AddDate(0, 0, -1).Format(time.DateOnly)
	permanent, elected := sittingOn(e, day)
	draft := int64(e.write("POST", "/v1/drafts", map[string]any{"symbol": "S/2026/901", "title": "Hooks", "topic": "Testing",
		"introduced_on": day}).expect(201).json()["id"].(float64))
	for _, code := range append(permanent, elected[:4]...) {
		recordStance(e, draft, code, "support", day)
	}
	// Nine supporters: likely adopted, before any subscription.
	w := r.subscribe(e, map[string]any{"events": []string{"position.recorded", "projection.changed"},
		"filter": map[string]any{"member": "rus"}})
	if w["filter"].(map[string]any)["member"] != "RUS" || !strings.HasPrefix(w["secret"].(string), "whsec_") {
		t.Fatalf("made %v", w)
	}
	r.quiet(300 * time.Millisecond)

	// Another member's position is filtered out; the projection it leaves
	// (still likely adopted) is the first seen while a subscription wants
	// projections: remembered, not sent.
	recordStance(e, draft, elected[4], "against", day)
	r.quiet(300 * time.Millisecond)
	recordStance(e, draft, "RUS", "veto", day)
	types := map[string]received{}
	for range 2 {
		got := r.next(5 * time.Second)
		if !got.allVerified() {
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

	// The sender records an attempt once the receiver has answered it: on
	// a busy machine the record may come after the event was received.
	var deliveries []map[string]any
	eventually(t, 5*time.Second, "both attempts recorded", func() bool {
		deliveries = deliveriesOf(e, w)
		return len(deliveries) == 2 && deliveries[0]["state"] != "pending" && deliveries[1]["state"] != "pending"
	})
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

// deliveriesOf lists a webhook's deliveries, newest first.
func deliveriesOf(e *env, w map[string]any) []map[string]any {
	return e.get(fmt.Sprintf("/v1/webhooks/%v/deliveries", w["id"]), authed(e)...).expect(200).list()
}

// eventually retries check until it holds or the time is up.
func eventually(t *testing.T, within time.Duration, what string, check func() bool) {
	t.Helper()
	for deadline := time.Now().Add(within); !check(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, within)
		}
	}
}

func statuses(d map[string]any) string {
	var out []string
	for _, a := range d["history"].([]any) {
		if st := a.(map[string]any)["status"]; st != nil {
			out = append(out, fmt.Sprint(st))
		} else {
			out = append(out, "none")
		}
	}
	return strings.Join(out, " ")
}

// TestWebhooksRetryUntilTheReceiverRecovers: a receiver that fails, then
// is too slow for an attempt's time limit, then answers slowly but in
// time, gets the same event (the same webhook-id) on each try until it
// acknowledges it; the deliveries list each attempt, newest first.
func TestWebhooksRetryUntilTheReceiverRecovers(t *testing.T) {
	t.Parallel()
	e := newLiveEnv(t)
	r := newReceiver(t)
	startSender(t, e, webhook.Options{AllowPrivate: true, Timeout: 300 * time.Millisecond,
		Retry: models.RetryPolicy{First: 50 * time.Millisecond, Most: 100 * time.Millisecond, For: time.Minute}})
	w := r.subscribe(e, map[string]any{"events": []string{"draft.created"}})
	r.answer(step{status: 500}, step{status: 503}, step{status: 204, delay: time.Second}, step{status: 200, delay: 150 * time.Millisecond})
	e.write("POST", "/v1/drafts", map[string]any{"symbol": "S/2026/902", "title": "Retries", "topic": "Testing",
		"introduced_on": today.Format(time.DateOnly)}).expect(201)
	var ids []string
	for range 4 {
		got := r.next(10 * time.Second)
		if !got.allVerified() || got.event["type"] != "draft.created" {
			t.Errorf("attempt %d: %v verified %v", len(ids)+1, got.event, got.verified)
		}
		ids = append(ids, got.id)
	}
	if ids[0] == "" || ids[1] != ids[0] || ids[2] != ids[0] || ids[3] != ids[0] {
		t.Errorf("webhook-ids over the attempts: %v", ids)
	}
	var d map[string]any
	eventually(t, 5*time.Second, "delivered", func() bool {
		list := deliveriesOf(e, w)
		if len(list) == 0 {
			return false
		}
		d = list[0]
		return d["state"] == "delivered"
	})
	if d["attempts"] != float64(4) || statuses(d) != "200 none 503 500" || d["last_status"] != float64(200) {
		t.Errorf("delivery %v: statuses %s", d, statuses(d))
	}
	timedOut := d["history"].([]any)[1].(map[string]any)
	if !strings.Contains(timedOut["error"].(string), "time limit") {
		t.Errorf("the attempt that timed out says %q", timedOut["error"])
	}
	r.quiet(300 * time.Millisecond)
}

// TestWebhooksGiveUpAndDisable: a delivery failing for the whole retry
// window fails for good and disables its webhook, saying why; made
// active again, a failed delivery can be sent again, and arrives signed
// with both the rotated-out secret and the new one.
func TestWebhooksGiveUpAndDisable(t *testing.T) {
	t.Parallel()
	e := newLiveEnv(t)
	r := newReceiver(t)
	startSender(t, e, webhook.Options{AllowPrivate: true,
		Retry: models.RetryPolicy{First: 20 * time.Millisecond, Most: 50 * time.Millisecond, For: 2 * time.Second}})
	w := r.subscribe(e, map[string]any{"events": []string{"draft.created"}})
	fail := make([]step, 500)
	for i := range fail {
		fail[i] = step{status: 500}
	}
	r.answer(fail...)
	e.write("POST", "/v1/drafts", map[string]any{"symbol": "S/2026/903", "title": "Gives up", "topic": "Testing",
		"introduced_on": today.Format(time.DateOnly)}).expect(201)
	path := fmt.Sprintf("/v1/webhooks/%v", w["id"])
	eventually(t, 10*time.Second, "disabled", func() bool { return e.get(path, authed(e)...).json()["active"] == false })
	hook := e.get(path, authed(e)...).json()
	if reason, _ := hook["disabled_reason"].(string); !strings.Contains(reason, "failed for") || !strings.Contains(reason, "status 500") {
		t.Errorf("disabled saying %q", hook["disabled_reason"])
	}
	d := deliveriesOf(e, w)[0]
	if d["state"] != "failed" || d["next_attempt_at"] != nil || d["attempts"].(float64) < 2 {
		t.Errorf("the delivery after giving up: %v", d)
	}
	delivery := fmt.Sprintf("%s/deliveries/%v/redeliver", path, d["id"])
	e.write("POST", delivery, nil).problem(409, "conflict") // the webhook is disabled

	r.answer()
	r.drain()
	old := w["secret"].(string)
	e.write("PATCH", path, map[string]any{"active": true}).expect(200)
	rotated := e.write("POST", path+"/secret", nil).expect(200).json()
	r.mu.Lock()
	r.secrets = []string{old, rotated["secret"].(string)}
	r.mu.Unlock()
	r.quiet(200 * time.Millisecond)
	e.write("POST", delivery, nil).expect(202)
	got := r.next(5 * time.Second)
	if !got.allVerified() || strings.Count(got.signature, "v1,") != 2 || got.id != d["event_id"] {
		t.Errorf("sent again as %s signed %q (verified with old and new: %v)", got.id, got.signature, got.verified)
	}
	eventually(t, 5*time.Second, "delivered again", func() bool { return deliveriesOf(e, w)[0]["state"] == "delivered" })
}

// TestWebhooksNeverReachPrivateAddresses: without the serve flag that
// allows them, a target on a loopback address is refused when the
// delivery is sent (not when subscribing: a name may point anywhere
// later), and the attempt says why.
func TestWebhooksNeverReachPrivateAddresses(t *testing.T) {
	t.Parallel()
	e := newLiveEnv(t)
	r := newReceiver(t)
	startSender(t, e, webhook.Options{Retry: models.RetryPolicy{First: 20 * time.Millisecond, Most: 20 * time.Millisecond, For: 200 * time.Millisecond}})
	w := r.subscribe(e, map[string]any{"events": []string{"draft.created"}})
	e.write("POST", "/v1/drafts", map[string]any{"symbol": "S/2026/904", "title": "Private", "topic": "Testing",
		"introduced_on": today.Format(time.DateOnly)}).expect(201)
	eventually(t, 10*time.Second, "failed", func() bool { d := deliveriesOf(e, w); return len(d) > 0 && d[0]["state"] == "failed" })
	d := deliveriesOf(e, w)[0]
	if !strings.Contains(d["last_error"].(string), "loopback") || d["last_status"] != nil {
		t.Errorf("the refused delivery: %v", d)
	}
	r.quiet(100 * time.Millisecond)
}
