package api

import (
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"unsc/api/internal/httpx"
)

// researchOps are the operations that read the whole record to answer
// (a member's roll calls, the vetoes, agreement, alignment, the CSV
// exports and the board's pages built from them): tens of milliseconds
// to a second each, where an ordinary read takes one. Their computations
// are bounded per client and in all (throttle.Research).
var researchOps = []string{"memberVotes", "memberVotesCSV", "listVetoes", "vetoesCSV", "agreement", "agreementMatrix", "alignment",
	"votesCSV", "boardMember", "boardVetoes", "boardAgreement"}

// research reports whether the route answers one of the record's
// expensive questions.
func (rt route) research() bool { return slices.Contains(researchOps, rt.doc.ID) }

// Defaults for the research bounds New applies when no Option changes
// them.
const (
	// DefaultResearchBurst is how many research answers one client
	// address may have computed at once; answers served from the cache,
	// or shared with an identical request, are not counted.
	DefaultResearchBurst = 60
	// DefaultResearchRate is how many a second it may have computed
	// after the burst.
	DefaultResearchRate = 1.0
	// researchQueue and researchWait bound the line for a slot: beyond
	// them a request is told to retry (503) rather than held.
	researchQueue = 64
	researchWait  = 5 * time.Second
	// researchTracked is how many client addresses the per-client bound
	// remembers; beyond it the least recently seen is forgotten.
	researchTracked = 10000
)

// DefaultResearchSlots is how many research answers are computed at once
// in all: half the processors (one at least). A computation keeps a
// processor busy from start to end, so the other half stays for writes,
// health checks and ordinary reads however many researchers ask.
var DefaultResearchSlots = max(1, runtime.GOMAXPROCS(0)/2)

// WithResearchLimits bounds the computation of research answers: burst
// at once and rate a second after per client address (more get 429 with
// Retry-After), and slots computed at once in all (more wait in line, or
// get 503 with Retry-After when the line is full). A value of zero or
// less keeps that limit's default: no limit can be switched off.
func WithResearchLimits(burst int, rate float64, slots int) Option {
	return func(o *options) {
		setPositive(&o.researchBurst, burst)
		if rate > 0 {
			o.researchRate = rate
		}
		setPositive(&o.researchSlots, slots)
	}
}

// admitResearch lets a research answer be computed within the client's
// share and a slot: it runs only when the response cache has no answer
// and no identical request is being computed.
func (h *Handler) admitResearch(c *gin.Context) {
	client := httpx.ClientKey(c.ClientIP())
	if wait := h.research.Take(client); wait > 0 {
		h.metrics.ResearchRefused("client")
		c.Header("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
		httpx.WriteProblem(c, http.StatusTooManyRequests, fmt.Sprintf("this address has asked for more research answers than it may (%d at once, then %g a second); answers already computed are served freely", h.researchBurst, h.researchRate))
		c.Abort()
		return
	}
	release, ok := h.research.Enter(c.Request.Context())
	if !ok {
		h.metrics.ResearchRefused("busy")
		c.Header("Retry-After", "1")
		httpx.WriteProblem(c, http.StatusServiceUnavailable, "the server is computing as many research answers as it can; retry shortly")
		c.Abort()
		return
	}
	defer release()
	c.Next()
	// A request refused for its parameters read nothing: it costs no
	// share (nor counts as computed), so that a mistyped date does not
	// spend a client's share.
	if st := c.Writer.Status(); st >= 400 && st < 500 {
		h.research.Refund(client)
		return
	}
	h.metrics.ResearchComputed()
}
