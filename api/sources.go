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
	readByID(h, c, "source", h.store.GetSource)
}

// source is the source the request describes, noting in p what is wrong
// in it.
func (r sourceRequest) source(p *models.Problems) models.Source {
	return models.Source{Title: r.Title, Publisher: r.Publisher, Author: r.Author,
		PublishedOn: httpx.ParseDate(p, "published_on", r.PublishedOn), URL: r.URL}
}

func (h *Handler) createSource(c *gin.Context) {
	writeInput(h, c, sourceRequest.source, sourceCreated, h.store.CreateSource)
}

func sourceCreated(s models.Source) answer {
	return jsonAnswer(http.StatusCreated, idPath("/v1/sources/", s.ID, ""), "", s)
}
