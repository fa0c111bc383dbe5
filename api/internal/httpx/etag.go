package httpx

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

// ETag is the strong entity tag of version v of a resource.
func ETag(kind string, id, v int64) string { return fmt.Sprintf(`"%s%d.%d"`, kind, id, v) }

// IfMatch reads the version an If-Match header names for a resource: 0
// when the header is absent, -1 when it names another version or resource
// (so the store refuses it as stale).
func IfMatch(c *gin.Context, kind string, id, current int64) int64 {
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

// NotModified answers 304 when If-None-Match names the current tag.
func NotModified(c *gin.Context, tag string) bool {
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
