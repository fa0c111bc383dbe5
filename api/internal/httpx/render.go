package httpx

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
)

// WriteJSON encodes v without escaping <, > and & (the output is JSON, not HTML).
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// JSON writes v as JSON.
func JSON(c *gin.Context, status int, v any) {
	c.Render(status, jsonRender{contentType: "application/json; charset=utf-8", v: v})
}

// JSONTagged writes v as JSON with a strong ETag computed from its bytes,
// answering 304 when the client already holds them.
func JSONTagged(c *gin.Context, v any) {
	var b bytes.Buffer
	if err := WriteJSON(&b, v); err != nil {
		panic(err)
	}
	Tagged(c, "application/json; charset=utf-8", b.Bytes())
}

// Tagged writes body as contentType with a strong ETag computed from its
// bytes, answering 304 when the client already holds them.
func Tagged(c *gin.Context, contentType string, body []byte) {
	if NotModified(c, BodyTag(body)) {
		return
	}
	c.Data(http.StatusOK, contentType, body)
}

// BodyTag is the strong entity tag of a body: a hash of its bytes.
func BodyTag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"h` + hex.EncodeToString(sum[:12]) + `"`
}

// jsonRender writes v as JSON under the given media type.
type jsonRender struct {
	contentType string
	v           any
}

func (r jsonRender) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	return WriteJSON(w, r.v)
}

func (r jsonRender) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", r.contentType)
}
