package throttle

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// Research bounds the expensive answers of the record's questions (a
// member's whole record, alignment, agreement, the CSV exports), counted
// only when an answer is computed: one served from the cache, or shared
// with an identical request being computed, costs nothing.
//
// Per client, a token bucket: burst computations at once, then one every
// 1/rate seconds; over it, the client is told how long to wait (429).
// In all, at most slots computations at once, so that the research
// never holds more than that many of the readers and processors, and
// ordinary reads keep the rest; the others wait their turn, at most
// queue of them and for at most wait, else they are told to retry (503).
type Research struct {
	now         func() time.Time
	burst, rate float64 // tokens, tokens per second
	bound       int     // clients remembered
	slots       chan struct{}
	queue       chan struct{} // a place in line
	wait        time.Duration
	mu          sync.Mutex
	buckets     *simplelru.LRU[string, *bucket] // the least recently seen forgotten first
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewResearch returns the bounds: burst computations per client at once
// and rate a second after, slots at once in all with at most queue
// waiting up to wait, remembering at most bound clients (a forgotten
// client starts with a full bucket).
func NewResearch(now func() time.Time, burst int, rate float64, slots, queue int, wait time.Duration, bound int) *Research {
	return &Research{now: now, burst: float64(burst), rate: rate, bound: bound,
		slots: make(chan struct{}, slots), queue: make(chan struct{}, queue), wait: wait,
		buckets: newLRU[*bucket](bound)}
}

// Take spends one of client's tokens. It returns zero when the client
// may compute, and otherwise how long until it may.
func (r *Research) Take(client string) time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	b, ok := r.buckets.Get(client)
	if !ok {
		b = &bucket{tokens: r.burst, at: now}
		r.buckets.Add(client, b)
	}
	b.tokens = min(r.burst, b.tokens+now.Sub(b.at).Seconds()*r.rate)
	b.at = now
	if b.tokens < 1 {
		return time.Duration((1 - b.tokens) / r.rate * float64(time.Second))
	}
	b.tokens--
	return 0
}

// Refund gives client back the token of a request that computed nothing
// (refused as invalid before it read the record).
func (r *Research) Refund(client string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if b, ok := r.buckets.Peek(client); ok {
		b.tokens = min(r.burst, b.tokens+1)
	}
}

// Enter waits for one of the slots. It returns the release to call once
// the answer is computed, or ok false when the line is full, the wait
// was too long, or ctx ended.
func (r *Research) Enter(ctx context.Context) (release func(), ok bool) {
	select {
	case r.slots <- struct{}{}:
		return r.leave, true
	default:
	}
	select {
	case r.queue <- struct{}{}:
	default:
		return nil, false
	}
	defer func() { <-r.queue }()
	t := time.NewTimer(r.wait)
	defer t.Stop()
	select {
	case r.slots <- struct{}{}:
		return r.leave, true
	case <-t.C:
		return nil, false
	case <-ctx.Done():
		return nil, false
	}
}

func (r *Research) leave() { <-r.slots }

// Busy is how many computations hold a slot now.
func (r *Research) Busy() int { return len(r.slots) }
