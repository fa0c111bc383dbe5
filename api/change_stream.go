package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/api/internal/streams"
	"unsc/models"
)

// streamStore is what the change stream reads.
type streamStore interface {
	Changes(ctx context.Context, since string, limit int) ([]models.Change, string, error)
	LatestChange(ctx context.Context) (string, error)
	DataVersion(ctx context.Context) (int64, error)
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
// Streams are bounded (see streams.Slots): a client over its share gets
// 429, any client while the server is full gets 503, both with
// Retry-After. A stream that delivers no event for the idle time is
// closed, so that forgotten tabs and scripts give their slot back.
func (h *Handler) streamChanges(c *gin.Context) {
	cursor, ok := h.streamCursor(c)
	if !ok {
		return
	}
	release, ok := h.streamSlot(c)
	if !ok {
		return
	}
	defer release()
	defer h.metrics.StreamOpened()()
	s := &changeStream{h: h, c: c, rc: http.NewResponseController(c.Writer), cursor: cursor, idle: h.streams.Idle()}
	// Heartbeats come often enough that a stream shows it is alive before
	// it could be closed as idle; they never count as activity.
	s.heartbeat = min(streamHeartbeat, s.idle/3)
	s.open()
	s.follow(c.Request.Context())
}

// streamCursor reads where the stream starts: Last-Event-ID, else since,
// else the present. A stream opened with neither follows what happens
// from now on: replaying the whole feed to every new reader (tens of
// thousands of events) would make each connection cost as much as paging
// through all history. A cursor the feed does not know is refused before
// the stream opens.
func (h *Handler) streamCursor(c *gin.Context) (string, bool) {
	q, okq := httpx.NewQuery(c, "since")
	if !okq {
		return "", false
	}
	cursor := q.Str("since")
	last := c.GetHeader("Last-Event-ID")
	if last != "" {
		cursor = last
	}
	if !q.OK() {
		return "", false
	}
	if cursor == "" {
		now, err := h.store.LatestChange(c.Request.Context())
		if err != nil {
			h.fail(c, err)
			return "", false
		}
		return now, true
	}
	if _, _, err := h.store.Changes(c.Request.Context(), cursor, 1); err != nil {
		if last != "" && models.KindOf(err) == models.KindInvalid {
			httpx.WriteProblem(c, http.StatusUnprocessableEntity, "invalid Last-Event-ID", models.FieldError{Field: "Last-Event-ID",
				Message: "is not a place in the change feed: send the id of the last event received"})
			return "", false
		}
		h.fail(c, err)
		return "", false
	}
	return cursor, true
}

// streamSlot takes one of the stream slots for the client, or refuses the
// request when none is free.
func (h *Handler) streamSlot(c *gin.Context) (release func(), ok bool) {
	release, refuse := h.streams.Acquire(httpx.ClientKey(c.ClientIP()))
	switch refuse {
	case http.StatusTooManyRequests:
		h.metrics.StreamRefused("client")
		c.Header("Retry-After", strconv.Itoa(int(streams.Retry.Seconds())))
		httpx.WriteProblem(c, refuse, fmt.Sprintf("this address already holds %d change streams; close one or wait", h.streams.PerClient()))
		return nil, false
	case http.StatusServiceUnavailable:
		h.metrics.StreamRefused("total")
		c.Header("Retry-After", strconv.Itoa(int(streams.Retry.Seconds())))
		httpx.WriteProblem(c, refuse, "the server holds as many change streams as it can; retry later")
		return nil, false
	}
	return release, true
}

// changeStream is one open stream of the change feed.
type changeStream struct {
	h               *Handler
	c               *gin.Context
	rc              *http.ResponseController
	cursor          string // where the next events start
	idle, heartbeat time.Duration
	seen            int64     // the data version last looked at
	quiet           time.Time // when anything, event or heartbeat, was last sent
	lastEvent       time.Time // when an event was last sent
}

// open sends the headers and a first comment, so the client knows the
// stream is open before any write happens.
func (s *changeStream) open() {
	w := s.c.Writer
	hdr := w.Header()
	hdr.Set("Content-Type", "text/event-stream")
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, ": the change feed; each event's id resumes after it\n\n")
	_ = s.rc.Flush()
	s.quiet, s.lastEvent = time.Now(), time.Now()
}

// follow sends the changes as they come until the client leaves, the
// stream goes idle, the server stops or the database fails.
func (s *changeStream) follow(ctx context.Context) {
	tick := time.NewTicker(streamPoll)
	defer tick.Stop()
	first := true
	for {
		// The server's write timeout is for ordinary answers, not streams.
		_ = s.rc.SetWriteDeadline(time.Now().Add(streamHeartbeat * 2))
		v, err := s.h.store.DataVersion(ctx)
		if err != nil {
			s.logError(ctx, "reading the data version", err)
			return
		}
		if first || v != s.seen {
			first, s.seen = false, v
			if !s.sendChanges(ctx) {
				return
			}
		}
		if !s.keepAlive() {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-s.h.shutdown:
			s.close(": the server is stopping; reconnect with Last-Event-ID to go on\n\n")
			return
		case <-tick.C:
		}
	}
}

// sendChanges sends every change after the cursor, a page at a time. It
// returns false when the client has gone. A database error ends the
// round, logged: the next write tries again from the same cursor.
func (s *changeStream) sendChanges(ctx context.Context) bool {
	for {
		items, next, err := s.h.store.Changes(ctx, s.cursor, models.MaxLimit)
		if err != nil {
			s.logError(ctx, "reading the change feed", err)
			return true
		}
		if len(items) == 0 {
			return true
		}
		for _, ch := range items {
			data, _ := json.Marshal(ch)
			fmt.Fprintf(s.c.Writer, "id: %s\nevent: change\ndata: %s\n\n", models.ChangeCursor(ch.ID), data)
		}
		s.cursor = next
		s.quiet, s.lastEvent = time.Now(), time.Now()
		if err := s.rc.Flush(); err != nil {
			return false
		}
	}
}

// keepAlive closes an idle stream and sends a heartbeat when the stream
// has been quiet; it returns false when the stream is over.
func (s *changeStream) keepAlive() bool {
	if time.Since(s.lastEvent) >= s.idle {
		s.close(": closing an idle stream; reconnect with Last-Event-ID to go on\n\n")
		return false
	}
	if time.Since(s.quiet) >= s.heartbeat {
		fmt.Fprint(s.c.Writer, ": still here\n\n")
		if err := s.rc.Flush(); err != nil {
			return false
		}
		s.quiet = time.Now()
	}
	return true
}

// close sends a last comment saying why the stream ends.
func (s *changeStream) close(why string) {
	fmt.Fprint(s.c.Writer, why)
	_ = s.rc.Flush()
}

// logError logs a database error that cuts a stream short or delays its
// events; once the client has gone, its request's context is cancelled
// and the error says only that.
func (s *changeStream) logError(ctx context.Context, doing string, err error) {
	if ctx.Err() != nil {
		return
	}
	s.h.log.ErrorContext(ctx, "change stream: "+doing, "request_id", httpx.RequestID(s.c), "error", err)
}
