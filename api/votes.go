package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
	"unsc/models/sqlstore"
)

type voteRequest struct {
	VotedOn string                 `json:"voted_on" required:"true" format:"date" desc:"the day of the vote: not before the draft was introduced, not in the future"`
	Meeting string                 `json:"meeting" desc:"the meeting record, such as S/PV.6711"`
	Votes   map[string]models.Cast `json:"votes" required:"true" desc:"each member sitting on voted_on, by code in any case, exactly once, and no one else"`
	// How the decision was taken, as the record has it.
	Procedure          models.Procedure `json:"procedure" desc:"meeting (the default), or written: a decision by written procedure, whose meeting is then the letter's symbol, such as S/2020/253"`
	AdoptedWithoutVote bool             `json:"adopted_without_vote" desc:"true for a decision adopted without a vote: every vote is then yes, as the UN Digital Library records it; default false"`
}

func (h *Handler) getVote(c *gin.Context) {
	id, found := httpx.PathID(c, "id", "draft")
	if !found {
		return
	}
	v, err := h.store.GetVote(c.Request.Context(), id)
	if err != nil {
		h.fail(c, err)
		return
	}
	if httpx.NotModified(c, httpx.ETag("v", id, v.Version)) {
		return
	}
	httpx.JSON(c, http.StatusOK, v)
}

func (h *Handler) recordVote(c *gin.Context) {
	id, found := httpx.PathID(c, "id", "draft")
	if !found {
		return
	}
	var req voteRequest
	if !httpx.Bind(c, &req) {
		return
	}
	var p models.Problems
	in := models.VoteInput{VotedOn: httpx.ParseDate(&p, "voted_on", req.VotedOn), Meeting: req.Meeting, Votes: map[string]models.Cast{},
		Procedure: req.Procedure, AdoptedWithoutVote: req.AdoptedWithoutVote}
	for code, v := range req.Votes {
		norm := models.NormalizeCode(code)
		if _, dup := in.Votes[norm]; dup {
			p.Add("votes."+norm, "appears twice")
		}
		in.Votes[norm] = v
	}
	if err := p.Err(); err != nil {
		h.fail(c, err)
		return
	}
	var current int64
	if c.GetHeader("If-Match") != "" {
		if v, err := h.store.GetVote(c.Request.Context(), id); err == nil {
			current = v.Version
		}
	}
	version := httpx.IfMatch(c, "v", id, current)
	write(h, c, voteRecorded, func(ctx context.Context, e sqlstore.Edit[sqlstore.VoteResult]) (sqlstore.VoteResult, error) {
		return h.store.RecordVote(ctx, e, id, in, version)
	})
}

// voteRecorded answers a first vote with 201 and a correction with 200.
func voteRecorded(v sqlstore.VoteResult) answer {
	if v.Created {
		return jsonAnswer(http.StatusCreated, idPath("/v1/drafts/", v.DraftID, "/vote"), httpx.ETag("v", v.DraftID, v.Version), v.Vote)
	}
	return jsonAnswer(http.StatusOK, "", httpx.ETag("v", v.DraftID, v.Version), v.Vote)
}
