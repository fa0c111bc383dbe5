package cache

import clist "container/list"

// Bounds on what the cache holds. An answer larger than its route's
// bound is served but not kept.
const (
	// MaxBody bounds an ordinary answer kept.
	MaxBody = 1 << 20
	// MaxBulkBody bounds a kept answer of a route that gives a whole
	// table at once (votes.csv, 6.2 MB on the Council's record): kept,
	// every reader after the first is served from memory.
	MaxBulkBody = 16 << 20
	// maxBytes and maxEntries bound the whole cache.
	maxBytes   = 64 << 20
	maxEntries = 4096
	// maxClientBytes and maxClientEntries bound what the answers one
	// client alone has asked for may take: a client sweeping through
	// large pages evicts its own entries, not those others use.
	maxClientBytes   = 16 << 20
	maxClientEntries = 512
)

// entry is one kept answer. An entry is owned by the client that made
// it be built until another client is served from it; from then on it is
// shared and counts against no client.
type entry struct {
	key   string
	resp  *cachedResponse
	owner string // "" once shared
	elem  *clist.Element
}

func (e *entry) size() int { return len(e.resp.body) + len(e.key) }

// entries are the answers kept at one data version, in two lists, least
// recently used first: owned ones, evicted first when the cache is
// full, and shared ones, which many clients use.
type entries struct {
	byKey         map[string]*entry
	owned, shared clist.List
	bytes         int
	clientBytes   map[string]int
	clientEntries map[string]int
}

func newEntries() *entries {
	return &entries{byKey: map[string]*entry{}, clientBytes: map[string]int{}, clientEntries: map[string]int{}}
}

// get returns the entry under key, used by client: it moves to the back
// of its list, and to the shared list when client is not its owner. Who
// asks matters only while the entry is its maker's alone, so client is
// asked only then: most hits are on shared entries.
func (es *entries) get(key string, client func() string) *cachedResponse {
	e := es.byKey[key]
	if e == nil {
		return nil
	}
	if e.owner != "" && e.owner != client() {
		es.owned.Remove(e.elem)
		es.disown(e)
		e.elem = es.shared.PushBack(e)
		return e.resp
	}
	if e.owner == "" {
		es.shared.MoveToBack(e.elem)
	} else {
		es.owned.MoveToBack(e.elem)
	}
	return e.resp
}

// put keeps resp under key, built for client, making room first: the
// client's own least recently used entries while it is over its share,
// then anyone's, owned before shared, while the cache is full.
func (es *entries) put(key, client string, resp *cachedResponse) {
	if old := es.byKey[key]; old != nil {
		es.remove(old)
	}
	e := &entry{key: key, resp: resp, owner: client}
	for es.clientBytes[client]+e.size() > maxClientBytes || es.clientEntries[client]+1 > maxClientEntries {
		if !es.evictOwnedBy(client) {
			break
		}
	}
	for es.bytes+e.size() > maxBytes || len(es.byKey)+1 > maxEntries {
		if !es.evictOldest() {
			break
		}
	}
	e.elem = es.owned.PushBack(e)
	es.byKey[key] = e
	es.bytes += e.size()
	es.clientBytes[client] += e.size()
	es.clientEntries[client]++
}

// evictOwnedBy drops client's least recently used entry.
func (es *entries) evictOwnedBy(client string) bool {
	for el := es.owned.Front(); el != nil; el = el.Next() {
		if e := el.Value.(*entry); e.owner == client {
			es.remove(e)
			return true
		}
	}
	return false
}

// evictOldest drops the least recently used entry, owned ones first.
func (es *entries) evictOldest() bool {
	for _, l := range []*clist.List{&es.owned, &es.shared} {
		if el := l.Front(); el != nil {
			es.remove(el.Value.(*entry))
			return true
		}
	}
	return false
}

func (es *entries) remove(e *entry) {
	if e.owner != "" {
		es.owned.Remove(e.elem)
		es.disown(e)
	} else {
		es.shared.Remove(e.elem)
	}
	delete(es.byKey, e.key)
	es.bytes -= e.size()
}

// disown stops counting e against its owner.
func (es *entries) disown(e *entry) {
	if es.clientBytes[e.owner] -= e.size(); es.clientBytes[e.owner] <= 0 {
		delete(es.clientBytes, e.owner)
	}
	if es.clientEntries[e.owner]--; es.clientEntries[e.owner] <= 0 {
		delete(es.clientEntries, e.owner)
	}
	e.owner = ""
}
