package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
)

// presidencyStore is what the presidency's handlers ask of the store.
type presidencyStore interface {
	Presidency(ctx context.Context, month models.Month) (models.Presidency, error)
	RecordPresidency(ctx context.Context, e edit[models.Presidency], month models.Month, member string) (models.Presidency, error)
}

type presidencyRequest struct {
	Member string `json:"member" required:"true" desc:"the member that presided, by code in any case: one sitting on the Council that month"`
}

var pMonth = param{Name: "month", In: "path", Desc: "the month, YYYY-MM, from 1946-01", Required: true,
	Schema: map[string]any{"type": "string", "pattern": models.MonthPattern}}

// presidencyRoutes are the routes of the Council's presidency (Rule 18 of
// the provisional rules of procedure).
func (h *Handler) presidencyRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "/v1/presidency", handle: h.presidency,
			doc: op{ID: "presidency", Summary: "Who presides over the Council in a month: recorded, or counted by Rule 18 (monthly, in the English alphabetical order of the members' names) from the nearest recorded month; 409 when no month is recorded or the Council of a year counted through is not fully known",
				Params: []param{{Name: "month", In: "query", Desc: "the month, YYYY-MM; absent, the current month",
					Schema: map[string]any{"type": "string", "pattern": models.MonthPattern}}},
				Status: http.StatusOK, Resp: models.Presidency{}, Extra: []int{http.StatusConflict}}},
		{method: http.MethodPut, path: "/v1/presidency/:month", handle: h.recordPresidency, write: true,
			doc: op{ID: "recordPresidency", Summary: "Record who presided in a month, replacing what was recorded: the months around it are counted from it, and it stands as an exception to the count",
				Params: []param{pMonth},
				Body:   presidencyRequest{}, Status: http.StatusOK, Resp: models.Presidency{}}},
	}
}

func (h *Handler) presidency(c *gin.Context) {
	if _, okq := httpx.NewQuery(c, "month"); !okq {
		return
	}
	month := models.MonthOf(h.store.Today())
	if given, ok := c.GetQuery("month"); ok {
		m, err := models.ParseMonth(given)
		if err != nil {
			h.fail(c, models.InvalidField("month", "%s", err.Error()))
			return
		}
		month = m
	}
	p, err := h.store.Presidency(c.Request.Context(), month)
	h.reply(c, p, err)
}

func (h *Handler) recordPresidency(c *gin.Context) {
	month, err := models.ParseMonth(c.Param("month"))
	if err != nil {
		httpx.WriteProblem(c, http.StatusNotFound, "no month "+c.Param("month")+": months are written YYYY-MM, from 1946-01")
		return
	}
	var req presidencyRequest
	if !httpx.Bind(c, &req) {
		return
	}
	member := models.NormalizeCode(req.Member)
	if !models.ValidCode(member) {
		h.fail(c, models.InvalidField("member", "must be a member's three-letter code"))
		return
	}
	write(h, c, presidencyRecorded, func(ctx context.Context, e edit[models.Presidency]) (models.Presidency, error) {
		return h.store.RecordPresidency(ctx, e, month, member)
	})
}

func presidencyRecorded(p models.Presidency) answer {
	return jsonAnswer(http.StatusOK, "", "", p)
}
