package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"unsc/models"
)

const replayCtxKey = "replay"

// maxIdempotencyKey bounds the Idempotency-Key header.
const maxIdempotencyKey = 255

// idempotent lets a client retry a write safely: a request sent again with
// the same Idempotency-Key and body gets the first response, and nothing is
// written twice. The same key with another request is refused.
func (h *Handler) idempotent(c *gin.Context) {
	key := c.GetHeader("Idempotency-Key")
	if key == "" {
		c.Next()
		return
	}
	if len(key) > maxIdempotencyKey || !printable(key) {
		problem(c, http.StatusUnprocessableEntity, "invalid Idempotency-Key",
			models.FieldError{Field: "Idempotency-Key", Message: fmt.Sprintf("must be 1 to %d printable ASCII characters", maxIdempotencyKey)})
		return
	}
	body, ok := readBody(c)
	if !ok {
		return
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(body))
	sum := sha256.New()
	fmt.Fprintf(sum, "%s %s\n", c.Request.Method, c.Request.URL.RequestURI())
	sum.Write(body)
	fp := hex.EncodeToString(sum.Sum(nil))
	if h.replayed(c, key, fp) {
		return
	}
	c.Set(replayCtxKey, &models.Replay{Key: key, Method: c.Request.Method, Path: c.Request.URL.RequestURI(), Fingerprint: fp})
	c.Next()
}

// replayed answers with the response kept for key, if there is one.
func (h *Handler) replayed(c *gin.Context, key, fp string) bool {
	stored, err := h.store.FindReplay(c.Request.Context(), key)
	if err != nil {
		h.fail(c, err)
		return true
	}
	if stored == nil {
		return false
	}
	if stored.Fingerprint != fp {
		problem(c, http.StatusUnprocessableEntity, "this Idempotency-Key was used for another request",
			models.FieldError{Field: "Idempotency-Key", Message: "already used with a different method, path or body; use a new key"})
		return true
	}
	c.Header("Idempotent-Replayed", "true")
	send(c, stored.Response)
	return true
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// renderer makes a write's response from its result.
type renderer func(result any) models.Response

// writeContext is the context a write handler passes to the store: it
// names the key writing and, for an idempotent request, how to render the
// response that the store keeps with the write.
func writeContext(c *gin.Context, render renderer) *gin.Context {
	ctx := models.WithActor(c.Request.Context(), c.GetString(keyNameKey))
	if v, ok := c.Get(replayCtxKey); ok {
		r := v.(*models.Replay)
		r.Render = func(result any) (models.Response, error) { return render(result), nil }
		ctx = models.WithReplay(ctx, r)
	}
	c.Request = c.Request.WithContext(ctx)
	return c
}

// written answers a write: its response, or its error. A concurrent retry
// that committed first is answered with that retry's response.
func (h *Handler) written(c *gin.Context, result any, err error, render renderer) {
	if errors.Is(err, models.ErrReplayRace) {
		v, _ := c.Get(replayCtxKey)
		r := v.(*models.Replay)
		if !h.replayed(c, r.Key, r.Fingerprint) {
			h.fail(c, err)
		}
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	send(c, render(result))
}

// send writes a rendered response.
func send(c *gin.Context, r models.Response) {
	if r.Location != "" {
		c.Header("Location", r.Location)
	}
	if r.ETag != "" {
		c.Header("ETag", r.ETag)
	}
	c.Data(r.Status, "application/json; charset=utf-8", r.Body)
}

// rendered is the JSON response for a write's result.
func rendered(status int, location, etag string, v any) models.Response {
	var b bytes.Buffer
	if err := writeJSON(&b, v); err != nil {
		panic(err) // the domain's types always encode
	}
	return models.Response{Status: status, Location: location, ETag: etag, Body: b.Bytes()}
}

func idPath(prefix string, id int64, suffix string) string {
	return prefix + strconv.FormatInt(id, 10) + suffix
}
