package httpx

import (
	"crypto/rand"
	"encoding/hex"
	"regexp"
	"strconv"
	"sync/atomic"

	"github.com/gin-gonic/gin"
)

// keyNameKey is the key under which a request carries the name of the
// API key that authenticated it, for its log line.
const keyNameKey = "key_name"

// requestIDHeader is where a request's id is kept: in its answer's
// header, which carries it anyway (a value in the context would cost
// every request a map of its own).
const requestIDHeader = "X-Request-Id"

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// RequestIDs numbers requests after a random prefix drawn at start, so
// that ids are unique across restarts without a random draw per request.
type RequestIDs struct {
	prefix string
	n      atomic.Uint64
}

// NewRequestIDs draws the prefix.
func NewRequestIDs() *RequestIDs {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return &RequestIDs{prefix: hex.EncodeToString(b) + "-"}
}

func (r *RequestIDs) next() string {
	return r.prefix + strconv.FormatUint(r.n.Add(1), 36)
}

// Tag tags each request with an id, the client's if it sent a sane one,
// and echoes it so that a report can be matched to the log.
func (r *RequestIDs) Tag(c *gin.Context) {
	id := c.GetHeader("X-Request-Id")
	if id == "" || !requestIDPattern.MatchString(id) {
		id = r.next()
	}
	c.Writer.Header()[requestIDHeader] = []string{id}
	c.Next()
}

// RequestID is the id Tag gave the request.
func RequestID(c *gin.Context) string {
	if v := c.Writer.Header()[requestIDHeader]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// SetKeyName notes the name of the API key that authenticated the request.
func SetKeyName(c *gin.Context, name string) { c.Set(keyNameKey, name) }

// KeyName is the name of the API key that authenticated the request, ""
// when none did.
func KeyName(c *gin.Context) string { return c.GetString(keyNameKey) }
