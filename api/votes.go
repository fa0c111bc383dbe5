package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
	"unsc/models/sqlstore"
)

// voteStore is what the votes' handlers and their CSV ask of the store.
type voteStore interface {
	GetVote(ctx context.Context, draftID int64) (models.Vote, error)
	RecordVote(ctx context.Context, e edit[sqlstore.VoteResult], draftID int64, in models.VoteInput, version int64) (sqlstore.VoteResult, error)
	VotedDrafts(ctx context.Context, draftID int64, cursor string, limit int) (models.Page[models.Draft], []models.Member, error)
}

type voteRequest struct {
	VotedOn string                 `json:"voted_on" required:"true" format:"date" desc:"the day of the vote: not before the draft was introduced, not in the future"`
	Meeting string                 `json:"meeting" desc:"the meeting record, such as S/PV.6711"`
	Votes   map[string]models.Cast `json:"votes" required:"true" desc:"the members' votes, by code in any case, each once: without tally or outcome, every member sitting on voted_on and no one else; with them, the members whose vote is known, sitting that day ({} for none)"`
	// How the decision was taken, as the record has it.
	Procedure          models.Procedure `json:"procedure" desc:"meeting (the default), or written: a decision by written procedure, whose meeting is then the letter's symbol, such as S/2020/253"`
	AdoptedWithoutVote bool             `json:"adopted_without_vote" desc:"true for a decision adopted without a vote: every vote is then yes, as the UN Digital Library records it; default false"`
	// The record's form: a vote known by its tally, or by its outcome.
	Tally   *tallyRequest  `json:"tally" desc:"the tally as the record gives it, where not every member's vote is known: votes then names only the members known, and each member the tally leaves one possibility gets it; the counts add up to the Council's seats on voted_on"`
	Outcome models.Outcome `json:"outcome" desc:"the outcome the record states: with a tally, it must be the one UN Charter Art. 27 gives for it (with the permanent members named no in votes as the vetoes); without one, it stands for a tally the record does not give, a veto naming a permanent member's no in votes"`
	Source  string         `json:"source" desc:"where the vote comes from, such as a press release's URL or a table of the UN Digital Library; default empty"`
}

// tallyRequest is a tally as a client sends it: every count, none
// negative.
type tallyRequest struct {
	Yes       int `json:"yes" required:"true" desc:"affirmative votes"`
	No        int `json:"no" required:"true" desc:"negative votes"`
	Abstain   int `json:"abstain" required:"true" desc:"abstentions"`
	NonVoting int `json:"non_voting" required:"true" desc:"members absent or present and not voting"`
	// missing names the counts left out or sent as null: a count
	// defaulting to 0 could make a wrong tally add up.
	missing []string
}

// UnmarshalJSON reads a tally, noting the counts it leaves out.
func (t *tallyRequest) UnmarshalJSON(b []byte) error {
	var in struct {
		Yes       *int `json:"yes"`
		No        *int `json:"no"`
		Abstain   *int `json:"abstain"`
		NonVoting *int `json:"non_voting"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		// encoding/json names a field by its path only for errors of its
		// own: say where in the body this one is.
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			typeErr.Field = strings.TrimSuffix("tally."+typeErr.Field, ".")
		}
		return err
	}
	*t = tallyRequest{}
	for _, f := range []struct {
		name string
		v    *int
		to   *int
	}{{"yes", in.Yes, &t.Yes}, {"no", in.No, &t.No}, {"abstain", in.Abstain, &t.Abstain}, {"non_voting", in.NonVoting, &t.NonVoting}} {
		if f.v == nil {
			t.missing = append(t.missing, f.name)
			continue
		}
		*f.to = *f.v
	}
	return nil
}

// counts is the tally sent, nil for none; a count left out is a problem.
func (t *tallyRequest) counts(p *models.Problems) *models.Counts {
	if t == nil {
		return nil
	}
	for _, name := range t.missing {
		p.Add("tally."+name, "is required")
	}
	return &models.Counts{Yes: t.Yes, No: t.No, Abstain: t.Abstain, NonVoting: t.NonVoting}
}

// input is the vote the request records, noting in p what is wrong in
// it.
func (r voteRequest) input(p *models.Problems) models.VoteInput {
	in := models.VoteInput{VotedOn: httpx.ParseDate(p, "voted_on", r.VotedOn), Meeting: r.Meeting, Votes: map[string]models.Cast{},
		Procedure: r.Procedure, AdoptedWithoutVote: r.AdoptedWithoutVote,
		Counts: r.Tally.counts(p), Outcome: r.Outcome, Source: r.Source}
	if r.Votes == nil {
		p.Add("votes", "is required: every member sitting, or with a tally or an outcome those whose vote is known ({} for none)")
	}
	for code, v := range r.Votes {
		norm := models.NormalizeCode(code)
		if _, dup := in.Votes[norm]; dup {
			p.Add("votes."+norm, "appears twice")
		}
		in.Votes[norm] = v
	}
	return in
}

func (h *Handler) getVote(c *gin.Context) {
	id, v, found := pathResource(h, c, "draft", h.store.GetVote)
	if !found {
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
	in, ok := bodyInput(h, c, voteRequest.input)
	if !ok {
		return
	}
	var current int64
	if c.GetHeader("If-Match") != "" {
		if v, err := h.store.GetVote(c.Request.Context(), id); err == nil {
			current = v.Version
		}
	}
	version := httpx.IfMatch(c, "v", id, current)
	write(h, c, voteRecorded, func(ctx context.Context, e edit[sqlstore.VoteResult]) (sqlstore.VoteResult, error) {
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
