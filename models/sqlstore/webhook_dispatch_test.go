package sqlstore

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"unsc/models"
)

// TestDispatchSkipsWhatNoWebhookWants: with no active webhook the fan-out
// reads no change and moves no cursor (it wrote to the database many times
// a second under writes before); a webhook is sent the changes made after
// it was made, none made while it was paused, and those after it resumed.
func TestDispatchSkipsWhatNoWebhookWants(t *testing.T) {
	t.Parallel()
	s := openTest(t)
	ctx := context.Background()
	draft := func(title string) {
		t.Helper()
		in := models.DraftInput{Title: title, Topic: "Testing", IntroducedOn: "2025-12-01"}
		if _, err := s.CreateDraft(ctx, Edit[models.Draft]{By: "desk"}, in); err != nil {
			t.Fatal(err)
		}
	}
	dispatch := func() int {
		t.Helper()
		n, err := s.Dispatch(ctx, s.now())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	cursor := func() (c int64) {
		t.Helper()
		if err := s.r.Raw("SELECT change_id FROM webhook_cursor WHERE id = 1").Scan(&c).Error; err != nil {
			t.Fatal(err)
		}
		return c
	}

	draft("Before any webhook")
	if n, c := dispatch(), cursor(); n != 0 || c != 0 {
		t.Fatalf("with no webhook the fan-out read %d changes and moved the cursor to %d", n, c)
	}
	hook, err := s.CreateWebhook(ctx, Edit[models.Webhook]{By: "desk"},
		models.WebhookInput{URL: "https://example.org/hook", Events: []string{"draft.created"}})
	if err != nil {
		t.Fatal(err)
	}
	patch := func(active bool) {
		t.Helper()
		if _, err := s.PatchWebhook(ctx, Edit[models.Webhook]{By: "desk"}, hook.ID, models.WebhookPatch{Active: &active}); err != nil {
			t.Fatal(err)
		}
	}
	draft("Sent")
	dispatch()
	patch(false)
	draft("Made while paused")
	dispatch()
	patch(true)
	draft("Made after resuming")
	dispatch()

	var got []string
	var rows []deliveryRow
	if err := s.r.Where("webhook_id = ?", hook.ID).Order("id").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	for _, d := range rows {
		var ev struct {
			Data struct{ Title string } `json:"data"`
		}
		if err := json.Unmarshal([]byte(d.Payload), &ev); err != nil {
			t.Fatal(err)
		}
		got = append(got, ev.Data.Title)
	}
	if want := []string{"Sent", "Made after resuming"}; !slices.Equal(got, want) {
		t.Errorf("deliveries of %v, want %v", got, want)
	}
}
