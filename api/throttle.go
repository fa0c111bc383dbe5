package api

import (
	"sync"
	"time"
)

// Failed authentication is slowed down per client address: after
// maxAuthFailures failures within authWindow, the client is refused for
// authWindow, whatever token it sends.
const (
	maxAuthFailures = 10
	authWindow      = time.Minute
	maxTracked      = 10000
)

type authThrottle struct {
	mu      sync.Mutex
	now     func() time.Time
	clients map[string]*authFailures
}

type authFailures struct {
	count        int
	first, until time.Time
}

func newAuthThrottle(now func() time.Time) *authThrottle {
	return &authThrottle{now: now, clients: map[string]*authFailures{}}
}

// blocked returns how long the client must wait, zero if it may try.
func (t *authThrottle) blocked(client string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	f, ok := t.clients[client]
	if !ok {
		return 0
	}
	return max(f.until.Sub(t.now()), 0)
}

// fail counts a failed attempt.
func (t *authThrottle) fail(client string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	f, ok := t.clients[client]
	if !ok || now.Sub(f.first) > authWindow {
		if len(t.clients) >= maxTracked {
			t.prune(now)
		}
		f = &authFailures{first: now}
		t.clients[client] = f
	}
	f.count++
	if f.count >= maxAuthFailures {
		f.until = now.Add(authWindow)
	}
}

// succeed forgets a client's failures.
func (t *authThrottle) succeed(client string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.clients, client)
}

func (t *authThrottle) prune(now time.Time) {
	for k, f := range t.clients {
		if now.Sub(f.first) > authWindow && now.After(f.until) {
			delete(t.clients, k)
		}
	}
}
