package dhl

// Cross-checks of the yearly tables' drafts against the veto list.

import (
	"fmt"
	"slices"
	"strings"
)

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
// meeting's only draft not matched yet) and makes the meetings agree
// with the list:
//
//   - the table names no vetoer: the list's members are filled in;
//   - the table says "not adopted" or names other members: the list
//     wins. The list is the official one (A/58/47, Annex III, for
//     1946-2004, kept by the Library since); the change is returned as
//     a Discrepancy and noted on the meeting;
//   - the table has no draft for the row's meeting (record and date):
//     the vetoed draft is added to that meeting, without a tally (a
//     Discrepancy);
//   - a draft the table says was vetoed, that the list does not have,
//     and that had fewer affirmative votes than the majority (Majority)
//     was not vetoed: it failed for want of votes. It becomes "failed"
//     (a Discrepancy). A copy of a draft the list places at another
//     meeting is removed (a Discrepancy). Any other one the list lacks
//     is an error, unless its meeting is later than the list's last row.
//
// A veto row with no matching draft in the meetings of its dates is an
// error naming the row; so is a row matching two drafts, and a draft
// two rows match. meetings is changed in place.
func ApplyVetoes(meetings []Meeting, vetoes []Veto) ([]Discrepancy, error) {
	a := newVetoCheck(meetings)
	for vi := range vetoes {
		if err := a.apply(&vetoes[vi]); err != nil {
			return a.ds, err
		}
	}
	if err := a.unlisted(vetoes); err != nil {
		return a.ds, err
	}
	for i := range meetings {
		m := &meetings[i]
		m.Outcomes = slices.DeleteFunc(m.Outcomes, func(o Outcome) bool { return o.Kind == "" })
		if len(m.Outcomes) == 0 {
			m.Outcomes = nil
		}
	}
	return a.ds, nil
}

// draftRef is a draft outcome: meetings[m].Outcomes[o].
type draftRef struct{ m, o int }

// vetoCheck is ApplyVetoes' state: the meetings, their drafts by symbol,
// the drafts matched to a row of the list so far, and the discrepancies.
type vetoCheck struct {
	meetings []Meeting
	bySym    map[string][]draftRef
	matched  map[draftRef]bool
	ds       []Discrepancy
}

func newVetoCheck(meetings []Meeting) *vetoCheck {
	a := &vetoCheck{meetings: meetings, bySym: map[string][]draftRef{}, matched: map[draftRef]bool{}}
	for i := range meetings {
		for j := range meetings[i].Outcomes {
			o := &meetings[i].Outcomes[j]
			if o.Kind != KindDraft {
				continue
			}
			for _, s := range append([]string{o.Symbol}, o.Also...) {
				if s != "" {
					a.bySym[s] = append(a.bySym[s], draftRef{i, j})
				}
			}
		}
	}
	return a
}

func (a *vetoCheck) outcome(rf draftRef) *Outcome { return &a.meetings[rf.m].Outcomes[rf.o] }

// apply matches the veto row v to a draft and makes the draft agree with it.
func (a *vetoCheck) apply(v *Veto) error {
	found := a.bySymbol(v)
	if len(found) == 0 {
		found = a.byRecord(v)
	}
	if len(found) == 0 {
		found = a.addListed(v)
	}
	switch {
	case len(found) == 0:
		return fmt.Errorf("%s (%s, %s): no draft in the tables' meetings matches it", v.Source, strings.Join(v.Drafts, " "), v.Date)
	case len(found) > 1:
		return fmt.Errorf("%s (%s): matches drafts of %s and %s", v.Source, strings.Join(v.Drafts, " "), a.meetings[found[0].m].Source, a.meetings[found[1].m].Source)
	}
	rf := found[0]
	if a.matched[rf] {
		return fmt.Errorf("%s: the draft of %s matches two rows of the veto list", v.Source, a.meetings[rf.m].Source)
	}
	a.matched[rf] = true
	a.settle(v, rf)
	return nil
}

