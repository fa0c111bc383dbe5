package dhl

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The outcome cell is read as a sequence of items; between items only
// separators ("and", "+", "&", ",", ";", line breaks) may appear.
var (
	reSep       = regexp.MustCompile(`^(?:[\s+&,;|]+|and\b)`)
	reNone      = regexp.MustCompile(`^--`)
	reRes       = regexp.MustCompile(`^S/RES/\s?(\d+)\s*\(\s*(\d{4})\s*\)`)
	rePRST      = regexp.MustCompile(`^S/PRST/(\d{4})/(\d+)`)
	rePRSTOld   = regexp.MustCompile(`^(S/\d+|S/PV\.\d+)\s*\(PRST\)(?:\s*and\s+Corr\.(\d+))?`)
	rePRSTPlain = regexp.MustCompile(`^PRST(?:\s+unnumbered)?\b`)
	reCommuniq  = regexp.MustCompile(`^(?i:communiqu[ée])`)
	reDraft     = regexp.MustCompile(`^(?:Power Four )?(?i:draft resolution)(?:s\b)?\s*`)
	reBareDraft = regexp.MustCompile(`^\(?\s*(S/\d+(?:/\d+)?(?:/Rev\.\s?\d+)?)\s*\)?\s*(?:vetoed by|(?:was )?not adopted)`)
	reTally     = regexp.MustCompile(`^(\d{1,2})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})(?:\s*\((\d+) absent\))?`)
	reAdoption  = regexp.MustCompile(`^(?i:(adopted unanimously)|(without (?:a )?vote)|(adopted by consensus))`)
	reNoteLet   = regexp.MustCompile(`^(Note|Letter)\s*\(?\s*(S/\d{4}/\d+)\s*\)?`)
	reElection  = regexp.MustCompile(`^Election of[^\n]*`)
	reReferral  = regexp.MustCompile(`^Referral to the Committee on the Admission of New Members`)
	reBareDoc   = regexp.MustCompile(`^(S/\d+(?:/\d+)?)\s*(?:\n|$)`)
	reDecision  = regexp.MustCompile(`^Decision\b`)
	reNotPart   = regexp.MustCompile(`^\(([^()]*did not participate in the voting\.?)\)`)
)

// parseOutcomes reads an outcome cell (its lines) of a meeting in year:
// the decisions and drafts it records, in order. Corrections and
// readings it makes are added to notes.
func parseOutcomes(lines []string, year int, notes *[]string) ([]Outcome, error) {
	c := &outcomeCell{s: strings.Join(lines, "\n"), year: year, notes: notes, pending: []int{}}
	for {
		if m := reSep.FindString(c.s); m != "" {
			c.s = c.s[len(m):]
			continue
		}
		if c.s == "" {
			break
		}
		read, err := c.item()
		if err != nil {
			return nil, err
		}
		if !read {
			return nil, fmt.Errorf("unreadable outcome text at %q", firstLine(c.s))
		}
	}
	c.dropContradictedTallies()
	if c.none && len(c.out) > 0 {
		c.note("the outcome cell also has a stray \"--\"")
	}
	return c.out, nil
}

// outcomeCell is parseOutcomes' state while it reads one cell.
type outcomeCell struct {
	s       string    // the text not read yet
	year    int       // the meeting's
	notes   *[]string // the meeting's notes
	out     []Outcome // the items read
	pending []int     // indexes in out of the resolutions and drafts waiting for a tally
	none    bool      // the cell has a "--"
}

func (c *outcomeCell) note(format string, a ...any) {
	*c.notes = append(*c.notes, fmt.Sprintf(format, a...))
}

// item reads the item at the start of the text, trying each kind in the
// order of outcomeItems; it tells whether one was read.
func (c *outcomeCell) item() (bool, error) {
	for _, read := range outcomeItems {
		if ok, err := read(c); ok || err != nil {
			return ok, err
		}
	}
	return false, nil
}

// outcomeItems read the items of an outcome cell, in the order tried:
// each reads one item at the start of the text and says whether it did.
var outcomeItems = []func(*outcomeCell) (bool, error){
	(*outcomeCell).dashes,
	(*outcomeCell).resolution,
	decided(statements),
	(*outcomeCell).election,
	decided(referrals),
	(*outcomeCell).draft,
	decided(documents),
	(*outcomeCell).tally,
	(*outcomeCell).adoption,
	(*outcomeCell).notParticipating,
}

// A decision is an item recording a decision taken without a vote: its
// regexp, and the outcome a match gives with the length of text it reads.
type decision struct {
	re      *regexp.Regexp
	outcome func(m []string) (Outcome, int)
}

