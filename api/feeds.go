package api

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/feeds"

	"unsc/api/internal/httpx"
	"unsc/api/openapi"
	"unsc/models"
)

// feedStore is what the Atom feeds ask of the store.
type feedStore interface {
	Feed(ctx context.Context, f models.FeedFilter) ([]models.FeedEntry, time.Time, error)
}

// atomType is the media type of the feeds (RFC 4287 §7).
const atomType = "application/atom+xml; charset=utf-8"

// feedTagDate is the date in every tag: URI the feeds mint (RFC 4151):
// the year the feeds were first served. It never changes, so neither
// does an entry's id.
const feedTagDate = "2026"

// feedEpoch dates a feed with no entries on a database with no changes
// at all (an Atom feed must have an updated element).
var feedEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// feedRoutes are the Atom feeds: what happened to a draft, to a member,
// or to every draft of a topic or agenda item, newest first.
func (h *Handler) feedRoutes() []route {
	desc := "the newest changes first, at most 50 (older ones: /v1/changes); each entry's id is a tag: URI of its change, which never changes"
	return []route{
		{method: http.MethodGet, path: "/v1/feed.atom", handle: h.feed,
			doc: op{ID: "feed", Media: "application/atom+xml", Summary: "Every change as an Atom feed, or those about drafts of a topic or agenda item: " + desc,
				Params: []param{pTopic,
					{Name: "agenda", In: "query", Desc: "words of an agenda item a draft was taken under or a meeting held, any case, such as Syria; empty for all", Schema: openapi.QueryText()}},
				Status: http.StatusOK, Headers: []string{"ETag"}, ETag: true}},
		{method: http.MethodGet, path: "/v1/drafts/:id/feed.atom", handle: h.draftFeed,
			doc: op{ID: "draftFeed", Media: "application/atom+xml", Summary: "What happened to one draft as an Atom feed (created, changed, positions recorded and retracted, its vote, links): " + desc,
				Params: []param{pDraftID},
				Status: http.StatusOK, Headers: []string{"ETag"}, ETag: true}},
		{method: http.MethodGet, path: "/v1/members/:code/feed.atom", handle: h.memberFeed,
			doc: op{ID: "memberFeed", Media: "application/atom+xml", Summary: "What concerns one member as an Atom feed (its positions, the roll calls giving its vote, its terms): " + desc,
				Params: []param{pCode},
				Status: http.StatusOK, Headers: []string{"ETag"}, ETag: true}},
	}
}

func (h *Handler) feed(c *gin.Context) {
	q, okq := httpx.NewQuery(c, "topic", "agenda")
	if !okq {
		return
	}
	f := models.FeedFilter{Topic: q.Str("topic"), Agenda: q.Str("agenda")}
	if !q.OK() {
		return
	}
	title, id := "UN Security Council tracker", "feed"
	if v := filterQuery(f); v != "" {
		title += ": " + strings.Join(filterWords(f), ", ")
		id += "?" + v
	}
	h.answerFeed(c, f, title, id, "/")
}

func (h *Handler) draftFeed(c *gin.Context) {
	d, found := h.pathDraft(c)
	if !found {
		return
	}
	id := d.ID
	title := draftLabel(models.FeedDraft{ID: d.ID, Symbol: d.Symbol, Title: d.Title})
	if d.Symbol != nil {
		title += ": " + d.Title
	}
	h.answerFeed(c, models.FeedFilter{DraftID: id}, title, "feed/draft/"+idText(id), "/drafts/"+idText(id))
}

func (h *Handler) memberFeed(c *gin.Context) {
	m, found := h.pathMember(c)
	if !found {
		return
	}
	code := m.Code
	h.answerFeed(c, models.FeedFilter{Member: code}, m.Name+" ("+code+") on the Security Council", "feed/member/"+code, "/members/"+code)
}

