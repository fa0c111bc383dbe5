// Package api serves the tracker over HTTP: routing, request and response
// shapes, authentication and errors. Domain rules live in models.
package api

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"unsc/models"
	"unsc/models/sqlstore"
)

// Handler answers HTTP requests from the store.
type Handler struct {
	store    *sqlstore.Store
	log      *slog.Logger
	throttle *authThrottle
	cache    *responseCache
	ids      *requestIDs
	metrics  *metrics
	streams  *streamSlots
	shutdown <-chan struct{}   // closed when the server stops: streams end
	kinds    map[string]string // write route -> the kind of write it makes
}

const (
	requestIDKey = "request_id"
	keyNameKey   = "key_name"
)

// New returns the tracker's HTTP handler; opts change its limits.
func New(store *sqlstore.Store, log *slog.Logger, opts ...Option) http.Handler {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	h := &Handler{store: store, log: log, throttle: newAuthThrottle(time.Now, o.authFailures, o.authWindow, o.authTracked),
		cache: newResponseCache(), ids: newRequestIDs(), metrics: newMetrics(store),
		streams: newStreamSlots(o.streamsPerClient, o.streamsTotal, o.streamIdle), shutdown: o.shutdown, kinds: map[string]string{}}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	// No proxy is trusted: the client address is the connection's.
	_ = r.SetTrustedProxies(nil)
	r.Use(h.requestID, securityHeaders, h.logRequests, h.recover)
	r.NoRoute(func(c *gin.Context) { problem(c, http.StatusNotFound, "no such resource: "+c.Request.URL.Path) })
	r.NoMethod(func(c *gin.Context) {
		problem(c, http.StatusMethodNotAllowed, c.Request.Method+" is not allowed here; see the Allow header")
	})
	spec := h.openAPI()
	for _, rt := range h.routes() {
		handlers := []gin.HandlerFunc{}
		if rt.write {
			handlers = append(handlers, h.authenticate)
			h.kinds[rt.method+" "+rt.path] = rt.id
		}
		if rt.idempotent() {
			handlers = append(handlers, h.idempotent)
		}
		// Every read that depends on the database alone is kept, the
		// board's pages as much as the API's answers (a member's page reads
		// the record as its votes, vetoes and alignment do); streams are
		// not, nor the process's own figures (/metrics, /healthz, /readyz).
		if rt.method == http.MethodGet && !rt.live && (strings.HasPrefix(rt.path, "/v1/") || rt.media == "text/html") {
			handlers = append(handlers, h.cached)
		}
		r.Handle(rt.method, rt.path, append(handlers, rt.handle)...)
		if rt.method == http.MethodGet {
			// HEAD answers what GET would, without the body (net/http drops
			// it); a stream's HEAD answers its headers and ends.
			head := append(handlers, rt.handle)
			if rt.live {
				head = []gin.HandlerFunc{func(c *gin.Context) { c.Header("Content-Type", rt.media); c.Status(http.StatusOK) }}
			}
			r.Handle(http.MethodHead, rt.path, head...)
		}
	}
	for path, serve := range map[string]gin.HandlerFunc{
		"/openapi.json":     func(c *gin.Context) { c.Data(http.StatusOK, "application/json", spec) },
		"/assets/board.css": h.boardCSS,
	} {
		r.GET(path, serve)
		r.HEAD(path, serve)
	}
	return r
}

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// requestIDs numbers requests after a random prefix drawn at start, so
// that ids are unique across restarts without a random draw per request.
type requestIDs struct {
	prefix string
	n      atomic.Uint64
}

func newRequestIDs() *requestIDs {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return &requestIDs{prefix: hex.EncodeToString(b) + "-"}
}

func (r *requestIDs) next() string {
	return r.prefix + strconv.FormatUint(r.n.Add(1), 36)
}

// requestID tags each request with an id, the client's if it sent a sane
// one, and echoes it so that a report can be matched to the log.
func (h *Handler) requestID(c *gin.Context) {
	id := c.GetHeader("X-Request-Id")
	if id == "" || !requestIDPattern.MatchString(id) {
		id = h.ids.next()
	}
	c.Set(requestIDKey, id)
	c.Header("X-Request-Id", id)
	c.Next()
}

func (h *Handler) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	took := time.Since(start)
	h.metrics.observe(c, h.kinds[c.Request.Method+" "+c.FullPath()], took)
	h.log.LogAttrs(c.Request.Context(), slog.LevelInfo, "request",
		slog.String("request_id", c.GetString(requestIDKey)),
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.Path),
		slog.String("route", c.FullPath()),
		slog.Int("status", c.Writer.Status()),
		slog.Int("bytes", c.Writer.Size()),
		slog.Duration("duration", took),
		slog.String("key", c.GetString(keyNameKey)),
	)
}

