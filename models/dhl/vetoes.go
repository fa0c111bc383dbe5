package dhl

import (
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Veto is one row of the Library's veto list (scact_veto_table_en.html):
// a draft (or, rarely, two drafts voted together) defeated by the
// negative vote of one or more permanent members.
type Veto struct {
	Date     string   // YYYY-MM-DD (first day when the cell gives a range)
	DateEnd  string   // last day of a range ("13-14 December 1946"), else ""
	Drafts   []string // normalised draft symbols: "S/2022/431", "S/PV.384" (early drafts known by the record)
	Text     string   // remarks in the draft cell: "as amended"
	Records  []string // meeting records: "S/PV.9048"
	Letters  []string // 2020, written procedure: the letters given instead of a record ("S/2020/870")
	Agenda   string
	VetoedBy []string // codes, sorted
	Source   string   // "dhl:scact_veto_table_en.html#rowN"
}

const (
	vcolDate   = "Date"
	vcolDraft  = "Draft"
	vcolRecord = "Written Record"
	vcolAgenda = "Agenda Item"
	vcolMember = "Permanent Member Casting Negative Vote"
)

var (
	reVetoDate  = regexp.MustCompile(`^(\d{1,2}(?:\s*[-/]\s*\d{1,2})?\s+[A-Za-z]+\.?)\s+(\d{4}|\d{2})$`)
	reCorrAgain = regexp.MustCompile(`^&\s*(\d+)`)
)

// ParseVetoes reads the Library's veto list. Every row is a veto, or
// recognised as the title, the note under it or the header; anything
// else is a *ParseError naming the file, row and column.
func ParseVetoes(r io.Reader, name string) ([]Veto, error) {
	base := filepath.Base(name)
	l := &vetoList{file: base}
	if err := eachRow(r, base, l.read); err != nil {
		return nil, err
	}
	return oldestFirst(base, l.cols, "Date, Draft, Written Record", l.out)
}

// vetoList is ParseVetoes' state while it reads the page's rows.
type vetoList struct {
	file string         // the file's base name
	cols map[string]int // column name -> grid column; nil before the header row
	out  []Veto         // the vetoes read, in page order
}

// vetoColumns are the veto list's columns, each with the reader of its
// cell, in the order a row is read.
var vetoColumns = []struct {
	name string
	read func(*vetoRow, *cell) error
}{
	{vcolDate, (*vetoRow).date},
	{vcolDraft, (*vetoRow).drafts},
	{vcolRecord, (*vetoRow).records},
	{vcolAgenda, (*vetoRow).agenda},
	{vcolMember, (*vetoRow).members},
}

// read reads one row: skipped, the title or the note, the header, or a veto.
func (l *vetoList) read(rw *row) error {
	vr := &vetoRow{file: l.file, n: rw.n}
	switch {
	case len(rw.cells) == 0:
		return nil
	case rw.own == 1 && len(rw.cells) == 1 && rw.cells[0].colspan > 1:
		t := rw.cells[0].text()
		if strings.HasPrefix(t, "Security Council - Veto List") || strings.HasPrefix(t, "Prepared and maintained by the Dag Hammarskj") {
			return nil
		}
		return vr.perr("", t, "a row spanning the table that is neither the title nor the known note")
	case isHeader(rw):
		l.cols = map[string]int{}
		for _, c := range rw.cells {
			l.cols[c.text()] = c.col
		}
		for _, need := range vetoColumns {
			if _, ok := l.cols[need.name]; !ok {
				return vr.perr("", "", "header row lacks column %q", need.name)
			}
		}
		if len(l.cols) != len(vetoColumns) {
			return vr.perr("", "", "header row has %d columns, expected %d", len(rw.cells), len(vetoColumns))
		}
		return nil
	case l.cols == nil:
		return vr.perr("", "", "a data row before the header row")
	}
	vr.v.Source = fmt.Sprintf("dhl:%s#row%d", l.file, rw.n)
	for _, col := range vetoColumns {
		c := rw.at(l.cols[col.name])
		if c == nil {
			return vr.perr(col.name, "", "the row has no cell in this column")
		}
		if err := col.read(vr, c); err != nil {
			return err
		}
	}
	l.out = append(l.out, vr.v)
	return nil
}

// vetoRow is a row of the veto list being read into v.
type vetoRow struct {
	file string
	n    int // the row
	v    Veto
}

func (r *vetoRow) perr(col, text, format string, a ...any) error {
	return rowError(r.file, r.n, col, text, format, a...)
}

// date reads "4 February 2012", "13-14 December 1946", "30 January 86".
func (r *vetoRow) date(c *cell) error {
	m := reVetoDate.FindStringSubmatch(c.text())
	if m == nil {
		return r.perr(vcolDate, c.text(), "expected a date: day month year")
	}
	var year int
	fmt.Sscan(m[2], &year)
	if len(m[2]) == 2 {
		// "30 January 86": a two-digit year; the list runs from 1946
		year += 1900
		if year < 1946 {
			year += 100
		}
	}
	var err error
	if r.v.Date, r.v.DateEnd, err = parseDayMonth(m[1], year); err != nil {
		return r.perr(vcolDate, c.text(), "%v", err)
	}
	return nil
}

// drafts reads the draft cell: "S/2022/431", "S/9696 and Corr.1 & 2",
// "S/1234 (as amended)".
func (r *vetoRow) drafts(c *cell) error {
	v := &r.v
	s := c.text()
	for s != "" {
		if sym, rest, ok := docSymbol(s); ok {
			v.Drafts = append(v.Drafts, sym)
			s = strings.TrimLeft(rest, " ,&")
			continue
		}
		if sym, rest, ok := amendment(s, v.Drafts); ok {
			v.Drafts = append(v.Drafts, sym)
			s = strings.TrimLeft(rest, " ")
			continue
		}
		if mm := reParen.FindStringSubmatch(s); mm != nil {
			v.Text = strings.TrimSpace(v.Text + " " + clean(mm[1]))
			s = strings.TrimLeft(s[len(mm[0]):], " ")
			continue
		}
		if strings.HasPrefix(s, "and ") {
			s = s[4:]
			continue
		}
		if mm := reCorrAgain.FindStringSubmatch(s); mm != nil && len(v.Drafts) > 0 && strings.Contains(v.Drafts[len(v.Drafts)-1], "/Corr.") {
			// "S/9696 and Corr.1 & 2": a second corrigendum
			v.Drafts = append(v.Drafts, baseDoc(v.Drafts[len(v.Drafts)-1])+"/Corr."+mm[1])
			s = strings.TrimLeft(s[len(mm[0]):], " ")
			continue
		}
		return r.perr(vcolDraft, c.text(), "unreadable draft symbol at %q", s)
	}
	if len(v.Drafts) == 0 {
		return r.perr(vcolDraft, c.text(), "no draft symbol")
	}
	return nil
}

// records reads the meeting records, one a line, or (2020) the letters
// of a written procedure.
func (r *vetoRow) records(c *cell) error {
	v := &r.v
	for _, l := range c.lines {
		if reLetterSym.MatchString(strings.ReplaceAll(l, " ", "")) {
			// 2020, written procedure: the letters stand for the record
			v.Letters = append(v.Letters, strings.ReplaceAll(l, " ", ""))
			continue
		}
		rec, ok := recordSymbol(l)
		if !ok {
			return r.perr(vcolRecord, c.text(), "expected meeting records S/PV.N")
		}
		v.Records = append(v.Records, rec)
	}
	if len(v.Records) == 0 && len(v.Letters) == 0 {
		return r.perr(vcolRecord, "", "no meeting record")
	}
	return nil
}

func (r *vetoRow) agenda(c *cell) error {
	r.v.Agenda = c.text()
	return nil
}

// members reads the permanent members that cast the negative vote:
// "USSR", "France, UK and USA", one or more a line.
func (r *vetoRow) members(c *cell) error {
	v := &r.v
	for _, l := range c.lines {
		for _, n := range splitNames(l) {
			code, ok := memberCode(n)
			if !ok {
				return r.perr(vcolMember, c.text(), "%q is not a permanent member", n)
			}
			if !slices.Contains(v.VetoedBy, code) {
				v.VetoedBy = append(v.VetoedBy, code)
			}
		}
	}
	if len(v.VetoedBy) == 0 {
		return r.perr(vcolMember, c.text(), "no permanent member named")
	}
	sort.Strings(v.VetoedBy)
	return nil
}

// splitNames splits "France, UK and USA" into names.
func splitNames(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, " and ", ","), ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
