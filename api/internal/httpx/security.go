package httpx

import (
	"strings"

	"github.com/gin-gonic/gin"
)

// contentSecurityPolicy lets a page load only the board's own stylesheet
// and images: no script at all, no inline style, no plugin, and no page of
// another site may frame it (which stops clickjacking). The board's forms
// submit with GET to the board itself. The API's JSON answers carry the
// same policy, where it forbids everything a browser might try with them.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; " +
	"frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// SecurityHeaders sets the headers every answer carries: nosniff so a
// browser never runs a JSON or CSV body as something else, the policy
// above, and no Referer to the sites a source's link leads to.
// The values are built once and shared by every answer (nothing changes a
// header's value slice once set), which keeps the hot reads from
// allocating for them.
func SecurityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h["X-Content-Type-Options"] = nosniff
	h["Content-Security-Policy"] = policy
	h["Referrer-Policy"] = noReferrer
	c.Next()
}

var (
	nosniff    = []string{"nosniff"}
	policy     = []string{contentSecurityPolicy}
	noReferrer = []string{"no-referrer"}
)

// EmbedPolicy is the policy of a page made to be framed by other sites:
// the same as every answer's, except that frame-ancestors lists sources,
// such as * or https://news.example.org (checked by the caller).
func EmbedPolicy(sources string) gin.HandlerFunc {
	v := []string{strings.Replace(contentSecurityPolicy, "frame-ancestors 'none'", "frame-ancestors "+sources, 1)}
	return func(c *gin.Context) {
		c.Writer.Header()["Content-Security-Policy"] = v
		c.Next()
	}
}
