package api

import (
	"context"
	"encoding/csv"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models/undl"
)

// streamCSV answers rows as CSV, a page at a time from next (called with
// the cursor of the page before, "" first), text cells neutralised
// against formulas. An error before the first row is answered as a
// problem; after it, the answer can only be cut short.
func streamCSV(h *Handler, c *gin.Context, header []string, next func(ctx context.Context, cursor string) ([][]string, string, error)) {
	ctx := c.Request.Context()
	rows, cursor, err := next(ctx, "")
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Status(http.StatusOK)
	w := csv.NewWriter(c.Writer)
	if w.Write(header) != nil {
		return
	}
	for {
		for _, row := range rows {
			for i, cell := range row {
				row[i] = undl.Neutralise(cell)
			}
			if w.Write(row) != nil {
				return // the client went away
			}
		}
		if w.Flush(); w.Error() != nil || cursor == "" {
			return
		}
		if rows, cursor, err = next(ctx, cursor); err != nil {
			h.log.ErrorContext(ctx, "streaming CSV", "request_id", httpx.RequestID(c), "error", err)
			panic(http.ErrAbortHandler) // the client must not take a cut file for the whole
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func idText(id int64) string { return strconv.FormatInt(id, 10) }
