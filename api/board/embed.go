package board

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
)

// Embed is a draft for another site's iframe: its title, the banner of
// its vote or projection and the horseshoe, with a link to its page; no
// site header, no table, no script. It reads the Council as the draft's
// page does without on=: its vote's day, else today.
func (b *Board) Embed(c *gin.Context) {
	id, found := httpx.PathID(c, "id", "draft")
	if !found {
		return
	}
	if _, ok := httpx.NewQuery(c); !ok {
		return
	}
	v, err := b.loadDraft(c.Request.Context(), id, nil)
	if err != nil {
		b.fail(c, err)
		return
	}
	b.render(c, embedPage, v)
}

func strconvID(id int64) string { return strconv.FormatInt(id, 10) }
