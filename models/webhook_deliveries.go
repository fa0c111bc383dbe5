package models

import (
	"math/rand/v2"
	"strconv"
	"time"
)

// Event is one message to subscribers, as its body is sent: its type,
// when it happened, and the resource it is about, shaped as the API
// serves it. ID is its webhook-id, the same on every attempt.
type Event struct {
	ID        string    `json:"-"`
	Type      string    `json:"type"`
	Timestamp time.Time `json:"timestamp"`
	Data      any       `json:"data"`
}

// EventID names the event a change of the feed gives: one change makes
// one event of its own kind, and at most one projection.changed.
func EventID(changeID int64, eventType string) string {
	id := "msg_" + strconv.FormatInt(changeID, 10)
	if eventType == EventProjectionChanged {
		id += "_projection"
	}
	return id
}

// ProjectionChange is the data of a projection.changed event.
type ProjectionChange struct {
	DraftID  int64       `json:"draft_id"`
	Previous Outcome     `json:"previous_outcome"`
	Current  Outcome     `json:"outcome"`
	Old      *Projection `json:"previous"`
	New      Projection  `json:"projection"`
}

// Delivery states.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)

// Delivery is one event for one subscription: its state, its attempts
// and, while it is pending, when it is tried next.
type Delivery struct {
	ID          int64             `json:"id"`
	WebhookID   int64             `json:"webhook_id"`
	EventID     string            `json:"event_id"`
	EventType   string            `json:"event_type"`
	State       string            `json:"state"`
	Attempts    int               `json:"attempts"`
	CreatedAt   time.Time         `json:"created_at"`
	NextAttempt *time.Time        `json:"next_attempt_at"`
	DeliveredAt *time.Time        `json:"delivered_at"`
	LastStatus  *int              `json:"last_status"`
	LastError   string            `json:"last_error"`
	History     []DeliveryAttempt `json:"history"`
}

// DeliveryAttempt is one try: the status code the receiver answered (nil
// when it answered none), what went wrong, and the start of its answer.
type DeliveryAttempt struct {
	At       time.Time `json:"at"`
	Status   *int      `json:"status"`
	Error    string    `json:"error"`
	Duration int64     `json:"duration_ms"`
	Response string    `json:"response"`
}

// Succeeded reports whether a receiver's status code acknowledges a
// delivery: any 2xx. Redirects are not followed, so they fail.
func Succeeded(status int) bool { return status >= 200 && status < 300 }

// RetryPolicy says how a failing delivery is retried: the wait doubles
// from First up to Most, each wait drawn between half and all of it
// (jitter, so that receivers coming back up are not hit by every sender
// at once), for For from the first try; a delivery still failing then
// fails for good and its subscription is disabled.
type RetryPolicy struct {
	First, Most, For time.Duration
}

// DefaultRetry retries for a day, at most two hours apart.
var DefaultRetry = RetryPolicy{First: 5 * time.Second, Most: 2 * time.Hour, For: 24 * time.Hour}

// NextTry says when to try again after the attempts-th failed attempt of
// a delivery first tried at from, or false when it should give up. The
// last try falls at For after from, never earlier.
func (p RetryPolicy) NextTry(from, now time.Time, attempts int) (time.Time, bool) {
	if now.Sub(from) >= p.For {
		return time.Time{}, false
	}
	wait := max(p.First, time.Millisecond)
	for i := 1; i < attempts && wait < p.Most; i++ {
		wait *= 2
	}
	wait = min(wait, max(p.Most, p.First))
	wait = wait/2 + time.Duration(rand.Int64N(int64(wait/2)+1))
	next := now.Add(wait)
	if end := from.Add(p.For); next.After(end) {
		next = end
	}
	return next, true
}
