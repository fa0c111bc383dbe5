package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/api/openapi"
	"unsc/models"
)

// webhookStore is what the webhooks' handlers ask of the store. Every
// call names the key asking: a key sees and changes its own webhooks only.
type webhookStore interface {
	CreateWebhook(ctx context.Context, e edit[models.Webhook], in models.WebhookInput) (models.Webhook, error)
	ListWebhooks(ctx context.Context, owner string) ([]models.Webhook, error)
	GetWebhook(ctx context.Context, owner string, id int64) (models.Webhook, error)
	PatchWebhook(ctx context.Context, e edit[models.Webhook], id int64, p models.WebhookPatch) (models.Webhook, error)
	RotateWebhookSecret(ctx context.Context, e edit[models.Webhook], id int64) (models.Webhook, error)
	DeleteWebhook(ctx context.Context, owner string, id int64) error
	ListDeliveries(ctx context.Context, owner string, webhookID int64, cursor string, limit int) (models.Page[models.Delivery], error)
	Redeliver(ctx context.Context, owner string, webhookID, deliveryID int64) (models.Delivery, error)
}

type webhookFilterRequest struct {
	DraftID *int64  `json:"draft_id" desc:"only events about this draft"`
	Member  *string `json:"member" desc:"only events about this member, by code in any case: its positions, and a projection it moved"`
	Topic   *string `json:"topic" desc:"only events about drafts on this topic, in any case"`
	Agenda  *string `json:"agenda" desc:"only events about drafts whose agenda item contains this, in any case"`
}

type webhookRequest struct {
	URL    string               `json:"url" required:"true" desc:"where to POST events: an absolute http or https URL; it must resolve to a public address when each delivery is sent"`
	Events []string             `json:"events" required:"true" desc:"the events wanted, at least one"`
	Filter webhookFilterRequest `json:"filter" desc:"narrows the events; every filter set must match"`
}

type webhookPatchRequest struct {
	URL    *string               `json:"url" desc:"a new target URL"`
	Events []string              `json:"events" desc:"the events wanted, replacing the list"`
	Filter *webhookFilterRequest `json:"filter" desc:"new filters, replacing all of them"`
	Active *bool                 `json:"active" desc:"false pauses deliveries; true resumes them (after a webhook was disabled too), each pending delivery retried from now"`
}

func (r webhookFilterRequest) filter() models.WebhookFilter {
	return models.WebhookFilter{DraftID: r.DraftID, Member: r.Member, Topic: r.Topic, Agenda: r.Agenda}
}

func (h *Handler) createWebhook(c *gin.Context) {
	var req webhookRequest
	if !httpx.Bind(c, &req) {
		return
	}
	in := models.WebhookInput{URL: req.URL, Events: req.Events, Filter: req.Filter.filter()}
	write(h, c, webhookCreated, func(ctx context.Context, e edit[models.Webhook]) (models.Webhook, error) {
		return h.store.CreateWebhook(ctx, e, in)
	})
}

func webhookCreated(w models.Webhook) answer {
	return jsonAnswer(http.StatusCreated, idPath("/v1/webhooks/", w.ID, ""), webhookTag(w), w)
}

func webhookAnswer(w models.Webhook) answer { return jsonAnswer(http.StatusOK, "", webhookTag(w), w) }

// webhookTag is a webhook's ETag: it changes with each change made to it.
func webhookTag(w models.Webhook) string { return httpx.ETag("w", w.ID, w.Version) }

func (h *Handler) listWebhooks(c *gin.Context) {
	hooks, err := h.store.ListWebhooks(c.Request.Context(), httpx.KeyName(c))
	h.reply(c, list[models.Webhook]{Items: hooks}, err)
}

func (h *Handler) getWebhook(c *gin.Context) {
	id, found := httpx.PathID(c, "id", "webhook")
	if !found {
		return
	}
	w, err := h.store.GetWebhook(c.Request.Context(), httpx.KeyName(c), id)
	if err != nil {
		h.fail(c, err)
		return
	}
	send(c, webhookAnswer(w))
}

func (h *Handler) patchWebhook(c *gin.Context) {
	id, req, found := pathIDAndBody[webhookPatchRequest](c, "id", "webhook")
	if !found {
		return
	}
	patch := models.WebhookPatch{URL: req.URL, Events: req.Events, Active: req.Active}
	if req.Filter != nil {
		f := req.Filter.filter()
		patch.Filter = &f
	}
	write(h, c, webhookAnswer, func(ctx context.Context, e edit[models.Webhook]) (models.Webhook, error) {
		return h.store.PatchWebhook(ctx, e, id, patch)
	})
}

func (h *Handler) rotateWebhookSecret(c *gin.Context) {
	writeByID(h, c, "webhook", webhookAnswer, h.store.RotateWebhookSecret)
}

