package httpx

import (
	"github.com/gin-gonic/gin"

	"unsc/models"
)

// The readers of the requests that the JSON API and the board both
// answer: the board's pages take the same filters as the lists they show.

// VetoFilter reads the veto list's filters; with paged, its cursor and
// limit too.
func VetoFilter(c *gin.Context, paged bool) (models.VetoFilter, bool) {
	names := []string{"member", "from", "to"}
	if paged {
		names = append(names, "cursor", "limit")
	}
	q, okq := NewQuery(c, names...)
	if !okq {
		return models.VetoFilter{}, false
	}
	f := models.VetoFilter{Members: q.Codes("member"), From: q.YearOrDate("from", false), To: q.YearOrDate("to", true)}
	if paged {
		f.Cursor, f.Limit = q.Str("cursor"), q.Limit()
	}
	return f, q.OK()
}

// DraftOn reads a draft id from the path and the day to read it on
// (on=, nil for the default day) from the query.
func DraftOn(c *gin.Context) (int64, *models.Date, bool) {
	id, found := PathID(c, "id", "draft")
	if !found {
		return 0, nil, false
	}
	q, okq := NewQuery(c, "on")
	if !okq {
		return 0, nil, false
	}
	on := q.Date("on")
	return id, on, q.OK()
}
