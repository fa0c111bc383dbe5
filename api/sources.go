package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
)

// sourceStore is what the sources' handlers ask of the store.
type sourceStore interface {
	ListSources(ctx context.Context, cursor string, limit int) (models.Page[models.Source], error)
	GetSource(ctx context.Context, id int64) (models.Source, error)
	CreateSource(ctx context.Context, e edit[models.Source], src models.Source) (models.Source, error)
}

type sourceRequest struct {
	Title       string  `json:"title" required:"true" desc:"the source's title or headline"`
	Publisher   string  `json:"publisher" required:"true" desc:"who published it"`
	Author      string  `json:"author" desc:"who wrote it"`
	PublishedOn string  `json:"published_on" required:"true" format:"date" desc:"the day it was published: not in the future, not before 1945-06-26"`
	URL         *string `json:"url" desc:"where to read it: an absolute http or https URL; null or absent when not online"`
}

func (h *Handler) listSources(c *gin.Context) {
	cursor, limit, okq := httpx.PageQuery(c)
	if !okq {
		return
	}
	page, err := h.store.ListSources(c.Request.Context(), cursor, limit)
	h.reply(c, listOf(page), err)
}

func (h *Handler) getSource(c *gin.Context) {
	id, found := httpx.PathID(c, "id", "source")
	if !found {
		return
	}
	s, err := h.store.GetSource(c.Request.Context(), id)
	h.reply(c, s, err)
}

func (h *Handler) createSource(c *gin.Context) {
	var req sourceRequest
	if !httpx.Bind(c, &req) {
		return
	}
	var p models.Problems
	src := models.Source{Title: req.Title, Publisher: req.Publisher, Author: req.Author,
		PublishedOn: httpx.ParseDate(&p, "published_on", req.PublishedOn), URL: req.URL}
	if err := p.Err(); err != nil {
		h.fail(c, err)
		return
	}
	write(h, c, sourceCreated, func(ctx context.Context, e edit[models.Source]) (models.Source, error) {
		return h.store.CreateSource(ctx, e, src)
	})
}

func sourceCreated(s models.Source) answer {
	return jsonAnswer(http.StatusCreated, idPath("/v1/sources/", s.ID, ""), "", s)
}
