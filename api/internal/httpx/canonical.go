package httpx

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"unsc/models"
)

// Canonical checks a request's query against the parameters its route
// takes, then rewrites the request to its canonical form: the path
// rebuilt from its template with each parameter written one way, the
// query's parameters sorted by name, percent-encoded one way, and the
// values that have several spellings written one way (limit=050 is
// limit=50, member=usa is member=USA, a lone ? is no query). The handler
// then reads the canonical request, and the response cache keys on it
// (its RequestURI), so every spelling of one question shares one entry.
//
// A parameter the route does not take, one given twice, or a query that
// cannot be parsed is refused with 400, on every route: a parameter that
// changes nothing would otherwise make a new cache entry of the same
// answer for each new name.
func Canonical(c *gin.Context, template string, allowed []string) bool {
	u := c.Request.URL
	if u.RawQuery == "" {
		// Nothing to parse, check or sort: the path alone.
		canonicalPath(c, template)
		u.ForceQuery = false
		return true
	}
	vals, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		WriteProblem(c, http.StatusBadRequest, "the query string cannot be read: write it as name=value pairs joined by &, percent-encoded")
		return false
	}
	if !checkNames(c, vals, allowed) {
		return false
	}
	for name, vs := range vals {
		vals[name] = []string{canonicalValue(name, vs[0])}
	}
	canonicalPath(c, template)
	u.RawQuery, u.ForceQuery = vals.Encode(), false
	return true
}

// canonicalPath writes the request's path parameters one way and its path
// from the route's template with them.
func canonicalPath(c *gin.Context, template string) {
	for i, p := range c.Params {
		c.Params[i].Value = canonicalValue(":"+p.Key, p.Value)
	}
	u := c.Request.URL
	u.Path, u.RawPath = fillPath(template, c.Params), ""
}

// checkNames answers 400 for a parameter not allowed or given twice.
func checkNames(c *gin.Context, vals url.Values, allowed []string) bool {
	for name, values := range vals {
		if !contains(allowed, name) {
			takes := strings.Join(allowed, ", ")
			if takes == "" {
				takes = "no query parameters"
			}
			WriteProblem(c, http.StatusBadRequest, fmt.Sprintf("unknown query parameter %q; this path takes: %s", name, takes))
			return false
		}
		// Which of two values counts would be a guess; lists are one
		// value, comma-separated.
		if len(values) > 1 {
			WriteProblem(c, http.StatusBadRequest, fmt.Sprintf("query parameter %q is given %d times; give it once (a list is one value: a,b)", name, len(values)))
			return false
		}
	}
	return true
}

// canonicalValue writes one way a value that has several spellings the
// handlers read alike: numbers without sign or leading zeros, member
// codes in capitals. A value that does not parse is left as it is, for
// the handler to refuse. Path parameters are named with a colon.
func canonicalValue(name, v string) string {
	switch name {
	case "limit", "draft", ":id", ":position_id":
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return strconv.FormatInt(n, 10)
		}
	case "member", "members", "vetoed_by":
		return strings.ToUpper(v)
	case ":code":
		return models.NormalizeCode(v)
	}
	return v
}

// fillPath writes a route's path template with the request's parameters.
// A template without parameters is its own canonical path.
func fillPath(template string, params gin.Params) string {
	if !strings.ContainsAny(template, ":*") {
		return template
	}
	var b strings.Builder
	b.Grow(len(template) + 16)
	for rest := template[1:]; ; {
		seg, more, found := strings.Cut(rest, "/")
		switch {
		case strings.HasPrefix(seg, ":"):
			v, _ := params.Get(seg[1:])
			b.WriteByte('/')
			b.WriteString(v)
		case strings.HasPrefix(seg, "*"):
			v, _ := params.Get(seg[1:]) // a catch-all's value starts with /
			b.WriteString(v)
		default:
			b.WriteByte('/')
			b.WriteString(seg)
		}
		if !found {
			return b.String()
		}
		rest = more
	}
}