// bySymbol returns the drafts of v's dates that bear one of v's symbols.
// Of several, it returns one: early drafts known only by the record
// (1947, S/PV.206: five drafts, two vetoed) are taken by the list's rows
// in page order, the drafts not yet matched, vetoed ones first, those
// whose remark agrees first of all.
func (a *vetoCheck) bySymbol(v *Veto) []draftRef {
	var found []draftRef
	for _, d := range v.Drafts {
		for _, rf := range a.bySym[d] {
			if v.covers(&a.meetings[rf.m]) && !slices.Contains(found, rf) {
				found = append(found, rf)
			}
		}
	}
	if len(found) <= 1 {
		return found
	}
	best, bestScore := draftRef{-1, -1}, -1
	for _, rf := range found {
		if a.matched[rf] {
			continue
		}
		o := a.outcome(rf)
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
	if bestScore < 0 {
		return nil
	}
	return []draftRef{best}
}

// byRecord returns, of each meeting of v's record and dates, its only
// draft not yet matched.
func (a *vetoCheck) byRecord(v *Veto) []draftRef {
	var found []draftRef
	for i := range a.meetings {
		m := &a.meetings[i]
		if !v.covers(m) || !v.hasRecord(m) {
			continue
		}
		var drafts []draftRef
		for j := range m.Outcomes {
			if m.Outcomes[j].Kind == KindDraft && !a.matched[draftRef{i, j}] {
				drafts = append(drafts, draftRef{i, j})
			}
		}
		if len(drafts) == 1 {
			found = append(found, drafts[0])
		}
	}
	return found
}

// addListed adds v's draft to the one meeting of its record and dates,
// when there is one, and returns it. The table records no draft for the
// meeting (1971, S/PV.1606: "--"): the list's veto is added.
func (a *vetoCheck) addListed(v *Veto) []draftRef {
	var at []int
	for i := range a.meetings {
		if v.covers(&a.meetings[i]) && v.hasRecord(&a.meetings[i]) {
			at = append(at, i)
		}
	}
	if len(at) != 1 {
		return nil
	}
	m := &a.meetings[at[0]]
	o := Outcome{Kind: KindDraft, Symbol: v.Drafts[0], Also: slices.Clone(v.Drafts[1:]), Result: ResultVetoed, VetoedBy: slices.Clone(v.VetoedBy), Text: v.Text}
	if len(o.Also) == 0 {
		o.Also = nil
	}
	m.Outcomes = append(m.Outcomes, o)
	a.ds = append(a.ds, Discrepancy{Veto: v.Source, Meeting: m.Source, Symbol: o.Symbol, Table: "no such draft", List: "vetoed by " + strings.Join(v.VetoedBy, ", "),
		Rule: "the veto list (official list A/58/47) wins: the vetoed draft is added to the meeting, without a tally"})
	m.Notes = append(m.Notes, fmt.Sprintf("%s: the table has no such draft; the veto list (%s) says vetoed by %s, which is added", o.Symbol, v.Source, strings.Join(v.VetoedBy, ", ")))
	return []draftRef{{at[0], len(m.Outcomes) - 1}}
}

// settle makes the draft rf agree with its veto row v: vetoed, by v's members.
func (a *vetoCheck) settle(v *Veto, rf draftRef) {
	m := &a.meetings[rf.m]
	o := a.outcome(rf)
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
		a.ds = append(a.ds, d)
		m.Notes = append(m.Notes, fmt.Sprintf("%s: the table says %s; the veto list (%s) says %s, which is kept", sym, d.Table, v.Source, list))
		o.Result = ResultVetoed
		o.VetoedBy = slices.Clone(v.VetoedBy)
	}
	if o.Symbol == "" {
		o.Symbol = v.Drafts[0]
	}
}

// unlisted settles the drafts the table says were vetoed that no row of
// the list matched: failed when short of the majority, removed when a
// copy of a draft matched at another meeting (marked by an empty Kind),
// else an error if the meeting is not later than the list's last row.
func (a *vetoCheck) unlisted(vetoes []Veto) error {
	for i := range a.meetings {
		m := &a.meetings[i]
		for j := range m.Outcomes {
			o := &m.Outcomes[j]
			if o.Kind != KindDraft || o.Result != ResultVetoed || a.matched[draftRef{i, j}] {
				continue
			}
			if o.Tally != nil && o.Yes < Majority(yearOf(m.Date)) {
				d := Discrepancy{Meeting: m.Source, Symbol: o.Symbol, Table: describe(o), List: "no veto",
					Rule: fmt.Sprintf("%d votes in favour, short of the %d required: not a veto; read as failed", o.Yes, Majority(yearOf(m.Date)))}
				a.ds = append(a.ds, d)
				m.Notes = append(m.Notes, fmt.Sprintf("%s: the table says %s; the veto list has no such veto and the draft had %d votes in favour: failed", o.Symbol, d.Table, o.Yes))
				o.Result = ResultFailed
				o.VetoedBy = nil
				continue
			}
			if elsewhere := a.matchedElsewhere(o.Symbol, i); o.Symbol != "" && elsewhere != "" {
				// 1963, S/PV.1069: the table repeats "S/5407 vetoed by
				// USSR", the draft the list (and the table) place at
				// S/PV.1063: a misplaced copy, removed.
				a.ds = append(a.ds, Discrepancy{Meeting: m.Source, Symbol: o.Symbol, Table: describe(o), List: "vetoed at the meeting of " + elsewhere,
					Rule: "a copy of a draft the list places at another meeting: removed from this one"})
				m.Notes = append(m.Notes, fmt.Sprintf("%s: the table also lists it here as %s; the veto list places it at %s only: removed here", o.Symbol, describe(o), elsewhere))
				o.Kind = "" // removed by ApplyVetoes
				continue
			}
			if len(vetoes) > 0 && m.Date <= vetoes[len(vetoes)-1].Date {
				return fmt.Errorf("%s: %s %s, which the veto list does not have", m.Source, o.Symbol, describe(o))
			}
		}
	}
	return nil
}

// matchedElsewhere returns the source of the last meeting other than
// meetings[i] where a draft of symbol sym was matched to the list; "" if none.
func (a *vetoCheck) matchedElsewhere(sym string, i int) string {
	elsewhere := ""
	for _, rf := range a.bySym[sym] {
		if rf.m != i && a.matched[rf] {
			elsewhere = a.meetings[rf.m].Source
		}
	}
	return elsewhere
}

// covers tells whether meeting m lies within v's dates.
func (v *Veto) covers(m *Meeting) bool {
	end := v.DateEnd
	if end == "" {
		end = v.Date
	}
	return m.Date >= v.Date && m.Date <= end
}

// hasRecord tells whether m's record is one of v's (resumptions and
// parts aside).
func (v *Veto) hasRecord(m *Meeting) bool {
	for _, r := range v.Records {
		if baseRecord(r) == baseRecord(m.Record) {
			return true
		}
	}
	return false
}

// baseRecord strips a resumption or part suffix: "S/PV.3046 (Resumption 1)" -> "S/PV.3046".
func baseRecord(r string) string {
	if i := strings.IndexByte(r, ' '); i >= 0 {
		return r[:i]
	}
	return r
}
