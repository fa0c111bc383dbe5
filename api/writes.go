package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
	"unsc/models/sqlstore"
)

// edit is what a write hands the store beside its input: who writes,
// and, under an Idempotency-Key, how its answer is kept for a retry.
// Handlers build none themselves: write (below) makes it.
type edit[T any] = sqlstore.Edit[T]

// replayStore is what answering a retried write asks of the store.
type replayStore interface {
	FindReplay(ctx context.Context, holder, key string) (*sqlstore.KeptAnswer, error)
}

// answer is a write's reply as first sent. Under an Idempotency-Key it is
// kept, encoded as JSON, in the write's own transaction, and sent again
// to every retry.
type answer struct {
	Status   int    `json:"status"`
	Location string `json:"location,omitempty"`
	ETag     string `json:"etag,omitempty"`
	Body     string `json:"body"`
}

// jsonAnswer is the answer of status carrying v as JSON.
func jsonAnswer(status int, location, etag string, v any) answer {
	var b bytes.Buffer
	if err := httpx.WriteJSON(&b, v); err != nil {
		panic(err) // the domain's types always encode
	}
	return answer{Status: status, Location: location, ETag: etag, Body: b.String()}
}

// send writes an answer.
func send(c *gin.Context, a answer) {
	if a.Location != "" {
		c.Header("Location", a.Location)
	}
	if a.ETag != "" {
		c.Header("ETag", a.ETag)
	}
	c.Data(a.Status, "application/json; charset=utf-8", []byte(a.Body))
}

// retry is what an Idempotency-Key asks of a write: the key and the
// fingerprint of the request it names.
type retry struct{ key, fingerprint string }

const retryCtxKey = "retry"

// maxIdempotencyKey bounds the Idempotency-Key header.
const maxIdempotencyKey = 255

// idempotent lets a client retry a write safely: a request sent again with
// the same Idempotency-Key and body gets the first answer, and nothing is
// written twice; the same key with another request is refused. Keys belong
// to the API key that sent them, so this runs after authenticate.
func (h *Handler) idempotent(c *gin.Context) {
	key := c.GetHeader("Idempotency-Key")
	if key == "" {
		c.Next()
		return
	}
	if len(key) > maxIdempotencyKey || !printable(key) {
		httpx.WriteProblem(c, http.StatusUnprocessableEntity, "invalid Idempotency-Key",
			models.FieldError{Field: "Idempotency-Key", Message: fmt.Sprintf("must be 1 to %d printable ASCII characters", maxIdempotencyKey)})
		return
	}
	body, ok := httpx.ReadBody(c)
	if !ok {
		return
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(body))
	sum := sha256.New()
	fmt.Fprintf(sum, "%s %s\n", c.Request.Method, c.Request.URL.RequestURI())
	sum.Write(body)
	r := retry{key: key, fingerprint: hex.EncodeToString(sum.Sum(nil))}
	if h.replayed(c, r) {
		return
	}
	c.Set(retryCtxKey, r)
	c.Next()
}

// replayed answers with the answer kept for the key, if there is one.
func (h *Handler) replayed(c *gin.Context, r retry) bool {
	kept, err := h.store.FindReplay(c.Request.Context(), httpx.KeyName(c), r.key)
	if err != nil {
		h.fail(c, err)
		return true
	}
	if kept == nil {
		return false
	}
	if kept.Fingerprint != r.fingerprint {
		httpx.WriteProblem(c, http.StatusUnprocessableEntity, "this Idempotency-Key was used for another request",
			models.FieldError{Field: "Idempotency-Key", Message: "already used with a different method, path or body; use a new key"})
		return true
	}
	var a answer
	if err := json.Unmarshal(kept.Answer, &a); err != nil {
		h.fail(c, fmt.Errorf("kept answer: %w", err))
		return true
	}
	c.Header("Idempotent-Replayed", "true")
	send(c, a)
	c.Abort()
	return true
}

// retryOf returns the retry idempotent noted for this request, if any.
func retryOf(c *gin.Context) (retry, bool) {
	v, ok := c.Get(retryCtxKey)
	r, isRetry := v.(retry)
	return r, ok && isRetry
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// write runs one store write for the request and answers it: an error as
// a problem, a result with the answer render makes of it, rendered once.
// Under an Idempotency-Key the answer is kept with the write, and a
// concurrent retry that committed first is answered with its answer.
func write[T any](h *Handler, c *gin.Context, render func(T) answer, do func(context.Context, edit[T]) (T, error)) {
	var rendered *answer
	once := func(v T) answer {
		if rendered == nil {
			a := render(v)
			rendered = &a
		}
		return *rendered
	}
	e := edit[T]{By: httpx.KeyName(c)}
	r, retrySafe := retryOf(c)
	if retrySafe {
		e.Replay = &sqlstore.Replay[T]{Key: r.key, Fingerprint: r.fingerprint,
			Encode: func(v T) ([]byte, error) { return json.Marshal(once(v)) }}
	}
	v, err := do(c.Request.Context(), e)
	switch {
	case err != nil && retrySafe:
		// An earlier attempt with this key may have committed while this
		// one was on its way (its client gave up, or the two raced): the
		// refusal, a clash with that very write, is answered with its
		// answer instead.
		if !h.replayed(c, r) {
			h.fail(c, err)
		}
	case err != nil:
		h.fail(c, err)
	default:
		send(c, once(v))
	}
}

// writeByID is write for a request with no body, on the resource whose
// id is the path's id (what names it in the problem when it is not one).
func writeByID[T any](h *Handler, c *gin.Context, what string, render func(T) answer, do func(context.Context, edit[T], int64) (T, error)) {
	id, found := httpx.PathID(c, "id", what)
	if !found {
		return
	}
	write(h, c, render, func(ctx context.Context, e edit[T]) (T, error) { return do(ctx, e, id) })
}

// pathIDAndBody reads the id the path names under name (what names it in
// the problem when it is not one), then the request's JSON body as a B;
// false when it has answered a problem instead.
func pathIDAndBody[B any](c *gin.Context, name, what string) (int64, B, bool) {
	var body B
	id, found := httpx.PathID(c, name, what)
	if !found || !httpx.Bind(c, &body) {
		return 0, body, false
	}
	return id, body, true
}

// bodyInput reads the request's JSON body as a B and makes the store's
// input of it with convert, which notes in its Problems what it finds
// wrong; false when it has answered a problem instead: the body's, or
// every one convert noted.
func bodyInput[B, I any](h *Handler, c *gin.Context, convert func(B, *models.Problems) I) (I, bool) {
	var req B
	if !httpx.Bind(c, &req) {
		var none I
		return none, false
	}
	var p models.Problems
	in := convert(req, &p)
	if err := p.Err(); err != nil {
		h.fail(c, err)
		return in, false
	}
	return in, true
}

// writeInput is write for a request whose JSON body, made an input by
// convert (as bodyInput does), is all the store needs.
func writeInput[B, I, T any](h *Handler, c *gin.Context, convert func(B, *models.Problems) I, render func(T) answer, do func(context.Context, edit[T], I) (T, error)) {
	in, ok := bodyInput(h, c, convert)
	if !ok {
		return
	}
	write(h, c, render, func(ctx context.Context, e edit[T]) (T, error) { return do(ctx, e, in) })
}

func idPath(prefix string, id int64, suffix string) string {
	return prefix + strconv.FormatInt(id, 10) + suffix
}
