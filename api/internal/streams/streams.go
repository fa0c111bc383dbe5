// Package streams bounds the long-lived streams a server holds open.
package streams

import (
	"net/http"
	"sync"
	"time"
)

// Slots counts the change streams held open, per client and in all, so
// that no client, and no crowd of clients, can hold more connections than
// the server can afford.
type Slots struct {
	perClient, total int
	idle             time.Duration

	mu   sync.Mutex
	open map[string]int // client -> streams open; no entry when none
	n    int
}

// NewSlots allows perClient streams to one client and total in all; a
// stream that delivers nothing for idle is to be closed.
func NewSlots(perClient, total int, idle time.Duration) *Slots {
	return &Slots{perClient: perClient, total: total, idle: idle, open: map[string]int{}}
}

// Retry is what a refused client is told to wait: streams end when their
// readers leave or go idle, so a slot may free up at any time.
const Retry = 30 * time.Second

// PerClient is how many streams one client may hold open.
func (s *Slots) PerClient() int { return s.perClient }

// Idle is how long a stream stays open without delivering an event.
func (s *Slots) Idle() time.Duration { return s.idle }

// Acquire takes a slot for client. It returns the status to refuse with
// when none is free (429 when the client holds its share, 503 when the
// server is full), and otherwise a release to call once the stream ends.
func (s *Slots) Acquire(client string) (release func(), refuse int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.open[client] >= s.perClient:
		return nil, http.StatusTooManyRequests
	case s.n >= s.total:
		return nil, http.StatusServiceUnavailable
	}
	s.open[client]++
	s.n++
	var once sync.Once
	return func() { once.Do(func() { s.release(client) }) }, 0
}

func (s *Slots) release(client string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n--
	if s.open[client]--; s.open[client] <= 0 {
		delete(s.open, client)
	}
}
