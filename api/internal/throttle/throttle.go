// Package throttle slows down failed authentication.
package throttle

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
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
	entries *simplelru.LRU[string, *authFailures] // the least recently failed forgotten first
}

type authFailures struct {
	count        int
	first, until time.Time
}

// New returns a throttle that reads the time from now: after limit
// failures within window it refuses for window, remembering at most bound
// addresses and prefixes.
func New(now func() time.Time, limit int, window time.Duration, bound int) *Auth {
	return &Auth{now: now, limit: limit, window: window, bound: bound, entries: newLRU[*authFailures](bound)}
}

// Blocked returns how long a failing request under keys must wait, zero
// if it may be answered 401.
func (t *Auth) Blocked(keys ...string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var wait time.Duration
	for _, k := range keys {
		if f, ok := t.entries.Peek(k); ok {
			wait = max(wait, f.until.Sub(now))
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
		f, ok := t.entries.Get(k)
		if !ok {
			f = &authFailures{first: now}
			t.entries.Add(k, f)
		}
		if now.Sub(f.first) > t.window && !now.Before(f.until) {
			*f = authFailures{first: now}
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
	return t.entries.Len()
}

// newLRU is a map of at most bound entries that forgets the least
// recently used first.
func newLRU[V any](bound int) *simplelru.LRU[string, V] {
	l, err := simplelru.NewLRU[string, V](max(bound, 1), nil)
	if err != nil {
		panic(err) // only for a size below one
	}
	return l
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
