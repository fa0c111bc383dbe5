package api_test

import (
	"fmt"
	"strings"
	"testing"

	"unsc/models"
)

// TestWebhookSubscriptions: a key makes, reads, changes, rotates and
// deletes its webhooks; the secret is shown only when made or rotated;
// another key sees none of them; bad input is refused naming the field
// and stores nothing; a key holds at most models.MaxWebhooksPerKey.
func TestWebhookSubscriptions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	other, err := e.store.CreateKey(t.Context(), "other-newsroom")
	if err != nil {
		t.Fatal(err)
	}
	made := e.write("POST", "/v1/webhooks", map[string]any{"url": "https://hooks.example.org/unsc",
		"events": []string{"vote.recorded", "draft.created"}, "filter": map[string]any{"topic": "Syria"}}).expect(201)
	w := made.json()
	id := int64(w["id"].(float64))
	if made.header.Get("Location") != fmt.Sprintf("/v1/webhooks/%d", id) || !strings.HasPrefix(w["secret"].(string), "whsec_") {
		t.Fatalf("made %v at %s", w, made.header.Get("Location"))
	}
	path := fmt.Sprintf("/v1/webhooks/%d", id)
	got := e.get(path, authed(e)...).expect(200).json()
	if _, shown := got["secret"]; shown || got["url"] != "https://hooks.example.org/unsc" ||
		fmt.Sprint(got["events"]) != "[vote.recorded draft.created]" || got["filter"].(map[string]any)["topic"] != "Syria" {
		t.Errorf("read back %v", got)
	}
	if e.get(path).status != 401 || e.get(path, "Authorization", "Bearer "+other).status != 404 ||
		len(e.get("/v1/webhooks", "Authorization", "Bearer "+other).expect(200).list()) != 0 {
		t.Error("another key, or none, reached the webhook")
	}

	// Bad input: each refused, naming its field, with nothing stored.
	before := e.rowCounts()
	for field, body := range map[string]map[string]any{
		"url":             {"url": "ftp://example.org", "events": []string{"vote.recorded"}},
		"events":          {"url": "https://example.org", "events": []string{"vote.cast"}},
		"filter.draft_id": {"url": "https://example.org", "events": []string{"vote.recorded"}, "filter": map[string]any{"draft_id": 999999}},
		"filter.member":   {"url": "https://example.org", "events": []string{"vote.recorded"}, "filter": map[string]any{"member": "ZZZ"}},
	} {
		p := e.write("POST", "/v1/webhooks", body).problem(422, "invalid")
		if fmt.Sprint(p["errors"]) == "" || !strings.Contains(fmt.Sprint(p["errors"]), field) {
			t.Errorf("%v: refused naming %v, want %s", body, p["errors"], field)
		}
	}
	if e.rowCounts() != before {
		t.Error("a refused subscription changed the database")
	}

	// A patch changes what it names; pausing says so.
	patched := e.write("PATCH", path, map[string]any{"events": []string{"projection.changed"}, "active": false}).expect(200).json()
	if fmt.Sprint(patched["events"]) != "[projection.changed]" || patched["active"] != false || patched["disabled_reason"] != "paused by its key" {
		t.Errorf("patched %v", patched)
	}
	rotated := e.write("POST", path+"/secret", nil).expect(200).json()
	if rotated["secret"] == w["secret"] || rotated["previous_secret_until"] == nil {
		t.Errorf("rotated %v", rotated)
	}

	// The bound: a key holds at most MaxWebhooksPerKey.
	for i := 1; i < models.MaxWebhooksPerKey; i++ {
		e.write("POST", "/v1/webhooks", map[string]any{"url": "https://example.org", "events": []string{"draft.created"}}).expect(201)
	}
	e.write("POST", "/v1/webhooks", map[string]any{"url": "https://example.org", "events": []string{"draft.created"}}).problem(409, "conflict")
	if n := e.count("SELECT COUNT(*) FROM webhooks"); n != models.MaxWebhooksPerKey {
		t.Errorf("%d webhooks stored, want %d", n, models.MaxWebhooksPerKey)
	}
	e.write("DELETE", path, nil).expect(204)
	e.get(path, authed(e)...).problem(404, "not-found")
}
