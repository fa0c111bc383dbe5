package cache

import (
	"bytes"
	"fmt"
	"testing"
)

func answerOf(n int) *cachedResponse { return &cachedResponse{body: bytes.Repeat([]byte("x"), n)} }

// TestOneClientCannotEvictOthers: a client sweeping through large pages
// (270 member pages of 240 KB each evicted the whole cache) evicts its
// own entries, never those other clients made or use, and holds at most
// its share.
func TestOneClientCannotEvictOthers(t *testing.T) {
	es := newEntries()
	es.put("/shared", "client a", answerOf(100<<10))
	if es.get("/shared", as("client b")) == nil { // used by another: shared
		t.Fatal("a kept answer was not served")
	}
	es.put("/a-only", "client a", answerOf(100<<10))
	for i := range 2000 {
		es.put(fmt.Sprintf("/members/%d", i), "client sweeper", answerOf(240<<10))
	}
	for _, key := range []string{"/shared", "/a-only"} {
		if es.get(key, as("client c")) == nil {
			t.Errorf("%s was evicted by one client's sweep", key)
		}
	}
	if es.clientBytes["client sweeper"] > maxClientBytes || es.clientEntries["client sweeper"] > maxClientEntries {
		t.Errorf("the sweeper holds %d bytes in %d entries, over its share", es.clientBytes["client sweeper"], es.clientEntries["client sweeper"])
	}
	if es.get("/members/1999", as("client sweeper")) == nil || es.get("/members/0", as("client sweeper")) != nil {
		t.Error("the sweeper's own least recently used entries should go first, its latest stay")
	}
	checkTotals(t, es)
}

// TestFullCacheEvictsOwnedFirst: when many clients fill the cache, the
// entries only their maker used go before those several clients use.
func TestFullCacheEvictsOwnedFirst(t *testing.T) {
	es := newEntries()
	es.put("/popular", "client a", answerOf(1<<20))
	es.get("/popular", as("client b"))
	for c := range 20 {
		for i := range 10 {
			es.put(fmt.Sprintf("/%d/%d", c, i), fmt.Sprintf("client %d", c), answerOf(1<<20))
		}
	}
	if es.bytes > maxBytes || len(es.byKey) > maxEntries {
		t.Errorf("the cache holds %d bytes in %d entries", es.bytes, len(es.byKey))
	}
	if es.get("/popular", as("client c")) == nil {
		t.Error("an answer several clients use was evicted before those one client used")
	}
	checkTotals(t, es)
}

// checkTotals checks the counts against the entries themselves.
func checkTotals(t *testing.T, es *entries) {
	t.Helper()
	total, owned := 0, map[string]int{}
	for _, e := range es.byKey {
		total += e.size()
		if e.owner != "" {
			owned[e.owner] += e.size()
		}
	}
	if total != es.bytes || es.owned.Len()+es.shared.Len() != len(es.byKey) {
		t.Errorf("counted %d bytes in %d+%d listed, hold %d in %d", es.bytes, es.owned.Len(), es.shared.Len(), total, len(es.byKey))
	}
	for c, n := range owned {
		if es.clientBytes[c] != n {
			t.Errorf("%s: counted %d bytes, owns %d", c, es.clientBytes[c], n)
		}
	}
}

// as is a client asking by its key.
func as(client string) func() string { return func() string { return client } }
