package api

import (
	"context"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
)

// meetingStore is what the meetings' handlers read.
type meetingStore interface {
	ListMeetings(ctx context.Context, f models.MeetingFilter) (models.Page[models.Meeting], error)
	GetMeeting(ctx context.Context, symbol string) (models.Meeting, error)
}

// meetingOutcomes are the values the outcome filter of meetings takes:
// the kinds of decision, and none for meetings that decided nothing.
var meetingOutcomes = append(append([]models.DecisionKind{}, models.DecisionKinds...), models.DecisionNone)

func (h *Handler) listMeetings(c *gin.Context) {
	q, okq := httpx.NewQuery(c, "from", "to", "agenda", "outcome", "cursor", "limit")
	if !okq {
		return
	}
	f := models.MeetingFilter{From: q.Date("from"), To: q.Date("to"), Agenda: q.Str("agenda"),
		Kinds: httpx.OneOf(q, "outcome", meetingOutcomes, true), Cursor: q.Str("cursor"), Limit: q.Limit()}
	if !q.OK() {
		return
	}
	page, err := h.store.ListMeetings(c.Request.Context(), f)
	h.reply(c, listOf(page), err)
}

// getMeeting answers one meeting. Its symbol holds slashes (S/PV.6711),
// so the route catches the rest of the path: the symbol written plainly
// and the symbol as one percent-encoded segment (S%2FPV.6711, as OpenAPI
// clients send a path parameter) both reach it, gin matching the
// decoded path.
func (h *Handler) getMeeting(c *gin.Context) {
	symbol := strings.TrimPrefix(c.Param("symbol"), "/")
	if symbol == "" || utf8.RuneCountInString(symbol) > models.MaxMeetingLen {
		httpx.WriteProblem(c, http.StatusNotFound, "no meeting "+symbol+" in the record")
		return
	}
	m, err := h.store.GetMeeting(c.Request.Context(), symbol)
	h.reply(c, m, err)
}
