package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"unsc/models"
)

// changeList is a page of the change feed. Unlike other lists its cursor
// is always set: pass it back as since to get what comes next.
type changeList struct {
	Items      []models.Change `json:"items"`
	NextCursor string          `json:"next_cursor"`
}

func (h *Handler) listChanges(c *gin.Context) {
	q, okq := newQuery(c, "since", "limit")
	if !okq {
		return
	}
	since, limit := q.str("since"), q.limit()
	if !q.ok() {
		return
	}
	items, next, err := h.store.Changes(c.Request.Context(), since, limit)
	if err != nil {
		h.fail(c, err)
		return
	}
	ok(c, http.StatusOK, changeList{Items: items, NextCursor: next})
}

// How the stream waits: it looks for new writes this often, and sends a
// comment line when nothing happened for a while so that proxies and
// clients know the stream is alive.
const (
	streamPoll      = 200 * time.Millisecond
	streamHeartbeat = 15 * time.Second
)

// streamChanges sends the change feed as Server-Sent Events as writes
// happen. Each event's id is the cursor after it, so a client that
// reconnects with Last-Event-ID (or since=) misses nothing.
//
// Streams are bounded (see streamSlots): a client over its share gets 429,
// any client while the server is full gets 503, both with Retry-After. A
// stream that delivers no event for the idle time is closed, so that
// forgotten tabs and scripts give their slot back.
func (h *Handler) streamChanges(c *gin.Context) {
	q, okq := newQuery(c, "since")
	if !okq {
		return
	}
	cursor := q.str("since")
	last := c.GetHeader("Last-Event-ID")
	if last != "" {
		cursor = last
	}
	if !q.ok() {
		return
	}
	if _, _, err := h.store.Changes(c.Request.Context(), cursor, 1); err != nil {
		if last != "" && models.KindOf(err) == models.KindInvalid {
			problem(c, http.StatusUnprocessableEntity, "invalid Last-Event-ID", models.FieldError{Field: "Last-Event-ID",
				Message: "is not a place in the change feed: send the id of the last event received"})
			return
		}
		h.fail(c, err)
		return
	}
	release, refuse := h.streams.acquire(clientKey(c.ClientIP()))
	switch refuse {
	case http.StatusTooManyRequests:
		h.metrics.refused.WithLabelValues("client").Inc()
		c.Header("Retry-After", strconv.Itoa(int(streamRetry.Seconds())))
		problem(c, refuse, fmt.Sprintf("this address already holds %d change streams; close one or wait", h.streams.perClient))
		return
	case http.StatusServiceUnavailable:
		h.metrics.refused.WithLabelValues("total").Inc()
		c.Header("Retry-After", strconv.Itoa(int(streamRetry.Seconds())))
		problem(c, refuse, "the server holds as many change streams as it can; retry later")
		return
	}
	defer release()
	h.metrics.streams.Inc()
	defer h.metrics.streams.Dec()
	ctx := c.Request.Context()
	// Heartbeats come often enough that a stream shows it is alive before
	// it could be closed as idle; they never count as activity.
	idle := h.streams.idle
	heartbeat := min(streamHeartbeat, idle/3)
	w := c.Writer
	rc := http.NewResponseController(w)
	hdr := w.Header()
	hdr.Set("Content-Type", "text/event-stream")
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, ": the change feed; each event's id resumes after it\n\n")
	rc.Flush()
	tick := time.NewTicker(streamPoll)
	defer tick.Stop()
	seen, _ := h.store.DataVersion(ctx)
	quiet, lastEvent := time.Now(), time.Now()
	first := true
	for {
		// The server's write timeout is for ordinary answers, not streams.
		_ = rc.SetWriteDeadline(time.Now().Add(streamHeartbeat * 2))
		v, err := h.store.DataVersion(ctx)
		if err != nil {
			return
		}
		if first || v != seen {
			first, seen = false, v
			for {
				items, next, err := h.store.Changes(ctx, cursor, models.MaxLimit)
				if err != nil || len(items) == 0 {
					break
				}
				for _, ch := range items {
					data, _ := json.Marshal(ch)
					fmt.Fprintf(w, "id: %s\nevent: change\ndata: %s\n\n", models.ChangeCursor(ch.ID), data)
				}
				cursor = next
				quiet, lastEvent = time.Now(), time.Now()
				if err := rc.Flush(); err != nil {
					return
				}
			}
		}
		if time.Since(lastEvent) >= idle {
			fmt.Fprint(w, ": closing an idle stream; reconnect with Last-Event-ID to go on\n\n")
			_ = rc.Flush()
			return
		}
		if time.Since(quiet) >= heartbeat {
			fmt.Fprint(w, ": still here\n\n")
			if err := rc.Flush(); err != nil {
				return
			}
			quiet = time.Now()
		}
		select {
		case <-ctx.Done():
			return
		case <-h.shutdown:
			fmt.Fprint(w, ": the server is stopping; reconnect with Last-Event-ID to go on\n\n")
			_ = rc.Flush()
			return
		case <-tick.C:
		}
	}
}
