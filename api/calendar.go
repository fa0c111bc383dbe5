package api

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/api/openapi"
	"unsc/models"
)

// calendarStore is what the calendar's handlers ask of the store.
type calendarStore interface {
	Calendar(ctx context.Context, from, to models.Date) (models.Calendar, error)
	ScheduleMeeting(ctx context.Context, e edit[models.ScheduledMeeting], in models.ScheduleInput) (models.ScheduledMeeting, error)
	GetScheduledMeeting(ctx context.Context, id int64) (models.ScheduledMeeting, error)
	CancelMeeting(ctx context.Context, e edit[models.ScheduledMeeting], id int64) (models.ScheduledMeeting, error)
	Today() models.Date
}

type scheduleRequest struct {
	Date   string  `json:"date" required:"true" format:"date" desc:"the day of the meeting: from today to 366 days ahead, at most 10 meetings a day"`
	Agenda string  `json:"agenda" required:"true" desc:"the agenda item, as the programme of work names it, such as The situation in the Middle East"`
	Symbol *string `json:"symbol" desc:"the meeting record's symbol when announced, such as S/PV.9000, to match the meeting to its record; unique among scheduled meetings; null or absent while unknown"`
	Drafts []int64 `json:"drafts" desc:"the drafts expected to be put to the vote there, by id, each once: existing drafts neither voted nor withdrawn"`
}

// calendarParams are the period of a look at the calendar.
var calendarParams = []param{
	{Name: "from", In: "query", Desc: "the first day; absent, today", Schema: openapi.DateSchema()},
	{Name: "to", In: "query", Desc: fmt.Sprintf("the last day: not before from, at most %d days in all; absent, %d days after from", models.MaxCalendarDays, models.DefaultCalendar),
		Schema: openapi.DateSchema()},
}

var pScheduledID = param{Name: "id", In: "path", Desc: "the scheduled meeting's id", Schema: openapi.IDSchema(), Required: true}

// calendarRoutes are the routes of the Council's calendar: meetings
// scheduled ahead and votes expected, as JSON and as an iCalendar file.
func (h *Handler) calendarRoutes() []route {
	return []route{
		{method: http.MethodGet, path: "/v1/calendar", handle: h.calendar,
			doc: op{ID: "calendar", Summary: "What is coming: the meetings scheduled, with their agenda item and expected drafts, and the drafts whose vote is expected, by day",
				Params: calendarParams,
				Status: http.StatusOK, Resp: models.Calendar{}, ETag: true}},
		{method: http.MethodGet, path: "/v1/calendar.ics", handle: h.calendarICS,
			doc: op{ID: "calendarICS", Media: "text/calendar", Summary: "The calendar as an iCalendar file (RFC 5545) to subscribe to: an all-day event per scheduled meeting and per expected vote, each linked to the board",
				Params: calendarParams,
				Status: http.StatusOK, ETag: true}},
		{method: http.MethodPost, path: "/v1/calendar/meetings", handle: h.scheduleMeeting, write: true,
			doc: op{ID: "scheduleMeeting", Summary: "Schedule a meeting ahead: its day, agenda item and the drafts expected to be voted",
				Body: scheduleRequest{}, Status: http.StatusCreated, Resp: models.ScheduledMeeting{}, Headers: []string{"Location"},
				Extra: []int{http.StatusConflict}}},
		{method: http.MethodGet, path: "/v1/calendar/meetings/:id", handle: h.getScheduledMeeting,
			doc: op{ID: "getScheduledMeeting", Summary: "One scheduled meeting",
				Params: []param{pScheduledID},
				Status: http.StatusOK, Resp: models.ScheduledMeeting{}}},
		{method: http.MethodDelete, path: "/v1/calendar/meetings/:id", handle: h.cancelMeeting, write: true,
			doc: op{ID: "cancelMeeting", Summary: "Cancel a scheduled meeting: it leaves the calendar; the answer is the meeting as it was",
				Params: []param{pScheduledID},
				Status: http.StatusOK, Resp: models.ScheduledMeeting{}}},
	}
}

// calendarPeriod reads from= and to=, defaulting to today and thirty
// days on; false when it has answered a problem.
func (h *Handler) calendarPeriod(c *gin.Context) (models.Date, models.Date, bool) {
	q, okq := httpx.NewQuery(c, "from", "to")
	if !okq {
		return "", "", false
	}
	from, to := q.Date("from"), q.Date("to")
	if !q.OK() {
		return "", "", false
	}
	f, t, err := models.CalendarPeriod(from, to, h.store.Today())
	if err != nil {
		h.fail(c, err)
		return "", "", false
	}
	return f, t, true
}

func (h *Handler) calendar(c *gin.Context) {
	from, to, ok := h.calendarPeriod(c)
	if !ok {
		return
	}
	cal, err := h.store.Calendar(c.Request.Context(), from, to)
	h.replyTagged(c, cal, err)
}

// input is the meeting the request schedules, noting in p what is wrong
// in it.
func (r scheduleRequest) input(p *models.Problems) models.ScheduleInput {
	return models.ScheduleInput{Date: httpx.ParseDate(p, "date", r.Date), Agenda: r.Agenda, Symbol: r.Symbol, Drafts: r.Drafts}
}

func (h *Handler) scheduleMeeting(c *gin.Context) {
	writeInput(h, c, scheduleRequest.input, meetingScheduled, h.store.ScheduleMeeting)
}

func meetingScheduled(m models.ScheduledMeeting) answer {
	return jsonAnswer(http.StatusCreated, m.URL, "", m)
}

func (h *Handler) getScheduledMeeting(c *gin.Context) {
	readByID(h, c, "scheduled meeting", h.store.GetScheduledMeeting)
}

func (h *Handler) cancelMeeting(c *gin.Context) {
	writeByID(h, c, "scheduled meeting", meetingCancelled, h.store.CancelMeeting)
}

func meetingCancelled(m models.ScheduledMeeting) answer {
	return jsonAnswer(http.StatusOK, "", "", m)
}