var (
	statements = []decision{
		{rePRST, func(m []string) (Outcome, int) {
			return Outcome{Kind: KindPresidentialStatement, Symbol: fmt.Sprintf("S/PRST/%s/%s", m[1], m[2])}, len(m[0])
		}},
		{rePRSTOld, func(m []string) (Outcome, int) {
			o := Outcome{Kind: KindPresidentialStatement, Symbol: m[1]}
			if strings.HasPrefix(m[1], "S/PV.") {
				// a statement read out at the meeting, in its record only
				o.Symbol = ""
				o.Text = "statement in " + m[1]
			}
			if m[2] != "" {
				o.Also = []string{m[1] + "/Corr." + m[2]}
			}
			return o, len(m[0])
		}},
		{rePRSTPlain, func(m []string) (Outcome, int) {
			return Outcome{Kind: KindPresidentialStatement, Text: m[0]}, len(m[0])
		}},
		{reCommuniq, func(m []string) (Outcome, int) { return Outcome{Kind: KindCommunique}, len(m[0]) }},
		{reNoteLet, func(m []string) (Outcome, int) {
			k := KindNote
			if m[1] == "Letter" {
				k = KindLetter
			}
			return Outcome{Kind: k, Symbol: m[2]}, len(m[0])
		}},
	}
	referrals = []decision{
		{reReferral, func(m []string) (Outcome, int) { return Outcome{Kind: KindReferral}, len(m[0]) }},
	}
	documents = []decision{
		// the symbol alone: the line break after it is left to reSep
		{reBareDoc, func(m []string) (Outcome, int) { return Outcome{Kind: KindDocument, Symbol: m[1]}, len(m[1]) }},
		{reDecision, func(m []string) (Outcome, int) { return Outcome{Kind: KindDecision}, len(m[0]) }},
	}
)

// decided returns the reader of the decisions ds, tried in order. A
// decision takes no tally: the items waiting for one get none.
func decided(ds []decision) func(*outcomeCell) (bool, error) {
	return func(c *outcomeCell) (bool, error) {
		for _, d := range ds {
			if m := d.re.FindStringSubmatch(c.s); m != nil {
				o, n := d.outcome(m)
				c.out = append(c.out, o)
				return c.settled(n)
			}
		}
		return false, nil
	}
}

// dashes reads "--": no outcome.
func (c *outcomeCell) dashes() (bool, error) {
	m := reNone.FindString(c.s)
	if m == "" {
		return false, nil
	}
	c.none = true
	c.s = c.s[len(m):]
	return true, nil
}

// resolution reads "S/RES/N (YYYY)".
func (c *outcomeCell) resolution() (bool, error) {
	m := reRes.FindStringSubmatch(c.s)
	if m == nil {
		return false, nil
	}
	if ry, _ := strconv.Atoi(m[2]); ry != c.year {
		// A resolution bears the year of its adoption: a different
		// year in the cell is a misprint (1965: "207 (1964)").
		c.note("the table prints %s; the year is the meeting's", clean(m[0]))
	}
	c.out = append(c.out, Outcome{Kind: KindResolution, Symbol: fmt.Sprintf("S/RES/%s (%d)", m[1], c.year)})
	c.pending = awaitTally(c.out, c.pending)
	c.s = c.s[len(m[0]):]
	return true, nil
}

// election reads "Election of ...", whose names run on over line breaks:
// "..., Mr. X (Poland) and<br>Mr. Y (Egypt)".
func (c *outcomeCell) election() (bool, error) {
	m := reElection.FindString(c.s)
	if m == "" {
		return false, nil
	}
	text := strings.TrimSpace(m)
	c.s = c.s[len(m):]
	for strings.HasPrefix(c.s, "\n") {
		next := firstLine(c.s[1:])
		if next == "" || startsItem(next) {
			break
		}
		text += " " + strings.TrimSpace(next)
		c.s = c.s[1+len(next):]
	}
	c.out = append(c.out, Outcome{Kind: KindElection, Text: text})
	c.pending = c.pending[:0]
	return true, nil
}

// draft reads "Draft resolution S/N ... vetoed by ..." or "S/N not
// adopted" (see parseDraft).
func (c *outcomeCell) draft() (bool, error) {
	m := reDraft.FindString(c.s)
	if m == "" && !reBareDraft.MatchString(c.s) {
		return false, nil
	}
	o, rest, err := parseDraft(c.s[len(m):])
	if err != nil {
		return false, err
	}
	c.out = append(c.out, o)
	c.pending = awaitTally(c.out, c.pending)
	c.s = rest
	return true, nil
}

