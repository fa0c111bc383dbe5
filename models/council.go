package models

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// The Council's permanent seats (UN Charter Art. 23) and the span of years
// a term may name.
const (
	PermanentSeats = 5
	// FirstYear is the year the Council first met.
	FirstYear = 1946
	// LastYear bounds term years to something a record could hold.
	LastYear = 2999
	// EnlargedFrom is the first year of the fifteen-member Council: the
	// 1963 amendment of Arts. 23 and 27 entered into force on 31 August
	// 1965 and applied with the Council elected for 1966.
	EnlargedFrom = 1966
	// MaxSeats is the most seats the Council has had: fifteen since 1966.
	MaxSeats = 15
)

// Council is the Council's make-up in a year: how many seats, how many of
// them elected, and how many affirmative votes a decision needs.
type Council struct {
	Seats, Elected, Required int
}

// CouncilIn returns the Council of a year: 11 seats (6 elected) and 7
// votes to decide (Art. 23 and 27 as first written) until 1965; 15 seats
// (10 elected) and 9 votes from 1966. The veto rule is the same in both.
func CouncilIn(year int) Council {
	if year < EnlargedFrom {
		return Council{Seats: 11, Elected: 6, Required: 7}
	}
	return Council{Seats: 15, Elected: 10, Required: 9}
}

// CouncilOn returns the Council of the year of d.
func CouncilOn(d Date) Council { return CouncilIn(d.Year()) }

// Member is a state that sits, or has sat, on the Council.
type Member struct {
	Code string `json:"code"`
	// Name is the member's name on the date asked for, else its latest.
	Name      string `json:"name"`
	Permanent bool   `json:"permanent"`
	Terms     []Term `json:"terms"`
	// Names lists every name the member has used on the Council, oldest
	// first, each with the period it was in use.
	Names []Name `json:"names"`
}

// Name is a name a member used, from a date (nil: from its first record)
// to a date (nil: still in use).
type Name struct {
	Name string `json:"name"`
	From *Date  `json:"from"`
	To   *Date  `json:"to"`
}

// NameOn returns the name m used on date d: of its names, oldest first,
// the last one in use from d or before; before the first, the first.
func (m Member) NameOn(d Date) string {
	name := ""
	for _, n := range m.Names {
		if n.From == nil || *n.From <= d {
			name = n.Name
		}
	}
	switch {
	case name != "":
		return name
	case len(m.Names) > 0:
		return m.Names[0].Name
	}
	return m.Name
}

// On returns m as named on date d.
func (m Member) On(d Date) Member {
	m.Name = m.NameOn(d)
	return m
}

// Term is an elected member's stay on the Council, in whole calendar years,
// both ends included. Terms normally last two years; some were split and
// lasted one.
type Term struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// MemberRef is how a member is named beside a position or a vote.
type MemberRef struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Permanent bool   `json:"permanent"`
}

// RefOn returns the short form of m as named on date d.
func (m Member) RefOn(d Date) MemberRef { return m.On(d).Ref() }

// Ref returns the short form of m.
func (m Member) Ref() MemberRef {
	return MemberRef{Code: m.Code, Name: m.Name, Permanent: m.Permanent}
}

// SitsOn reports whether m holds a seat on date d: permanent members always
// do, elected members during a term.
func (m Member) SitsOn(d Date) bool {
	if m.Permanent {
		return true
	}
	y := d.Year()
	for _, t := range m.Terms {
		if t.Covers(y) {
			return true
		}
	}
	return false
}

// Covers reports whether year falls within t.
func (t Term) Covers(year int) bool { return t.Start <= year && year <= t.End }

// Period is a span of days, From to To, both included.
type Period struct{ From, To Date }

// always is every day a record can name: a permanent member's seat.
var always = Period{From: "0000-01-01", To: "9999-12-31"}

// SittingPeriods gives the days m sits, in SitsOn's sense, oldest first:
// for a permanent member every day; for an elected member its terms, whole
// calendar years, one period per run of terms without a year between.
// Asked of a record, "while the member sat" is these periods, which a
// query can compare dates with instead of reading the terms per row.
func (m Member) SittingPeriods() []Period {
	if m.Permanent {
		return []Period{always}
	}
	terms := slices.Clone(m.Terms)
	slices.SortFunc(terms, func(a, b Term) int { return a.Start - b.Start })
	var out []Period
	for i := 0; i < len(terms); {
		end := terms[i].End
		j := i + 1
		for ; j < len(terms) && terms[j].Start <= end+1; j++ {
			end = max(end, terms[j].End)
		}
		out = append(out, Period{From: yearStart(terms[i].Start), To: yearEnd(end)})
		i = j
	}
	return out
}

