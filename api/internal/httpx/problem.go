package httpx

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/models"
	"unsc/models/sqlstore"
)

// Problem is an RFC 9457 problem details object.
type Problem struct {
	Type      string              `json:"type"`
	Title     string              `json:"title"`
	Status    int                 `json:"status"`
	Detail    string              `json:"detail,omitempty"`
	Instance  string              `json:"instance,omitempty"`
	RequestID string              `json:"request_id,omitempty"`
	Errors    []models.FieldError `json:"errors,omitempty"`
}

// problemTypes names each status's problem type and title.
var problemTypes = map[int][2]string{
	http.StatusBadRequest:            {"urn:unsc:problem:bad-request", "Bad request"},
	http.StatusUnauthorized:          {"urn:unsc:problem:unauthorized", "Unauthorized"},
	http.StatusNotFound:              {"urn:unsc:problem:not-found", "Not found"},
	http.StatusMethodNotAllowed:      {"urn:unsc:problem:method-not-allowed", "Method not allowed"},
	http.StatusConflict:              {"urn:unsc:problem:conflict", "Conflict"},
	http.StatusPreconditionFailed:    {"urn:unsc:problem:precondition-failed", "Precondition failed"},
	http.StatusRequestEntityTooLarge: {"urn:unsc:problem:too-large", "Request body too large"},
	http.StatusUnsupportedMediaType:  {"urn:unsc:problem:unsupported-media-type", "Unsupported media type"},
	http.StatusUnprocessableEntity:   {"urn:unsc:problem:invalid", "Invalid input"},
	http.StatusPreconditionRequired:  {"urn:unsc:problem:precondition-required", "Precondition required"},
	http.StatusTooManyRequests:       {"urn:unsc:problem:too-many-requests", "Too many requests"},
	http.StatusInternalServerError:   {"urn:unsc:problem:internal", "Internal error"},
	http.StatusServiceUnavailable:    {"urn:unsc:problem:unavailable", "Service unavailable"},
	http.StatusInsufficientStorage:   {"urn:unsc:problem:insufficient-storage", "Insufficient storage"},
}

// httpStatusOfKind is the one place a domain error kind becomes an HTTP
// status.
var httpStatusOfKind = map[models.Kind]int{
	models.KindInvalid:         http.StatusUnprocessableEntity,
	models.KindNotFound:        http.StatusNotFound,
	models.KindConflict:        http.StatusConflict,
	models.KindStale:           http.StatusPreconditionFailed,
	models.KindVersionRequired: http.StatusPreconditionRequired,
	models.KindUnauthenticated: http.StatusUnauthorized,
	models.KindNotYet:          http.StatusNotFound,
	// A domain-level unavailability (a store that refuses to write while
	// its disk is full, say) answers like a database fault.
	models.KindUnavailable:         http.StatusServiceUnavailable,
	models.KindInsufficientStorage: http.StatusInsufficientStorage,
}

// problemTypeOfKind gives a kind its own problem type where its status's
// type would hide a difference a client acts on: "no such draft" and
// "no vote on it yet" are both 404.
var problemTypeOfKind = map[models.Kind][2]string{
	models.KindNotYet: {"urn:unsc:problem:not-yet-recorded", "Not recorded yet"},
}

// WriteProblem writes a problem response and stops the request.
func WriteProblem(c *gin.Context, status int, detail string, fields ...models.FieldError) {
	problemOfType(c, problemTypes[status], status, detail, fields...)
}

// problemOfType writes a problem of type t (its URI and title).
func problemOfType(c *gin.Context, t [2]string, status int, detail string, fields ...models.FieldError) {
	p := Problem{Type: t[0], Title: t[1], Status: status, Detail: detail, Instance: c.Request.URL.Path,
		RequestID: RequestID(c), Errors: fields}
	if status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="unsc"`)
	}
	c.Header("Cache-Control", "no-store")
	c.Render(status, jsonRender{contentType: "application/problem+json", v: p})
	c.Abort()
}

// Fail answers err: a domain error by its kind, anything else as a 500
// whose cause goes to log and never to the client.
func Fail(c *gin.Context, log *slog.Logger, err error) {
	var e *models.Error
	if errors.As(err, &e) {
		if status, ok := httpStatusOfKind[e.Kind]; ok {
			if retry, ok := retryOfKind[e.Kind]; ok {
				c.Header("Retry-After", retry)
			}
			t, own := problemTypeOfKind[e.Kind]
			if !own {
				t = problemTypes[status]
			}
			problemOfType(c, t, status, e.Message, e.Fields...)
			return
		}
	}
	if faultAnswered(c, log, err) {
		return
	}
	log.ErrorContext(c.Request.Context(), "request failed", slog.String("request_id", RequestID(c)),
		slog.String("path", c.Request.URL.Path), slog.Any("error", err))
	WriteProblem(c, http.StatusInternalServerError, "internal error")
}

// Retry-After values: a busy database frees up within a second; one that
// is down or past its deadline takes longer; a full disk needs someone to
// free space.
const (
	retryBusy        = "1"
	retryUnavailable = "5"
	retryFull        = "60"
)

// retryOfKind is when a client told of a domain-level fault may retry.
var retryOfKind = map[models.Kind]string{
	models.KindUnavailable:         retryUnavailable,
	models.KindInsufficientStorage: retryFull,
}

// faultAnswered answers err when it is a fault of the database (see
// sqlstore.Fault): 503 with Retry-After, or 507 for a full disk. The
// cause goes to the log, never to the client.
func faultAnswered(c *gin.Context, log *slog.Logger, err error) bool {
	status, retry, detail := http.StatusServiceUnavailable, retryUnavailable, "the database cannot answer now; retry later"
	switch {
	case sqlstore.Busy(err):
		retry, detail = retryBusy, "the database is busy; retry shortly"
	case sqlstore.Fault(err) == models.KindInsufficientStorage:
		status, retry, detail = http.StatusInsufficientStorage, retryFull, "the database's disk is full; nothing was written"
	case sqlstore.Fault(err) == models.KindUnavailable:
	case c.Request.Context().Err() != nil:
		// The request's deadline passed (or its client left) under a
		// call that says so in other words: database/sql answers a
		// statement of a transaction it rolled back at the deadline
		// with sql.ErrTxDone, not the context's error.
	default:
		return false
	}
	log.WarnContext(c.Request.Context(), "database fault", slog.String("request_id", RequestID(c)),
		slog.String("path", c.Request.URL.Path), slog.Int("status", status), slog.Any("error", err))
	c.Header("Retry-After", retry)
	WriteProblem(c, status, detail)
	return true
}