// tally reads "yes-no-abstain" (with "(N absent)"): the vote of the items
// waiting for it.
func (c *outcomeCell) tally() (bool, error) {
	m := reTally.FindStringSubmatch(c.s)
	if m == nil {
		return false, nil
	}
	t := Tally{}
	t.Yes, _ = strconv.Atoi(m[1])
	t.No, _ = strconv.Atoi(m[2])
	t.Abstain, _ = strconv.Atoi(m[3])
	if len(c.pending) == 0 {
		if len(c.out) > 0 || t.Yes >= Majority(c.year) {
			return false, fmt.Errorf("a tally %q with no resolution or draft before it", m[0])
		}
		// 2021, S/PV.8823: a tally alone, short of the majority:
		// a draft put to the vote and not adopted, symbol not given.
		c.out = append(c.out, Outcome{Kind: KindDraft, Result: ResultFailed})
		c.pending = append(c.pending, len(c.out)-1)
		c.note("the outcome cell gives only the tally %s: read as a draft not adopted", m[0])
	}
	seats := Seats(c.year)
	sum := t.Yes + t.No + t.Abstain
	if sum > seats {
		return false, fmt.Errorf("tally %q counts %d votes, more than the %d seats", m[0], sum, seats)
	}
	t.NonVoting = seats - sum
	for _, i := range c.pending {
		tt := t
		c.out[i].Tally = &tt
		if c.out[i].Kind == KindResolution {
			c.out[i].Adoption = AdoptedByVote
		}
	}
	return c.settled(len(m[0]))
}

// settled ends the reading of an item, n bytes long, after which no item
// waits for a tally any more.
func (c *outcomeCell) settled(n int) (bool, error) {
	c.pending = c.pending[:0]
	c.s = c.s[n:]
	return true, nil
}

// adoption reads "adopted unanimously", "without vote", "adopted by
// consensus": how the resolutions waiting for a tally were adopted.
func (c *outcomeCell) adoption() (bool, error) {
	m := reAdoption.FindStringSubmatch(c.s)
	if m == nil {
		return false, nil
	}
	how := AdoptedUnanimously
	if m[2] != "" {
		how = AdoptedWithoutVote
	} else if m[3] != "" {
		how = AdoptedByConsensus
	}
	n := 0
	for _, i := range c.pending {
		if c.out[i].Kind == KindResolution {
			c.out[i].Adoption = how
			n++
		}
	}
	if n == 0 {
		return false, fmt.Errorf("%q with no resolution before it", m[0])
	}
	return c.settled(len(m[0]))
}

// notParticipating reads "(France did not participate in the voting.)",
// kept as the text of the vote before it.
func (c *outcomeCell) notParticipating() (bool, error) {
	m := reNotPart.FindStringSubmatch(c.s)
	if m == nil {
		return false, nil
	}
	if len(c.out) == 0 || c.out[len(c.out)-1].Tally == nil {
		return false, fmt.Errorf("%q with no vote before it", m[0])
	}
	o := &c.out[len(c.out)-1]
	o.Text = strings.TrimSpace(o.Text + " " + m[1])
	c.s = c.s[len(m[0]):]
	return true, nil
}

// dropContradictedTallies leaves out a draft's tally with fewer noes than
// the members named as vetoing it. 2022, S/PV.9048: "S/2022/431 vetoed by
// China and Russian Federation 13-0-2". Two members named as voting no
// against a tally of no noes: one of the two is wrong, and the page does
// not say which, so the tally is not kept; the vetoes are.
func (c *outcomeCell) dropContradictedTallies() {
	for i := range c.out {
		o := &c.out[i]
		if t := o.Tally; t != nil && t.No < len(o.VetoedBy) {
			c.note("%s: the tally %d-%d-%d has fewer noes than the %d members named as vetoing it: the tally is left out",
				o.Symbol, t.Yes, t.No, t.Abstain, len(o.VetoedBy))
			o.Tally = nil
		}
	}
}

// awaitTally adds the last outcome to those waiting for a tally. A tally
// after several items is shared only by items of one kind ("S/RES/2082
// (2012) and S/RES/2083 (2012) 15-0-0"; two drafts "not adopted 6-0-5"):
// drafts listed with their verdict and then a resolution with its tally
// (1946, S/PV.49: three vetoed drafts, then "S/RES/7 (1946) 11-0-0") did
// not get the resolution's tally, so a new kind of item leaves them with
// none.
func awaitTally(out []Outcome, pending []int) []int {
	last := len(out) - 1
	if len(pending) > 0 && out[pending[0]].Kind != out[last].Kind {
		pending = pending[:0]
	}
	return append(pending, last)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// startsItem tells whether a line of an outcome cell starts a new item.
func startsItem(l string) bool {
	for _, re := range []*regexp.Regexp{reNone, reRes, rePRST, rePRSTOld, rePRSTPlain, reCommuniq, reDraft, reBareDraft, reNoteLet, reElection, reReferral, reTally, reAdoption} {
		if re.MatchString(l) {
			return true
		}
	}
	return false
}
