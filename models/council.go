package models

import (
	"regexp"
	"slices"
	"strings"
)

// The Council's size (UN Charter Art. 23, as amended in 1965): five
// permanent members and ten elected for two-year terms.
const (
	PermanentSeats = 5
	ElectedSeats   = 10
	// RequiredVotes is the number of affirmative votes any decision needs
	// (UN Charter Art. 27(2) and (3)).
	RequiredVotes = 9
	// FirstYear is the year the Council first met.
	FirstYear = 1946
	// LastYear bounds term years to something a record could hold.
	LastYear = 2999
)

// Member is a state that sits, or has sat, on the Council.
type Member struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Permanent bool   `json:"permanent"`
	Terms     []Term `json:"terms"`
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

// Overlaps reports whether t and u share a year.
func (t Term) Overlaps(u Term) bool { return t.Start <= u.End && u.Start <= t.End }

var codePattern = regexp.MustCompile(`^[A-Z]{3}$`)

// NormalizeCode upper-cases a member code; codes are ISO 3166-1 alpha-3.
func NormalizeCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// ValidCode reports whether s is written as an ISO 3166-1 alpha-3 code.
func ValidCode(s string) bool { return codePattern.MatchString(s) }

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
	for i, t := range m.Terms {
		t.check(&p, "terms["+itoa(i)+"]")
		for _, u := range m.Terms[:i] {
			if t.Overlaps(u) {
				p.Add("terms["+itoa(i)+"]", "overlaps another term")
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