// yearStart and yearEnd are the first and last days of a year.
func yearStart(y int) Date { return Date(fmt.Sprintf("%04d-01-01", y)) }
func yearEnd(y int) Date   { return Date(fmt.Sprintf("%04d-12-31", y)) }

// OverlapPeriods gives the days within both a and b, each oldest first and
// not overlapping itself (as SittingPeriods gives them): the days two
// members sat together.
func OverlapPeriods(a, b []Period) []Period {
	var out []Period
	for i, j := 0, 0; i < len(a) && j < len(b); {
		from, to := max(a[i].From, b[j].From), min(a[i].To, b[j].To)
		if from <= to {
			out = append(out, Period{From: from, To: to})
		}
		if a[i].To < b[j].To {
			i++
		} else {
			j++
		}
	}
	return out
}

// Follows reports whether t and u are back to back, one starting the year
// after the other ends: UN Charter Art. 23(2) forbids that ("a retiring
// member shall not be eligible for immediate re-election").
func (t Term) Follows(u Term) bool { return t.Start == u.End+1 || u.Start == t.End+1 }

// Overlaps reports whether t and u share a year.
func (t Term) Overlaps(u Term) bool { return t.Start <= u.End && u.Start <= t.End }

var codePattern = regexp.MustCompile(`^[A-Z]{3}$`)

// NormalizeCode trims a member code and upper-cases its ASCII letters;
// codes are ISO 3166-1 alpha-3. Other letters are left as they are, to
// be refused: Go's upper case of the dotless ı is I and of the long ſ is
// S, which would take a look-alike for a member's code.
func NormalizeCode(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return s
		}
	}
	return strings.ToUpper(s)
}

// ValidCode reports whether s is written as an ISO 3166-1 alpha-3 code.
func ValidCode(s string) bool { return codePattern.MatchString(s) }

// MemberFilter narrows a list of members.
type MemberFilter struct {
	On        *Date // only those sitting that day, named as they were then
	Permanent *bool
	Cursor    string
	Limit     int
}

// Validate checks a new member's own fields.
func (m Member) Validate() error {
	var p Problems
	if !ValidCode(m.Code) {
		p.Add("code", "must be an ISO 3166-1 alpha-3 code such as RUS")
	}
	checkText(&p, "name", m.Name, true, MaxNameLen)
	if m.Permanent && len(m.Terms) > 0 {
		p.Add("terms", "a permanent member has no terms")
	}
	for i, n := range m.Names {
		checkText(&p, "names["+itoa(i)+"].name", n.Name, true, MaxNameLen)
		if i > 0 && (n.From == nil || m.Names[i-1].From == nil || *n.From <= *m.Names[i-1].From) {
			p.Add("names["+itoa(i)+"].from", "names follow each other in time, each from a date")
		}
	}
	for i, t := range m.Terms {
		t.check(&p, "terms["+itoa(i)+"]")
		for _, u := range m.Terms[:i] {
			if t.Overlaps(u) {
				p.Add("terms["+itoa(i)+"]", "overlaps another term")
			}
			if t.Follows(u) {
				p.Add("terms["+itoa(i)+"]", "follows another term at once: a retiring member is not eligible for immediate re-election (UN Charter Art. 23(2))")
			}
		}
	}
	return p.Err()
}

// ValidateTerm checks a term's own fields.
func ValidateTerm(t Term) error {
	var p Problems
	t.check(&p, "")
	return p.Err()
}

func (t Term) check(p *Problems, prefix string) {
	field := func(name string) string {
		if prefix == "" {
			return name
		}
		return prefix + "." + name
	}
	if t.Start < FirstYear || t.Start > LastYear {
		p.Add(field("start"), "must be a year from %d to %d", FirstYear, LastYear)
	}
	if t.End < t.Start {
		p.Add(field("end"), "must not be before start")
	} else if t.End-t.Start > 1 {
		p.Add(field("end"), "an elected term lasts at most two years (UN Charter Art. 23)")
	}
}

// Sitting returns the members of all that sit on date d, ordered by code.
func Sitting(all []Member, d Date) []Member {
	var out []Member
	for _, m := range all {
		if m.SitsOn(d) {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b Member) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// NamePeriods turns the dates from which each name was used, oldest
// first, into periods: each ends the day before the next begins.
func NamePeriods(names []string, from []Date) []Name {
	out := make([]Name, len(names))
	for i := range names {
		out[i] = Name{Name: names[i]}
		if from[i] != "" {
			f := from[i]
			out[i].From = &f
		}
		if i+1 < len(names) {
			to := from[i+1].AddDays(-1)
			out[i].To = &to
		}
	}
	return out
}