// recover turns a panic into a 500 that says only "internal error".
func (h *Handler) recover(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			h.fail(c, fmt.Errorf("panic: %v", v))
		}
	}()
	c.Next()
}

// authenticate lets a request through only with a valid bearer token.
// The token is checked before the throttle, so a valid one always passes.
func (h *Handler) authenticate(c *gin.Context) {
	scheme, token, ok := strings.Cut(c.GetHeader("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		h.refuseAuth(c, "", &models.Error{Kind: models.KindUnauthenticated,
			Message: "writes need Authorization: Bearer <token>; create a key with `unsc keys create --name NAME`"})
		return
	}
	name, err := h.store.Authenticate(c.Request.Context(), token)
	if err != nil {
		h.refuseAuth(c, token, err)
		return
	}
	c.Set(keyNameKey, name)
	c.Next()
}

// pathID reads a positive integer id from the path; anything else names
// no resource.
func pathID(c *gin.Context, name, what string) (int64, bool) {
	v := c.Param(name)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		problem(c, http.StatusNotFound, fmt.Sprintf("no %s %s", what, v))
		return 0, false
	}
	return id, true
}

// pathCode reads a member code from the path, upper-cased.
func pathCode(c *gin.Context) (string, bool) {
	code := models.NormalizeCode(c.Param("code"))
	if !models.ValidCode(code) {
		problem(c, http.StatusNotFound, "no member "+c.Param("code"))
		return "", false
	}
	return code, true
}

// etag is the strong entity tag of version v of a resource.
func etag(kind string, id, v int64) string { return fmt.Sprintf(`"%s%d.%d"`, kind, id, v) }

// ifMatch reads the version an If-Match header names for a resource: 0
// when the header is absent, -1 when it names another version or resource
// (so the store refuses it as stale).
func ifMatch(c *gin.Context, kind string, id, current int64) int64 {
	h := strings.TrimSpace(c.GetHeader("If-Match"))
	if h == "" {
		return 0
	}
	for _, tag := range strings.Split(h, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" && current > 0 {
			return current
		}
		prefix := fmt.Sprintf(`"%s%d.`, kind, id)
		if strings.HasPrefix(tag, prefix) && strings.HasSuffix(tag, `"`) {
			if v, err := strconv.ParseInt(tag[len(prefix):len(tag)-1], 10, 64); err == nil && v > 0 {
				return v
			}
		}
	}
	return -1
}

// notModified answers 304 when If-None-Match names the current tag.
func notModified(c *gin.Context, tag string) bool {
	c.Header("ETag", tag)
	for _, t := range strings.Split(c.GetHeader("If-None-Match"), ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == tag || t == "*" {
			c.Status(http.StatusNotModified)
			c.Writer.WriteHeaderNow()
			return true
		}
	}
	return false
}

// okTagged writes v as JSON with a strong ETag computed from its bytes,
// answering 304 when the client already holds them.
func okTagged(c *gin.Context, v any) {
	var b bytes.Buffer
	if err := writeJSON(&b, v); err != nil {
		panic(err)
	}
	sum := sha256.Sum256(b.Bytes())
	if notModified(c, `"h`+hex.EncodeToString(sum[:12])+`"`) {
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", b.Bytes())
}

// reply answers a read: its error as a problem, else v as JSON.
func (h *Handler) reply(c *gin.Context, v any, err error) {
	if err != nil {
		h.fail(c, err)
		return
	}
	ok(c, http.StatusOK, v)
}

// replyTagged answers a read like reply, with an ETag of its bytes.
func (h *Handler) replyTagged(c *gin.Context, v any, err error) {
	if err != nil {
		h.fail(c, err)
		return
	}
	okTagged(c, v)
}

// list is the shape of every list answer.
type list[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

func listOf[T any](p models.Page[T]) list[T] {
	l := list[T]{Items: p.Items}
	if p.Next != "" {
		l.NextCursor = &p.Next
	}
	return l
}

// ok writes v as JSON.
func ok(c *gin.Context, status int, v any) {
	c.Render(status, jsonRender{contentType: "application/json; charset=utf-8", v: v})
}

// jsonRender writes v as JSON under the given media type.
type jsonRender struct {
	contentType string
	v           any
}

func (r jsonRender) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	return writeJSON(w, r.v)
}

func (r jsonRender) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", r.contentType)
}
