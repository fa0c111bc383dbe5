package api

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
)

// calendarICS serves the calendar as an iCalendar file (RFC 5545), for
// calendar clients to subscribe to. The file is written by golang-ical,
// which folds lines at 75 octets and escapes text; its stamps are the
// entries' own (when a meeting was scheduled, when a draft last
// changed), so the same calendar is the same file, byte for byte, and
// its ETag holds.
func (h *Handler) calendarICS(c *gin.Context) {
	from, to, ok := h.calendarPeriod(c)
	if !ok {
		return
	}
	cal, err := h.store.Calendar(c.Request.Context(), from, to)
	if err != nil {
		h.fail(c, err)
		return
	}
	body := []byte(icsOf(cal, h.public))
	sum := sha256.Sum256(body)
	if httpx.NotModified(c, `"i`+hex.EncodeToString(sum[:12])+`"`) {
		return
	}
	c.Data(http.StatusOK, "text/calendar; charset=utf-8", body)
}

// icsOf writes cal as a VCALENDAR: an all-day VEVENT per scheduled
// meeting and per expected vote, linked to the board at public. UIDs
// name the entry and the board's host, so a client that fetches the file
// again updates its events instead of adding them twice.
func icsOf(cal models.Calendar, public string) string {
	host := "unsc"
	if u, err := url.Parse(public); err == nil && u.Host != "" {
		host = u.Host
	}
	out := ics.NewCalendar()
	out.SetProductId("-//unsc//UN Security Council tracker//EN")
	out.SetCalscale("GREGORIAN")
	out.SetXWRCalName("UN Security Council")
	for _, m := range cal.Meetings {
		ev := out.AddEvent(fmt.Sprintf("scheduled-meeting-%d@%s", m.ID, host))
		allDay(ev, m.Date, m.CreatedAt)
		ev.SetSummary(icsText("Security Council: " + m.Agenda))
		if len(m.Drafts) > 0 {
			names := make([]string, len(m.Drafts))
			for i, d := range m.Drafts {
				names[i] = draftName(d)
			}
			ev.SetDescription(icsText("Drafts expected to be voted: " + strings.Join(names, "; ")))
		}
		ev.SetURL(public + "/#this-week")
	}
	for _, d := range cal.Votes {
		ev := out.AddEvent(fmt.Sprintf("expected-vote-draft-%d@%s", d.ID, host))
		allDay(ev, *d.ExpectedVoteOn, d.UpdatedAt)
		ev.SetSummary(icsText("Vote expected: " + draftName(d)))
		ev.SetURL(fmt.Sprintf("%s/drafts/%d", public, d.ID))
	}
	return out.Serialize(ics.WithNewLineWindows)
}

// allDay makes ev an all-day event on day (DTEND the day after, as RFC
// 5545 has it for dates), stamped at.
func allDay(ev *ics.VEvent, day models.Date, at time.Time) {
	t, _ := time.Parse(time.DateOnly, string(day))
	ev.SetDtStampTime(at)
	ev.SetAllDayStartAt(t)
	ev.SetAllDayEndAt(t.AddDate(0, 0, 1))
}

// draftName names a draft by its symbol and title, or its title alone.
func draftName(d models.ExpectedDraft) string {
	if d.Symbol != nil {
		return *d.Symbol + " " + d.Title
	}
	return d.Title
}

// icsText makes every line break one the writer escapes (\n): a carriage
// return kept in prose would end a content line.
func icsText(s string) string {
	return strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
}
