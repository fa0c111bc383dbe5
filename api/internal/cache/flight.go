package cache

import (
	"context"
	"sync"
)

// flights lets one request compute an answer while the identical
// requests that arrive meanwhile wait for it and share it, rather than
// each compute it again (singleflight). Unlike golang.org/x/sync's
// singleflight, a waiter gives up when its own client leaves, and a
// leader's panic (http.ErrAbortHandler cutting a stream short) goes up
// its own stack unchanged while its waiters compute for themselves.
type flights struct {
	mu sync.Mutex
	m  map[string]*flight
}

type flight struct {
	done chan struct{}
	resp *cachedResponse // nil: the leader's answer cannot be shared
}

// do runs lead when no request with key is being computed and returns
// what it returns, with led true. Otherwise it waits for that request and
// returns its answer, with led false; nil when that answer cannot be
// shared or ctx ended first.
func (f *flights) do(ctx context.Context, key string, lead func() *cachedResponse) (resp *cachedResponse, led bool) {
	f.mu.Lock()
	if fl, ok := f.m[key]; ok {
		f.mu.Unlock()
		select {
		case <-fl.done:
			return fl.resp, false
		case <-ctx.Done():
			return nil, false
		}
	}
	fl := &flight{done: make(chan struct{})}
	if f.m == nil {
		f.m = map[string]*flight{}
	}
	f.m[key] = fl
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		delete(f.m, key)
		f.mu.Unlock()
		close(fl.done)
	}()
	fl.resp = lead()
	return fl.resp, true
}