func (h *Handler) deleteWebhook(c *gin.Context) {
	id, found := httpx.PathID(c, "id", "webhook")
	if !found {
		return
	}
	if err := h.store.DeleteWebhook(c.Request.Context(), httpx.KeyName(c), id); err != nil {
		h.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (h *Handler) listDeliveries(c *gin.Context) {
	id, found := httpx.PathID(c, "id", "webhook")
	if !found {
		return
	}
	cursor, limit, okq := httpx.PageQuery(c)
	if !okq {
		return
	}
	page, err := h.store.ListDeliveries(c.Request.Context(), httpx.KeyName(c), id, cursor, limit)
	h.reply(c, listOf(page), err)
}

func (h *Handler) redeliver(c *gin.Context) {
	id, found := httpx.PathID(c, "id", "webhook")
	if !found {
		return
	}
	deliveryID, found := httpx.PathID(c, "delivery_id", "delivery")
	if !found {
		return
	}
	d, err := h.store.Redeliver(c.Request.Context(), httpx.KeyName(c), id, deliveryID)
	if err != nil {
		h.fail(c, err)
		return
	}
	httpx.JSON(c, http.StatusAccepted, d)
}

var (
	pWebhookID  = param{Name: "id", In: "path", Desc: "the webhook's id", Schema: openapi.IDSchema(), Required: true}
	pDeliveryID = param{Name: "delivery_id", In: "path", Desc: "the delivery's id, as the deliveries list it", Schema: openapi.IDSchema(), Required: true}
)

// webhookRoutes are the routes of a key's webhooks and their deliveries.
// Each needs the key: its answers are the key's own, never cached.
func (h *Handler) webhookRoutes() []route {
	return []route{
		{method: http.MethodPost, path: "/v1/webhooks", handle: h.createWebhook, write: true,
			doc: op{ID: "createWebhook", Summary: "Subscribe to events; the answer carries the signing secret, the only time it is shown",
				Body: webhookRequest{}, Status: http.StatusCreated, Resp: models.Webhook{}, Headers: []string{"Location", "ETag"},
				Extra: []int{http.StatusConflict}}},
		{method: http.MethodGet, path: "/v1/webhooks", handle: h.listWebhooks, write: true,
			doc: op{ID: "listWebhooks", Summary: "The key's webhooks, oldest first",
				Status: http.StatusOK, Resp: list[models.Webhook]{}}},
		{method: http.MethodGet, path: "/v1/webhooks/:id", handle: h.getWebhook, write: true,
			doc: op{ID: "getWebhook", Summary: "One of the key's webhooks",
				Params: []param{pWebhookID}, Status: http.StatusOK, Resp: models.Webhook{}, Headers: []string{"ETag"}}},
		{method: http.MethodPatch, path: "/v1/webhooks/:id", handle: h.patchWebhook, write: true,
			doc: op{ID: "patchWebhook", Summary: "Change a webhook's target, events or filters, or pause and resume it",
				Params: []param{pWebhookID}, Body: webhookPatchRequest{}, Status: http.StatusOK, Resp: models.Webhook{}, Headers: []string{"ETag"}}},
		{method: http.MethodDelete, path: "/v1/webhooks/:id", handle: h.deleteWebhook, write: true,
			doc: op{ID: "deleteWebhook", Summary: "Delete a webhook and its deliveries; nothing more is sent",
				Params: []param{pWebhookID}, Status: http.StatusNoContent}},
		{method: http.MethodPost, path: "/v1/webhooks/:id/secret", handle: h.rotateWebhookSecret, write: true,
			doc: op{ID: "rotateWebhookSecret", Summary: "A new signing secret, shown once; the old one signs beside it for 24 hours",
				Params: []param{pWebhookID}, Status: http.StatusOK, Resp: models.Webhook{}, Headers: []string{"ETag"}}},
		{method: http.MethodGet, path: "/v1/webhooks/:id/deliveries", handle: h.listDeliveries, write: true,
			doc: op{ID: "listDeliveries", Summary: "A webhook's deliveries, newest first, with their attempts and next try",
				Params: []param{pWebhookID, pCursor, pLimit}, Status: http.StatusOK, Resp: list[models.Delivery]{}}},
		{method: http.MethodPost, path: "/v1/webhooks/:id/deliveries/:delivery_id/redeliver", handle: h.redeliver, write: true,
			doc: op{ID: "redeliver", Summary: "Send a delivery again from now, with a fresh 24 hours of retries",
				Params: []param{pWebhookID, pDeliveryID}, Status: http.StatusAccepted, Resp: models.Delivery{},
				Extra: []int{http.StatusConflict}}},
	}
}

// webhookEvents are the events webhooks send, as the document describes
// them.
var webhookEvents = []openapi.Event{
	{Type: models.EventDraftCreated, Summary: "A draft was added", Data: models.Draft{}},
	{Type: models.EventDraftUpdated, Summary: "A draft was changed (its status, text, expected vote day...)", Data: models.Draft{}},
	{Type: models.EventPositionRecorded, Summary: "A member's position on a draft was recorded", Data: models.Position{}},
	{Type: models.EventPositionRetracted, Summary: "An observation of a position was retracted", Data: models.Position{}},
	{Type: models.EventVoteRecorded, Summary: "A draft's roll call was recorded", Data: models.Vote{}},
	{Type: models.EventVoteCorrected, Summary: "A draft's roll call was corrected", Data: models.Vote{}},
	{Type: models.EventMeetingScheduled, Summary: "A meeting was scheduled ahead", Data: models.ScheduledMeeting{}},
	{Type: models.EventProjectionChanged, Summary: "A draft's likely outcome, as the positions point, changed", Data: models.ProjectionChange{}},
}
