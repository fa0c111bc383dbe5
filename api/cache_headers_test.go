package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestCacheHeaders checks what each kind of answer tells a cache: public
// reads are public for the default lifetimes with a strong ETag that
// If-None-Match turns into a 304 carrying the same headers; a key's own
// read, writes, problems and the process's figures are never kept.
func TestCacheHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const public = "public, max-age=5, stale-while-revalidate=30"
	for _, path := range []string{"/v1/drafts?status=vetoed", "/v1/members", "/", "/members/FRA"} {
		first := e.get(path).expect(http.StatusOK)
		tag := first.header.Get("ETag")
		if cc := first.header.Get("Cache-Control"); cc != public || !strings.HasPrefix(tag, `"`) || first.header.Get("Vary") != "" {
			t.Fatalf("%s: Cache-Control %q, ETag %q, Vary %q", path, cc, tag, first.header.Get("Vary"))
		}
		// Twice: the response cache's copy answers the second time.
		for range 2 {
			again := e.get(path, "If-None-Match", tag)
			if again.status != http.StatusNotModified || len(again.body) != 0 ||
				again.header.Get("ETag") != tag || again.header.Get("Cache-Control") != public {
				t.Fatalf("%s with If-None-Match: %d %q %q", path, again.status, again.header.Get("ETag"), again.header.Get("Cache-Control"))
			}
		}
		if other := e.get(path, "If-None-Match", `"h0"`); other.status != http.StatusOK || string(other.body) != string(first.body) {
			t.Fatalf("%s with another tag: %d", path, other.status)
		}
	}
	spec := e.get("/openapi.json").expect(http.StatusOK)
	if spec.header.Get("Cache-Control") != "public, max-age=300" || !strings.HasPrefix(spec.header.Get("ETag"), `"h`) {
		t.Fatalf("/openapi.json: %q %q", spec.header.Get("Cache-Control"), spec.header.Get("ETag"))
	}
	for _, c := range []struct {
		name, want string
		r          *response
	}{
		{"a key's own read", "private, no-store", e.write(http.MethodGet, "/v1/webhooks", nil).expect(http.StatusOK)},
		{"a write", "no-store", e.write(http.MethodPost, "/v1/sources", map[string]any{"title": "Cached?", "publisher": "Desk", "published_on": "2012-02-01"}).expect(http.StatusCreated)},
		{"a problem on a public read", "no-store", e.get("/v1/drafts/987654").expect(http.StatusNotFound)},
		{"a key's read without a key", "no-store", e.get("/v1/webhooks").expect(http.StatusUnauthorized)},
		{"the process's figures", "no-store", e.get("/healthz").expect(http.StatusOK)},
	} {
		if got := c.r.header.Get("Cache-Control"); got != c.want {
			t.Errorf("%s: Cache-Control %q, want %q", c.name, got, c.want)
		}
	}
}
