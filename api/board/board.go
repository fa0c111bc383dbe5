// Package board serves the vote board: server-rendered pages for people
// rather than programs, with the charts drawn on the server as SVG. No
// JavaScript; everything it prints goes through html/template.
package board

import (
	"bytes"
	"context"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
	"unsc/models"
)

//go:embed *.html *.css
var files embed.FS

var boardFuncs = template.FuncMap{
	"join":        strings.Join,
	"statusWords": func(s models.Status) string { return strings.ReplaceAll(string(s), "_", " ") },
	"stanceWords": func(s models.Stance) string { return strings.ReplaceAll(string(s), "_", " ") },
	"day":         dayWords,
	"longDay":     longDay,
	"cast":        castWords,
	"andList":     andList,
}

var (
	indexPage     = template.Must(template.New("index.html").Funcs(boardFuncs).ParseFS(files, "layout.html", "index.html"))
	vetoesPage    = template.Must(template.New("vetoes.html").Funcs(boardFuncs).ParseFS(files, "layout.html", "vetoes.html"))
	agreementPage = template.Must(template.New("agreement.html").Funcs(boardFuncs).ParseFS(files, "layout.html", "agreement.html"))
	memberPage    = template.Must(template.New("member.html").Funcs(boardFuncs).ParseFS(files, "layout.html", "member.html"))
	draftPage     = template.Must(template.New("draft.html").Funcs(boardFuncs).ParseFS(files, "layout.html", "draft.html"))
	meetingsPage  = template.Must(template.New("meetings.html").Funcs(boardFuncs).ParseFS(files, "layout.html", "meetings.html"))
	membersPage   = template.Must(template.New("members.html").Funcs(boardFuncs).ParseFS(files, "layout.html", "members.html"))
	embedPage     = template.Must(template.New("embed.html").Funcs(boardFuncs).ParseFS(files, "layout.html", "embed.html"))
	searchPage    = template.Must(template.New("search.html").Funcs(boardFuncs).ParseFS(files, "layout.html", "search.html"))
	css           = mustRead("board.css")
)

func mustRead(name string) []byte {
	b, err := files.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return b
}

// Store is what the board reads: the store's reads it shows, declared
// here so that the pages can be read, and served, without the store's
// internals.
type Store interface {
	Today() models.Date
	ListMembers(ctx context.Context, f models.MemberFilter) (models.Page[models.Member], error)
	GetMember(ctx context.Context, code string) (models.Member, error)
	ListDrafts(ctx context.Context, f models.DraftFilter) (models.Page[models.Draft], error)
	GetDraft(ctx context.Context, id int64) (models.Draft, error)
	DraftPositions(ctx context.Context, draftID int64, f models.PositionFilter) (models.Page[models.Position], error)
	ProjectDraft(ctx context.Context, draftID int64, on *models.Date) (models.Projection, error)
	GetSource(ctx context.Context, id int64) (models.Source, error)
	ListMeetings(ctx context.Context, f models.MeetingFilter) (models.Page[models.Meeting], error)
	MemberVotes(ctx context.Context, code string, f models.MemberVoteFilter) (models.Page[models.MemberVote], error)
	Vetoes(ctx context.Context, f models.VetoFilter) (models.Page[models.Veto], error)
	AgreementMatrix(ctx context.Context, from, to models.Date, cursor string, limit int) (models.Page[models.Agreement], error)
	Alignment(ctx context.Context, f models.AlignmentFilter) (models.Alignment, error)
	Calendar(ctx context.Context, from, to models.Date) (models.Calendar, error)
	Search(ctx context.Context, f models.SearchFilter) (models.Page[models.SearchHit], error)
}

// Board answers the board's pages from the store.
type Board struct {
	store  Store
	log    *slog.Logger
	public string // the board's address, for the oEmbed link in a draft's head
}

// New returns the board, reached at public (such as
// https://unsc.example.org); failures it cannot show go to log.
func New(store Store, log *slog.Logger, public string) *Board {
	return &Board{store: store, log: log, public: public}
}

func (b *Board) fail(c *gin.Context, err error) { httpx.Fail(c, b.log, err) }

func (b *Board) render(c *gin.Context, t *template.Template, data any) {
	b.renderStatus(c, http.StatusOK, t, data)
}

func (b *Board) renderStatus(c *gin.Context, status int, t *template.Template, data any) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		b.fail(c, err)
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// CSS serves the board's stylesheet, which changes only with a release.
func (b *Board) CSS(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=3600")
	c.Data(http.StatusOK, "text/css; charset=utf-8", css)
}
