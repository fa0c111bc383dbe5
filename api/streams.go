package api

import (
	"net/http"
	"sync"
	"time"
)

// streamSlots counts the change streams held open, per client and in all,
// so that no client, and no crowd of clients, can hold more connections
// than the server can afford.
type streamSlots struct {
	perClient, total int
	idle             time.Duration

	mu   sync.Mutex
	open map[string]int // client -> streams open; no entry when none
	n    int
}

func newStreamSlots(perClient, total int, idle time.Duration) *streamSlots {
	return &streamSlots{perClient: perClient, total: total, idle: idle, open: map[string]int{}}
}

// streamRetry is what a refused client is told to wait: streams end when
// their readers leave or go idle, so a slot may free up at any time.
const streamRetry = 30 * time.Second

// acquire takes a slot for client. It returns the status to refuse with
// when none is free (429 when the client holds its share, 503 when the
// server is full), and otherwise a release to call once the stream ends.
func (s *streamSlots) acquire(client string) (release func(), refuse int) {
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

func (s *streamSlots) release(client string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n--
	if s.open[client]--; s.open[client] <= 0 {
		delete(s.open, client)
	}
}