// answerFeed reads the entries f picks and answers them as Atom, with
// an ETag of its bytes; id names the feed in its tag: URI, page is the
// board's page of it.
func (h *Handler) answerFeed(c *gin.Context, f models.FeedFilter, title, id, page string) {
	entries, latest, err := h.store.Feed(c.Request.Context(), f)
	if err != nil {
		h.fail(c, err)
		return
	}
	base, authority := feedBase(h.public)
	feed := &feeds.AtomFeed{
		Xmlns: "http://www.w3.org/2005/Atom", Id: tagURI(authority, id), Title: title,
		Subtitle: "Changes recorded by the tracker, newest first; the board: " + base + page,
		Link:     &feeds.AtomLink{Href: base + c.Request.URL.RequestURI(), Rel: "self", Type: "application/atom+xml"},
		Author:   &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: "unsc"}},
	}
	updated := latest
	if len(entries) > 0 {
		updated = entries[0].At
	}
	if updated.IsZero() {
		updated = feedEpoch
	}
	feed.Updated = atomTime(updated)
	for _, e := range entries {
		feed.Entries = append(feed.Entries, atomEntry(e, f.Member, base, authority))
	}
	body, err := feeds.ToXML(feed)
	if err != nil {
		h.fail(c, err)
		return
	}
	httpx.Tagged(c, atomType, []byte(body))
}

// atomEntry is one change as an Atom entry: its id a tag: URI of the
// change's id, its author the key that wrote it.
func atomEntry(e models.FeedEntry, member, base, authority string) *feeds.AtomEntry {
	title, summary := entryText(e, member)
	out := &feeds.AtomEntry{
		Id: tagURI(authority, "change/"+idText(e.ID)), Title: title, Updated: atomTime(e.At),
		Links:  []feeds.AtomLink{{Href: base + entryPage(e), Rel: "alternate", Type: "text/html"}},
		Author: &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: e.By}},
	}
	if summary != "" {
		out.Summary = &feeds.AtomSummary{Content: summary, Type: "text"}
	}
	return out
}

// entryPage is the board's page of what an entry is about; a source,
// which the board has no page for, is linked to its API resource.
func entryPage(e models.FeedEntry) string {
	switch {
	case e.Meeting != nil:
		d := string(e.Meeting.Date)
		return "/meetings?" + url.Values{"from": {d}, "to": {d}}.Encode()
	case e.Entity == models.EntitySource:
		return "/v1/sources/" + e.EntityID
	case e.DraftID != nil:
		return "/drafts/" + idText(*e.DraftID)
	case e.Member != nil:
		return "/members/" + *e.Member
	}
	return "/"
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// feedBase is where readers reach the tracker (serve --public-url),
// which the feed's links are built from so that a reader can follow them,
// and its host alone as a tag: URI's authority, so that an entry's id is
// the same however the feed was asked for. A request's Host header is not
// trusted: it would reach every reader through the response cache.
func feedBase(public string) (base, authority string) {
	authority = "localhost"
	if u, err := url.Parse(public); err == nil {
		if h := strings.ToLower(u.Hostname()); dnsName.MatchString(h) && net.ParseIP(h) == nil {
			authority = h
		}
	}
	return public, authority
}

// dnsName is the authority a tag: URI may have (RFC 4151 §2.1).
var dnsName = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$`)

// tagURI mints the tag: URI (RFC 4151) of specific under authority.
func tagURI(authority, specific string) string {
	return "tag:" + authority + "," + feedTagDate + ":" + specific
}

// filterQuery is the feed's filters as a canonical query string, so that
// the same filters name the same feed however they were written.
func filterQuery(f models.FeedFilter) string {
	v := url.Values{}
	if f.Topic != "" {
		v.Set("topic", strings.ToLower(f.Topic))
	}
	if f.Agenda != "" {
		v.Set("agenda", strings.ToLower(f.Agenda))
	}
	return v.Encode()
}

func filterWords(f models.FeedFilter) []string {
	var out []string
	if f.Topic != "" {
		out = append(out, "topic "+f.Topic)
	}
	if f.Agenda != "" {
		out = append(out, "agenda item with “"+f.Agenda+"”")
	}
	return out
}
