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

var reVetoDate = regexp.MustCompile(`^(\d{1,2}(?:\s*[-/]\s*\d{1,2})?\s+[A-Za-z]+\.?)\s+(\d{4}|\d{2})$`)

// ParseVetoes reads the Library's veto list. Every row is a veto, or
// recognised as the title, the note under it or the header; anything
// else is a *ParseError naming the file, row and column.
func ParseVetoes(r io.Reader, name string) ([]Veto, error) {
	base := filepath.Base(name)
	rows, err := readRows(r, base)
	if err != nil {
		return nil, err
	}
	var cols map[string]int
	var out []Veto
	for _, rw := range rows {
		perr := func(col, text, format string, a ...any) error {
			return &ParseError{File: base, Row: rw.n, Column: col, Text: text, Err: fmt.Sprintf(format, a...)}
		}
		if len(rw.cells) == 0 {
			continue
		}
		if rw.own == 1 && len(rw.cells) == 1 && rw.cells[0].colspan > 1 {
			t := rw.cells[0].text()
			if strings.HasPrefix(t, "Security Council - Veto List") || strings.HasPrefix(t, "Prepared and maintained by the Dag Hammarskj") {
				continue
			}
			return nil, perr("", t, "a row spanning the table that is neither the title nor the known note")
		}
		if isHeader(rw) {
			cols = map[string]int{}
			for _, c := range rw.cells {
				cols[c.text()] = c.col
			}
			for _, need := range []string{vcolDate, vcolDraft, vcolRecord, vcolAgenda, vcolMember} {
				if _, ok := cols[need]; !ok {
					return nil, perr("", "", "header row lacks column %q", need)
				}
			}
			if len(cols) != 5 {
				return nil, perr("", "", "header row has %d columns, expected 5", len(rw.cells))
			}
			continue
		}
		if cols == nil {
			return nil, perr("", "", "a data row before the header row")
		}
		get := func(col string) (*cell, error) {
			c := rw.at(cols[col])
			if c == nil {
				return nil, perr(col, "", "the row has no cell in this column")
			}
			return c, nil
		}
		v := Veto{Source: fmt.Sprintf("dhl:%s#row%d", base, rw.n)}
		c, err := get(vcolDate)
		if err != nil {
			return nil, err
		}
		m := reVetoDate.FindStringSubmatch(c.text())
		if m == nil {
			return nil, perr(vcolDate, c.text(), "expected a date: day month year")
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
		if v.Date, v.DateEnd, err = parseDayMonth(m[1], year); err != nil {
			return nil, perr(vcolDate, c.text(), "%v", err)
		}
		if c, err = get(vcolDraft); err != nil {
			return nil, err
		}
		s := c.text()
		for s != "" {
			if mm := reDocSym.FindStringSubmatch(s); mm != nil && strings.HasPrefix(strings.TrimLeft(s, "( "), "S/") {
				v.Drafts = append(v.Drafts, strings.ReplaceAll(mm[1], " ", ""))
				s = strings.TrimLeft(s[len(mm[0]):], " ,&")
				continue
			}
			if mm := reAmend.FindStringSubmatch(s); mm != nil && len(v.Drafts) > 0 {
				v.Drafts = append(v.Drafts, baseDoc(v.Drafts[len(v.Drafts)-1])+"/"+mm[1]+"."+mm[2])
				s = strings.TrimLeft(s[len(mm[0]):], " ")
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
			if mm := regexp.MustCompile(`^&\s*(\d+)`).FindStringSubmatch(s); mm != nil && len(v.Drafts) > 0 && strings.Contains(v.Drafts[len(v.Drafts)-1], "/Corr.") {
				// "S/9696 and Corr.1 & 2": a second corrigendum
				v.Drafts = append(v.Drafts, baseDoc(v.Drafts[len(v.Drafts)-1])+"/Corr."+mm[1])
				s = strings.TrimLeft(s[len(mm[0]):], " ")
				continue
			}
			return nil, perr(vcolDraft, c.text(), "unreadable draft symbol at %q", s)
		}
		if len(v.Drafts) == 0 {
			return nil, perr(vcolDraft, c.text(), "no draft symbol")
		}
		if c, err = get(vcolRecord); err != nil {
			return nil, err
		}
		for _, l := range c.lines {
			if reLetterSym.MatchString(strings.ReplaceAll(l, " ", "")) {
				// 2020, written procedure: the letters stand for the record
				v.Letters = append(v.Letters, strings.ReplaceAll(l, " ", ""))
				continue
			}
			var mt Meeting
			if err := parseRecordCell(&cell{lines: []string{l}}, &mt); err != nil || mt.Record == "" {
				return nil, perr(vcolRecord, c.text(), "expected meeting records S/PV.N")
			}
			v.Records = append(v.Records, mt.Record)
		}
		if len(v.Records) == 0 && len(v.Letters) == 0 {
			return nil, perr(vcolRecord, "", "no meeting record")
		}
		if c, err = get(vcolAgenda); err != nil {
			return nil, err
		}
		v.Agenda = c.text()
		if c, err = get(vcolMember); err != nil {
			return nil, err
		}
		for _, l := range c.lines {
			for _, n := range splitNames(l) {
				code, ok := memberCode(n)
				if !ok {
					return nil, perr(vcolMember, c.text(), "%q is not a permanent member", n)
				}
				if !slices.Contains(v.VetoedBy, code) {
					v.VetoedBy = append(v.VetoedBy, code)
				}
			}
		}
		if len(v.VetoedBy) == 0 {
			return nil, perr(vcolMember, c.text(), "no permanent member named")
		}
		sort.Strings(v.VetoedBy)
		out = append(out, v)
	}
	if cols == nil {
		return nil, &ParseError{File: base, Err: "no header row (Date, Draft, Written Record, ...)"}
	}
	slices.Reverse(out)
	return out, nil
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

// Discrepancy is a case where the veto list and a yearly table disagree,
// and the rule that settled it.
type Discrepancy struct {
	Veto    string // the veto list's row ("dhl:scact_veto_table_en.html#row12"), "" when the list has none
	Meeting string // the table's row (Meeting.Source)
	Symbol  string // the draft
	Table   string // what the table says
	List    string // what the veto list says
	Rule    string // what was done
}

func (d Discrepancy) String() string {
	return fmt.Sprintf("%s: table %s says %s; veto list %s says %s: %s", d.Symbol, d.Meeting, d.Table, orNone(d.Veto), d.List, d.Rule)
}

func orNone(s string) string {
	if s == "" {
		return "(no row)"
	}
	return s
}

func describe(o *Outcome) string {
	if o.Result == ResultVetoed {
		if len(o.VetoedBy) == 0 {
			return "vetoed (by nobody named)"
		}
		return "vetoed by " + strings.Join(o.VetoedBy, ", ")
	}
	return "not adopted"
}

// ApplyVetoes matches every row of the veto list to a draft outcome of
// the meetings (by draft symbol; else by meeting record and date: the
// meeting's only draft) and makes the meetings agree with the list:
//
//   - the table names no vetoer: the list's members are filled in;
//   - the table says "not adopted" or names other members: the list
//     wins. The list is the official one (A/58/47, Annex III, for
//     1946-2004, kept by the Library since); the change is returned as
//     a Discrepancy and noted on the meeting;
//   - a draft the table says was vetoed, that the list does not have,
//     and that had fewer affirmative votes than the majority (Majority)
//     was not vetoed: it failed for want of votes. It becomes "failed"
//     (a Discrepancy). One the list lacks that did have the majority is
//     an error.
//
// A veto row with no matching draft in the meetings of its dates is an
// error naming the row; so is a row matching two drafts. meetings is
// changed in place.
func ApplyVetoes(meetings []Meeting, vetoes []Veto) ([]Discrepancy, error) {
	type ref struct{ m, o int }
	bySym := map[string][]ref{}
	for i := range meetings {
		for j := range meetings[i].Outcomes {
			o := &meetings[i].Outcomes[j]
			if o.Kind != KindDraft {
				continue
			}
			for _, s := range append([]string{o.Symbol}, o.Also...) {
				if s != "" {
					bySym[s] = append(bySym[s], ref{i, j})
				}
			}
		}
	}
	inRange := func(m *Meeting, v *Veto) bool {
		end := v.DateEnd
		if end == "" {
			end = v.Date
		}
		return m.Date >= v.Date && m.Date <= end
	}
	sameRecord := func(m *Meeting, v *Veto) bool {
		for _, r := range v.Records {
			if baseRecord(r) == baseRecord(m.Record) {
				return true
			}
		}
		return false
	}
	var ds []Discrepancy
	matched := map[ref]bool{}
	for vi := range vetoes {
		v := &vetoes[vi]
		var found []ref
		for _, d := range v.Drafts {
			for _, rf := range bySym[d] {
				if inRange(&meetings[rf.m], v) && !slices.Contains(found, rf) {
					found = append(found, rf)
				}
			}
		}
		if len(found) > 1 {
			// Early drafts known only by the record (1947, S/PV.206: five
			// drafts, two vetoed): the list's rows take, in page order,
			// the drafts not yet matched, vetoed ones first, those whose
			// remark agrees first of all.
			best, bestScore := ref{-1, -1}, -1
			for _, rf := range found {
				if matched[rf] {
					continue
				}
				o := &meetings[rf.m].Outcomes[rf.o]
				score := 0
				if o.Result == ResultVetoed {
					score += 1
				}
				if v.Text != "" && strings.Contains(o.Text, v.Text) {
					score += 2
				}
				if score > bestScore {
					best, bestScore = rf, score
				}
			}
			found = nil
			if bestScore >= 0 {
				found = []ref{best}
			}
		}
		if len(found) == 0 {
			for i := range meetings {
				m := &meetings[i]
				if !inRange(m, v) || !sameRecord(m, v) {
					continue
				}
				var drafts []ref
				for j := range m.Outcomes {
					if m.Outcomes[j].Kind == KindDraft && !matched[ref{i, j}] {
						drafts = append(drafts, ref{i, j})
					}
				}
				if len(drafts) == 1 {
					found = append(found, drafts[0])
				}
			}
		}
		if len(found) == 0 {
			// The table records no draft for the meeting (1971, S/PV.1606:
			// "--"): the list's veto is added to the meeting of its record
			// and date.
			var at []int
			for i := range meetings {
				if inRange(&meetings[i], v) && sameRecord(&meetings[i], v) {
					at = append(at, i)
				}
			}
			if len(at) == 1 {
				m := &meetings[at[0]]
				o := Outcome{Kind: KindDraft, Symbol: v.Drafts[0], Also: slices.Clone(v.Drafts[1:]), Result: ResultVetoed, VetoedBy: slices.Clone(v.VetoedBy), Text: v.Text}
				if len(o.Also) == 0 {
					o.Also = nil
				}
				m.Outcomes = append(m.Outcomes, o)
				found = append(found, ref{at[0], len(m.Outcomes) - 1})
				ds = append(ds, Discrepancy{Veto: v.Source, Meeting: m.Source, Symbol: o.Symbol, Table: "no such draft", List: "vetoed by " + strings.Join(v.VetoedBy, ", "),
					Rule: "the veto list (official list A/58/47) wins: the vetoed draft is added to the meeting, without a tally"})
				m.Notes = append(m.Notes, fmt.Sprintf("%s: the table has no such draft; the veto list (%s) says vetoed by %s, which is added", o.Symbol, v.Source, strings.Join(v.VetoedBy, ", ")))
			}
		}
		switch {
		case len(found) == 0:
			return ds, fmt.Errorf("%s (%s, %s): no draft in the tables' meetings matches it", v.Source, strings.Join(v.Drafts, " "), v.Date)
		case len(found) > 1:
			return ds, fmt.Errorf("%s (%s): matches drafts of %s and %s", v.Source, strings.Join(v.Drafts, " "), meetings[found[0].m].Source, meetings[found[1].m].Source)
		}
		rf := found[0]
		if matched[rf] {
			return ds, fmt.Errorf("%s: the draft of %s matches two rows of the veto list", v.Source, meetings[rf.m].Source)
		}
		matched[rf] = true
		m := &meetings[rf.m]
		o := &m.Outcomes[rf.o]
		list := "vetoed by " + strings.Join(v.VetoedBy, ", ")
		sym := o.Symbol
		if sym == "" {
			sym = strings.Join(v.Drafts, " ")
		}
		switch {
		case o.Result == ResultVetoed && len(o.VetoedBy) == 0:
			o.VetoedBy = slices.Clone(v.VetoedBy)
		case o.Result == ResultVetoed && slices.Equal(o.VetoedBy, v.VetoedBy):
		default:
			d := Discrepancy{Veto: v.Source, Meeting: m.Source, Symbol: sym, Table: describe(o), List: list,
				Rule: "the veto list (official list A/58/47) wins"}
			ds = append(ds, d)
			m.Notes = append(m.Notes, fmt.Sprintf("%s: the table says %s; the veto list (%s) says %s, which is kept", sym, d.Table, v.Source, list))
			o.Result = ResultVetoed
			o.VetoedBy = slices.Clone(v.VetoedBy)
		}
		if o.Symbol == "" {
			o.Symbol = v.Drafts[0]
		}
	}
	for i := range meetings {
		m := &meetings[i]
		for j := range m.Outcomes {
			o := &m.Outcomes[j]
			if o.Kind != KindDraft || o.Result != ResultVetoed || matched[ref{i, j}] {
				continue
			}
			if o.Tally != nil && o.Yes < Majority(yearOf(m.Date)) {
				d := Discrepancy{Meeting: m.Source, Symbol: o.Symbol, Table: describe(o), List: "no veto",
					Rule: fmt.Sprintf("%d votes in favour, short of the %d required: not a veto; read as failed", o.Yes, Majority(yearOf(m.Date)))}
				ds = append(ds, d)
				m.Notes = append(m.Notes, fmt.Sprintf("%s: the table says %s; the veto list has no such veto and the draft had %d votes in favour: failed", o.Symbol, d.Table, o.Yes))
				o.Result = ResultFailed
				o.VetoedBy = nil
				continue
			}
			elsewhere := ""
			for _, rf := range bySym[o.Symbol] {
				if rf.m != i && matched[rf] {
					elsewhere = meetings[rf.m].Source
				}
			}
			if o.Symbol != "" && elsewhere != "" {
				// 1963, S/PV.1069: the table repeats "S/5407 vetoed by
				// USSR", the draft the list (and the table) place at
				// S/PV.1063: a misplaced copy, removed.
				ds = append(ds, Discrepancy{Meeting: m.Source, Symbol: o.Symbol, Table: describe(o), List: "vetoed at the meeting of " + elsewhere,
					Rule: "a copy of a draft the list places at another meeting: removed from this one"})
				m.Notes = append(m.Notes, fmt.Sprintf("%s: the table also lists it here as %s; the veto list places it at %s only: removed here", o.Symbol, describe(o), elsewhere))
				o.Kind = "" // removed below
				continue
			}
			if len(vetoes) > 0 && m.Date <= vetoes[len(vetoes)-1].Date {
				return ds, fmt.Errorf("%s: %s %s, which the veto list does not have", m.Source, o.Symbol, describe(o))
			}
		}
	}
	for i := range meetings {
		m := &meetings[i]
		m.Outcomes = slices.DeleteFunc(m.Outcomes, func(o Outcome) bool { return o.Kind == "" })
		if len(m.Outcomes) == 0 {
			m.Outcomes = nil
		}
	}
	return ds, nil
}

// baseRecord strips a resumption or part suffix: "S/PV.3046 (Resumption 1)" -> "S/PV.3046".
func baseRecord(r string) string {
	if i := strings.IndexByte(r, ' '); i >= 0 {
		return r[:i]
	}
	return r
}
