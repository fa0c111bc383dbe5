package dhl

import (
	"encoding/csv"
	"fmt"
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
		line := i + 2
		perr := func(col, text, format string, a ...any) error {
			return &ParseError{File: base, Row: line, Column: col, Text: text, Err: fmt.Sprintf(format, a...)}
		}
		if len(rec) != len(recentColumns) {
			return nil, perr("", "", "%d fields, expected %d", len(rec), len(recentColumns))
		}
		f := map[string]string{}
		for j, c := range recentColumns {
			f[c] = strings.TrimSpace(rec[j])
		}
		switch {
		case f["outcome"] == ResultVetoed || f["outcome"] == ResultFailed:
		case strings.HasPrefix(f["outcome"], "unverified-"):
			continue // not a fact: secondary sources only
		default:
			return nil, perr("outcome", f["outcome"], "expected vetoed, failed or unverified-...")
		}
		if !reDate.MatchString(f["date"]) {
			return nil, perr("date", f["date"], "expected YYYY-MM-DD")
		}
		date := f["date"]
		if _, err := time.Parse(time.DateOnly, date); err != nil {
			return nil, perr("date", date, "%v", err)
		}
		o := Outcome{Kind: KindDraft, Result: f["outcome"]}
		if d := strings.ReplaceAll(f["draft"], " ", ""); d != "" {
			if !reLetterSym.MatchString(d) {
				return nil, perr("draft", f["draft"], "expected S/YYYY/N")
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
				return nil, perr(p.col, f[p.col], "expected a count")
			}
			*p.dst = n
		}
		seats := Seats(yearOf(date))
		if t.Yes+t.No+t.Abstain+t.NonVoting != seats {
			return nil, perr("non_voting", f["non_voting"], "yes+no+abstain+non_voting is %d, not the %d seats", t.Yes+t.No+t.Abstain+t.NonVoting, seats)
		}
		o.Tally = &t
		for _, n := range splitList(f["vetoed_by"]) {
			code, ok := memberCode(n)
			if !ok {
				return nil, perr("vetoed_by", f["vetoed_by"], "%q is not a permanent member", n)
			}
			o.VetoedBy = append(o.VetoedBy, code)
		}
		sort.Strings(o.VetoedBy)
		if (o.Result == ResultVetoed) != (len(o.VetoedBy) > 0) {
			return nil, perr("vetoed_by", f["vetoed_by"], "outcome %s with %d vetoers", o.Result, len(o.VetoedBy))
		}
		counts := map[string]int{}
		for _, v := range []struct{ col, vote string }{{"in_favour", "yes"}, {"against", "no"}, {"abstaining", "abstain"}} {
			for _, n := range splitList(reBracket.ReplaceAllString(f[v.col], "")) {
				if strings.EqualFold(n, "(none)") {
					continue
				}
				code, ok := names(n, date)
				if !ok {
					return nil, perr(v.col, f[v.col], "%q is not a member of the Council on %s", n, date)
				}
				if o.Votes == nil {
					o.Votes = map[string]string{}
				}
				if prev, dup := o.Votes[code]; dup {
					return nil, perr(v.col, f[v.col], "%s votes both %s and %s", code, prev, v.vote)
				}
				o.Votes[code] = v.vote
				counts[v.vote]++
			}
		}
		if counts["yes"] > t.Yes || counts["no"] > t.No || counts["abstain"] > t.Abstain {
			return nil, perr("in_favour", "", "more members named than the tally counts")
		}
		for _, c := range o.VetoedBy {
			if o.Votes != nil && o.Votes[c] != "" && o.Votes[c] != "no" {
				return nil, perr("vetoed_by", f["vetoed_by"], "%s vetoed but is named as voting %s", c, o.Votes[c])
			}
		}
		rec := ""
		if f["meeting"] != "" {
			var m Meeting
			if err := parseRecordCell(&cell{lines: []string{f["meeting"]}}, &m); err != nil || m.Record == "" {
				return nil, perr("meeting", f["meeting"], "expected S/PV.N")
			}
			rec = m.Record
		}
		src := reURL.FindString(f["source_url"])
		if src == "" {
			return nil, perr("source_url", f["source_url"], "no URL")
		}
		if n := len(out); n > 0 && rec != "" && out[n-1].Record == rec && out[n-1].Date == date {
			out[n-1].Outcomes = append(out[n-1].Outcomes, o)
			if a := f["agenda"]; a != "" && !contains(out[n-1].Agenda, a) {
				out[n-1].Agenda = append(out[n-1].Agenda, a)
			}
			continue
		}
		m := Meeting{Record: rec, Date: date, Outcomes: []Outcome{o}, Source: src}
		if a := f["agenda"]; a != "" {
			m.Agenda = []string{a}
		}
		if p := rePressURL.FindStringSubmatch(f["source_url"]); p != nil && strings.Contains(src, "press.un.org") {
			m.PressRelease = "SC/" + p[1]
		}
		out = append(out, m)
	}
	return out, nil
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
