package board

import (
	"context"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
)

// draftView is what the draft's page and its embed both show: the draft,
// the Council it counts, each seat's vote or stance and the banner.
type draftView struct {
	Draft      models.Draft
	Voted      bool
	Rows       []boardRow
	Seats      []seat
	Banner     string
	BannerKind string
	Counted    models.Date
	Roll       rollCall
	Title      string
}

// loadDraft reads a draft as of on (nil: its vote's day, else today).
// Asked for a day before its vote, a voted draft shows the positions as
// they stood that day.
func (b *Board) loadDraft(ctx context.Context, id int64, on *models.Date) (draftView, error) {
	d, err := b.store.GetDraft(ctx, id)
	if err != nil {
		return draftView{}, err
	}
	v := draftView{Draft: d, Voted: d.Vote != nil && (on == nil || *on >= d.Vote.VotedOn)}
	if v.Voted {
		for _, vm := range d.Vote.Members {
			v.Rows = append(v.Rows, boardRow{Code: vm.Member.Code, Name: vm.Member.Name, Permanent: vm.Member.Permanent, Vote: vm.Vote, Position: vm.Position})
		}
	} else {
		ps, err := b.store.DraftPositions(ctx, id, models.PositionFilter{On: on, Limit: models.MaxLimit})
		if err != nil {
			return draftView{}, err
		}
		for _, p := range ps.Items {
			v.Rows = append(v.Rows, boardRow{Code: p.Member.Code, Name: p.Member.Name, Permanent: p.Member.Permanent, Position: p})
		}
	}
	slices.SortFunc(v.Rows, func(a, b boardRow) int { return strings.Compare(a.Name, b.Name) })
	proj, err := b.store.ProjectDraft(ctx, id, on)
	if err != nil {
		return draftView{}, err
	}
	names := map[string]string{}
	for _, r := range v.Rows {
		names[r.Code] = r.Name
	}
	v.Seats = seats(v.Rows, v.Voted)
	v.Banner, v.BannerKind, v.Counted = projectionWords(proj, names), string(proj.Outcome), proj.Date
	if v.Voted {
		v.Banner, v.BannerKind, v.Counted = voteWords(*d.Vote, names), string(d.Vote.Outcome), d.Vote.VotedOn
		v.Roll = rollCallOf(*d.Vote)
	}
	v.Title = d.Title
	if d.Symbol != nil {
		v.Title = *d.Symbol + " " + d.Title
	}
	return v, nil
}

// Draft shows a draft: its seats around the horseshoe, the banner of
// its vote or projection, and each member's position with its evidence.
// It reads the Council of one day and says which: a voted draft's vote
// day, else today, or the day asked for (on=).
func (b *Board) Draft(c *gin.Context) {
	id, found := httpx.PathID(c, "id", "draft")
	if !found {
		return
	}
	q, okq := httpx.NewQuery(c, "on")
	if !okq {
		return
	}
	var on *models.Date
	if given(c, "on") {
		on = q.Date("on")
	}
	if !q.OK() {
		return
	}
	v, err := b.loadDraft(c.Request.Context(), id, on)
	if err != nil {
		b.fail(c, err)
		return
	}
	sources, err := b.sourcesByID(c, v.Rows)
	if err != nil {
		b.fail(c, err)
		return
	}
	why := "today: the Council that would vote on it"
	switch {
	case v.Voted:
		why = "the day of the vote"
	case on != nil:
		why = "the day asked for, with the positions as they stood then"
	}
	onValue := ""
	if on != nil {
		onValue = string(*on)
	}
	b.render(c, draftPage, map[string]any{"Title": v.Title, "Draft": v.Draft, "Voted": v.Voted, "Rows": v.Rows, "Seats": v.Seats,
		"Banner": v.Banner, "BannerKind": v.BannerKind, "Sources": sources, "Counted": v.Counted, "Why": why, "On": onValue,
		"Roll": v.Roll, "Today": b.store.Today(), "OEmbed": b.oembedLink(id)})
}

// oembedLink is the draft's oEmbed address, which the page's head names
// so that a CMS given the page's link finds its embed.
func (b *Board) oembedLink(id int64) string {
	page := b.public + "/drafts/" + strconvID(id)
	return b.public + "/oembed?format=json&url=" + url.QueryEscape(page)
}

// rollCall says how much of a vote is known, and from where.
type rollCall struct {
	Complete     bool
	Known, Seats int
	Unknown      []string // the members whose vote is not known, by name
	Source       string   // in words
	SourceLink   string   // its address, when it has one
	NoTally      bool     // the record gives the outcome and no tally
	WithoutAVote bool
}

func rollCallOf(v models.Vote) rollCall {
	r := rollCall{Complete: v.Complete, Seats: len(v.Members), NoTally: !v.TallyKnown, WithoutAVote: v.AdoptedWithoutVote}
	for _, m := range v.Members {
		if m.Vote == models.CastUnknown {
			r.Unknown = append(r.Unknown, m.Member.Name)
		} else {
			r.Known++
		}
	}
	r.Source, r.SourceLink = sourceWords(v.Source)
	return r
}

// sourceWords says where a vote or a meeting comes from: the Dag
// Hammarskjöld Library's table and row ("dhl:scact2012_table_en.html#row202"),
// or an address.
func sourceWords(src string) (words, link string) {
	switch {
	case src == "":
		return "recorded by an editor", ""
	case strings.HasPrefix(src, "dhl:"):
		file, row, _ := strings.Cut(strings.TrimPrefix(src, "dhl:"), "#row")
		words = "the Dag Hammarskjöld Library's table " + file
		if row != "" {
			words += ", row " + row
		}
		return words, ""
	case strings.HasPrefix(src, "https://") || strings.HasPrefix(src, "http://"):
		return src, src
	}
	return src, ""
}
