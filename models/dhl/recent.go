package dhl

import (
	"encoding/csv"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Columns of the recent not-adopted drafts (seed/data/recent/README.md).
var recentColumns = []string{"date", "draft", "meeting", "agenda", "sponsors", "yes", "no", "abstain", "non_voting",
	"vetoed_by", "outcome", "in_favour", "against", "abstaining", "source_url", "confirming_quote"}

var (
	reURL      = regexp.MustCompile(`https?://[^\s;()]+`)
	rePressURL = regexp.MustCompile(`press\.un\.org/en/\d{4}/(?:sc)?(\d+)\.doc\.htm`)
	reBracket  = regexp.MustCompile(`\[[^\]]*\]`)
	reDate     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// ParseRecent reads the TSV of drafts not adopted after the Library's
// tables end (seed/data/recent/not-adopted-2022-2026.tsv). Only rows
// whose outcome is exactly "vetoed" or "failed" are read; rows whose
// outcome starts with "unverified-" rest on secondary sources and are
// skipped (any other outcome is an error). Each verified row becomes a
// draft outcome; rows of one meeting (same record and date) make one
// Meeting, in file order. The row's named votes (in_favour, against,
// abstaining; a "[partial]" marker and other bracketed remarks ignored)
// become Outcome.Votes, names mapped to codes by names(name, date)
// (member name as the row spells it, YYYY-MM-DD); a name it cannot map
// is an error. Meeting.Source is the row's first URL (the press release
// where there is one). Errors are *ParseError with Row = the line number
// (the header is line 1) and Column = the column's name.
func ParseRecent(r io.Reader, name string, names func(name, date string) (code string, ok bool)) ([]Meeting, error) {
	base := filepath.Base(name)
	cr := csv.NewReader(r)
	cr.Comma = '\t'
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, &ParseError{File: base, Err: err.Error()}
	}
	if len(recs) == 0 || !slices.Equal(recs[0], recentColumns) {
		return nil, &ParseError{File: base, Row: 1, Err: "header is not " + strings.Join(recentColumns, ",")}
	}
	var out []Meeting
	for i, rec := range recs[1:] {
		rr := &recentRow{file: base, line: i + 2, names: names}
		if len(rec) != len(recentColumns) {
			return nil, rr.perr("", "", "%d fields, expected %d", len(rec), len(recentColumns))
		}
		rr.f = map[string]string{}
		for j, c := range recentColumns {
			rr.f[c] = strings.TrimSpace(rec[j])
		}
		m, verified, err := rr.meeting()
		if err != nil {
			return nil, err
		}
		if !verified {
			continue
		}
		// rows of one meeting (same record and date) make one Meeting
		if n := len(out); n > 0 && m.Record != "" && out[n-1].Record == m.Record && out[n-1].Date == m.Date {
			out[n-1].Outcomes = append(out[n-1].Outcomes, m.Outcomes...)
			out[n-1].Agenda = appendNew(out[n-1].Agenda, m.Agenda...)
			continue
		}
		out = append(out, m)
	}
	return out, nil
}

// recentRow is a line of the TSV being read: its fields by column name.
type recentRow struct {
	file  string
	line  int
	f     map[string]string
	names func(name, date string) (code string, ok bool)
}

func (r *recentRow) perr(col, text, format string, a ...any) error {
	return rowError(r.file, r.line, col, text, format, a...)
}

// meeting reads the row as a meeting with its one draft; verified is
// false for a row that rests on secondary sources, which is skipped.
func (r *recentRow) meeting() (m Meeting, verified bool, err error) {
	f := r.f
	switch {
	case f["outcome"] == ResultVetoed || f["outcome"] == ResultFailed:
	case strings.HasPrefix(f["outcome"], "unverified-"):
		return m, false, nil // not a fact: secondary sources only
	default:
		return m, false, r.perr("outcome", f["outcome"], "expected vetoed, failed or unverified-...")
	}
	if !reDate.MatchString(f["date"]) {
		return m, false, r.perr("date", f["date"], "expected YYYY-MM-DD")
	}
	date := f["date"]
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return m, false, r.perr("date", date, "%v", err)
	}
	o, err := r.draft(date)
	if err != nil {
		return m, false, err
	}
	rec := ""
	if f["meeting"] != "" {
		var ok bool
		if rec, ok = recordSymbol(f["meeting"]); !ok {
			return m, false, r.perr("meeting", f["meeting"], "expected S/PV.N")
		}
	}
	src := reURL.FindString(f["source_url"])
	if src == "" {
		return m, false, r.perr("source_url", f["source_url"], "no URL")
	}
	m = Meeting{Record: rec, Date: date, Outcomes: []Outcome{o}, Source: src}
	if a := f["agenda"]; a != "" {
		m.Agenda = []string{a}
	}
	if p := rePressURL.FindStringSubmatch(f["source_url"]); p != nil && strings.Contains(src, "press.un.org") {
		m.PressRelease = "SC/" + p[1]
	}
	return m, true, nil
}

