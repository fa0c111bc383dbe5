// Package throttle slows down failed authentication.
package throttle

import (
	clist "container/list"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"
)

// Auth slows down failed authentication. Failures are counted
// per client address and per presented token prefix: after limit failures
// within window under either, further failures under it are refused for
// window. It is consulted only once a token has failed, so a valid key is
// never refused because others failed from the same address, as happens
// behind a newsroom's shared NAT address.
//
// It remembers at most bound addresses and prefixes; when full it forgets
// the one that failed longest ago, so its memory is fixed however many
// addresses a guesser uses.
type Auth struct {
	now    func() time.Time
	limit  int
	window time.Duration
	bound  int

	mu      sync.Mutex
	entries map[string]*clist.Element // of *authFailures
	order   *clist.List               // least recently failed first
}

type authFailures struct {
	key          string
	count        int
	first, until time.Time
}

// New returns a throttle that reads the time from now: after limit
// failures within window it refuses for window, remembering at most bound
// addresses and prefixes.
func New(now func() time.Time, limit int, window time.Duration, bound int) *Auth {
	return &Auth{now: now, limit: limit, window: window, bound: bound,
		entries: map[string]*clist.Element{}, order: clist.New()}
}

// Blocked returns how long a failing request under keys must wait, zero
// if it may be answered 401.
func (t *Auth) Blocked(keys ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var wait time.Duration
	for _, k := range keys {
		if e, ok := t.entries[k]; ok {
			wait = max(wait, e.Value.(*authFailures).until.Sub(now))
		}
	}
	return wait
}

// Fail counts a failed attempt under each of keys.
func (t *Auth) Fail(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	for _, k := range keys {
		e, ok := t.entries[k]
		if !ok {
			if t.order.Len() >= t.bound {
				oldest := t.order.Front()
				delete(t.entries, oldest.Value.(*authFailures).key)
				t.order.Remove(oldest)
			}
			e = t.order.PushBack(&authFailures{key: k, first: now})
			t.entries[k] = e
		}
		t.order.MoveToBack(e)
		f := e.Value.(*authFailures)
		if now.Sub(f.first) > t.window && !now.Before(f.until) {
			*f = authFailures{key: k, first: now}
		}
		f.count++
		if f.count >= t.limit {
			f.until = now.Add(t.window)
		}
	}
}

// Size is how many addresses and prefixes the throttle remembers.
func (t *Auth) Size() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.order.Len()
}

// tokenPrefixLen is how much of a presented token names it to the
// throttle: enough to tell one guesser's token from a colleague's, too
// little to be worth stealing from memory.
const tokenPrefixLen = 16

// FailureKeys names what a failed attempt counts against: the client's
// address and, when a token was presented, a digest of its first bytes.
func FailureKeys(client, token string) []string {
	keys := []string{"addr " + client}
	if token != "" {
		sum := sha256.Sum256([]byte(token[:min(len(token), tokenPrefixLen)]))
		keys = append(keys, "token "+hex.EncodeToString(sum[:8]))
	}
	return keys
}