// draft reads the row's draft: its symbol, tally, vetoers and the votes
// of the members named.
func (r *recentRow) draft(date string) (Outcome, error) {
	f := r.f
	o := Outcome{Kind: KindDraft, Result: f["outcome"]}
	if d := strings.ReplaceAll(f["draft"], " ", ""); d != "" {
		if !reLetterSym.MatchString(d) {
			return o, r.perr("draft", f["draft"], "expected S/YYYY/N")
		}
		o.Symbol = d
	}
	var t Tally
	for _, p := range []struct {
		col string
		dst *int
	}{{"yes", &t.Yes}, {"no", &t.No}, {"abstain", &t.Abstain}, {"non_voting", &t.NonVoting}} {
		n, err := strconv.Atoi(f[p.col])
		if err != nil || n < 0 {
			return o, r.perr(p.col, f[p.col], "expected a count")
		}
		*p.dst = n
	}
	seats := Seats(yearOf(date))
	if t.Yes+t.No+t.Abstain+t.NonVoting != seats {
		return o, r.perr("non_voting", f["non_voting"], "yes+no+abstain+non_voting is %d, not the %d seats", t.Yes+t.No+t.Abstain+t.NonVoting, seats)
	}
	o.Tally = &t
	for _, n := range splitList(f["vetoed_by"]) {
		code, ok := memberCode(n)
		if !ok {
			return o, r.perr("vetoed_by", f["vetoed_by"], "%q is not a permanent member", n)
		}
		o.VetoedBy = append(o.VetoedBy, code)
	}
	sort.Strings(o.VetoedBy)
	if (o.Result == ResultVetoed) != (len(o.VetoedBy) > 0) {
		return o, r.perr("vetoed_by", f["vetoed_by"], "outcome %s with %d vetoers", o.Result, len(o.VetoedBy))
	}
	err := r.votes(&o, date)
	return o, err
}

// votes reads the members named as voting for, against and abstaining
// ("[partial]" and other bracketed remarks ignored) into o.Votes, and
// checks them against o's tally and vetoers.
func (r *recentRow) votes(o *Outcome, date string) error {
	f := r.f
	counts := map[string]int{}
	for _, v := range []struct{ col, vote string }{{"in_favour", "yes"}, {"against", "no"}, {"abstaining", "abstain"}} {
		for _, n := range splitList(reBracket.ReplaceAllString(f[v.col], "")) {
			if strings.EqualFold(n, "(none)") {
				continue
			}
			code, ok := r.names(n, date)
			if !ok {
				return r.perr(v.col, f[v.col], "%q is not a member of the Council on %s", n, date)
			}
			if o.Votes == nil {
				o.Votes = map[string]string{}
			}
			if prev, dup := o.Votes[code]; dup {
				return r.perr(v.col, f[v.col], "%s votes both %s and %s", code, prev, v.vote)
			}
			o.Votes[code] = v.vote
			counts[v.vote]++
		}
	}
	if counts["yes"] > o.Yes || counts["no"] > o.No || counts["abstain"] > o.Abstain {
		return r.perr("in_favour", "", "more members named than the tally counts")
	}
	for _, c := range o.VetoedBy {
		if o.Votes != nil && o.Votes[c] != "" && o.Votes[c] != "no" {
			return r.perr("vetoed_by", f["vetoed_by"], "%s vetoed but is named as voting %s", c, o.Votes[c])
		}
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		p = strings.TrimSpace(p)
		p = strings.TrimPrefix(p, "and ")
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
